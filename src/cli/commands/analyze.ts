import type { Command } from 'commander';
import { DEFAULT_MAX_BYTES, UserError, parseSize, readTextInput } from '../../io/input.ts';
import { createPipeline, componentNames } from '../../pipeline/registry.ts';
import { renderTerminal } from '../render.ts';

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('Analyse one article (plain text; the first line is the title when a blank line follows it)')
    .argument('<file>', 'a text file, or - for standard input')
    .option('-f, --format <format>', 'text (highlighted terminal view) or json', 'text')
    .option('-c, --components <list>', `comma-separated components to run (${componentNames().join(',')})`)
    .option('--max-size <size>', 'largest input accepted, e.g. 5MB', String(DEFAULT_MAX_BYTES))
    .option('--model <dir>', 'folder with trained models (default: the bundled models/)')
    .option('--url <url>', 'where the article was published (sets the source profile)')
    .action(async (file: string, opts) => {
      if (opts.format !== 'text' && opts.format !== 'json') {
        throw new UserError(`unknown format "${opts.format}" (use text or json)`);
      }
      const text = readTextInput(file, parseSize(opts.maxSize));
      const pipeline = await createPipeline({
        components: opts.components?.split(',').map((s: string) => s.trim()).filter(Boolean),
        modelDir: opts.model,
      });
      const report = pipeline.analyze({ text, url: opts.url });
      if (opts.format === 'json') process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else process.stdout.write(renderTerminal(text, report, { color: process.stdout.isTTY || !!process.env.FORCE_COLOR }));
    });
}
