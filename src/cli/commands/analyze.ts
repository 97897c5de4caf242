import type { Command } from 'commander';
import { DEFAULT_MAX_SIZE, UserError, parseSize, readArticleInput } from '../../io/input.ts';
import { createPipeline, componentNames } from '../../pipeline/registry.ts';
import { toReport } from '../../report/build.ts';
import { renderTerminal } from '../render.ts';
import { extractArticle, looksLikeHtml } from '../../io/html.ts';

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('Analyse one article: plain text (the first line that is not blank is the title when a blank line follows it) or an HTML page, whose article text is extracted')
    .argument('<file>', 'a text file, or - for standard input')
    .option('-f, --format <format>', 'text (highlighted terminal view) or json', 'text')
    .option('-c, --components <list>', `comma-separated components to run (${componentNames().join(',')})`)
    .option('--max-size <size>', 'largest input accepted, e.g. 5MB', DEFAULT_MAX_SIZE)
    .option('--model <dir>', 'folder with trained models (default: the bundled models/)')
    .option('--url <url>', 'where the article was published (sets the source profile)')
    .option('--html', 'read the input as HTML even without an .html name or a doctype (a fragment)')
    .option('--encoding <label>', "the file's encoding, e.g. windows-1252 (default: UTF-8, or the charset an HTML page declares when its bytes are not UTF-8)")
    .action(async (file: string, opts) => {
      if (opts.format !== 'text' && opts.format !== 'json') {
        throw new UserError(`unknown format "${opts.format}" (use text or json)`);
      }
      const { text: input, encoding } = readArticleInput(file, { maxBytes: parseSize(opts.maxSize), encoding: opts.encoding });
      if (!opts.encoding && encoding !== 'utf-8' && !encoding.startsWith('utf-16')) process.stderr.write(`unspin: read as ${encoding}, the charset the page declares (its bytes are not UTF-8)\n`);
      // A page goes through the same extraction as the API's `html` field and batch's .html files:
      // its tags and scripts are no article text, and were highlighted as such when read as text.
      const page = opts.html || looksLikeHtml(file, input) ? extractArticle(input) : null;
      const text = page ? page.text : input;
      if (page) process.stderr.write(`unspin: read as HTML: the article's text (${text.length} characters) is analysed, and offsets index it (--format json gives it as "text")\n`);
      const components: string[] | undefined = opts.components?.split(',').map((s: string) => s.trim()).filter(Boolean);
      if (components && !components.length) throw new UserError(`--components names no component (use some of ${componentNames().join(',')})`);
      const pipeline = await createPipeline({ components, modelDir: opts.model });
      const doc = pipeline.run(pipeline.makeDoc({ text, title: page?.title, url: opts.url, outlet: page?.outlet, date: page?.date }));
      const report = toReport(doc);
      // The analysed text goes with the report, as the API's /v1/analyze gives it: offsets index
      // it, and it is not always the file's bytes (an extracted page, a byte-order mark dropped).
      if (opts.format === 'json') process.stdout.write(JSON.stringify({ ...report, text: doc.text }, null, 2) + '\n');
      else process.stdout.write(renderTerminal(doc.text, report, { color: process.stdout.isTTY || !!process.env.FORCE_COLOR }));
    });
}
