import type { Command } from 'commander';
import { DEFAULT_MAX_SIZE, UserError, parseSize, readArticleInput } from '../../io/input.ts';
import { DEFAULT_MODEL_DIR } from '../../pipeline/registry.ts';
import { Doc } from '../../doc/doc.ts';
import { loadEntityTagger } from '../../pipeline/entities/model.ts';
import { tagConll } from '../../pipeline/entities/tag-conll.ts';
import { entitiesComponent } from '../../pipeline/entities/component.ts';
import { looksLikeHtml } from '../../io/html.ts';

export function registerEntities(program: Command): void {
  program
    .command('entities')
    .description('named entities: tag a CoNLL-2003 file (--conll), or list the linked entity mentions of a text as JSON lines')
    .argument('[file]', 'a text file, or - for standard input (without --conll)')
    .option('--conll <file>', 'CoNLL-2003 lines "token POS TAG" (- for standard input); prints each line with the predicted BIO tag appended')
    .option('--max-size <size>', 'largest input accepted, e.g. 5MB', DEFAULT_MAX_SIZE)
    .option('--model <dir>', 'folder with trained models', DEFAULT_MODEL_DIR)
    .option('--encoding <label>', "the file's encoding, e.g. windows-1252 (default: UTF-8)")
    .action(async (file: string | undefined, opts) => {
      if (!!file === !!opts.conll) throw new UserError('give either a text file or --conll FILE');
      const path: string = opts.conll ?? file;
      const { text } = readArticleInput(path, { maxBytes: parseSize(opts.maxSize), encoding: opts.encoding });
      // Its offsets index the text as given, so a page is refused rather than tagged as markup.
      if (!opts.conll && looksLikeHtml(path, text)) throw new UserError(`${path}: is an HTML page; \`unspin entities\` reads plain text (\`unspin analyze -c entities --format json ${path}\` reduces the page to its article and gives its entities with that text)`);
      const tagger = await loadEntityTagger(opts.model);
      // A reader that stops early (| head) is not an error.
      process.stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(0);
        throw e;
      });
      if (opts.conll) {
        process.stdout.write(tagConll(tagger, text, path));
        return;
      }
      const mentions = entitiesComponent(tagger).predict(Doc.fromText(text));
      process.stdout.write(mentions.map((m) => JSON.stringify(m) + '\n').join(''));
    });
}
