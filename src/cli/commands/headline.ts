import type { Command } from 'commander';
import { UserError } from '../../io/input.ts';
import { DEFAULT_MODEL_DIR } from '../../pipeline/registry.ts';
import { HeadlineModel } from '../../pipeline/headline/model.ts';
import { scoreJsonl } from '../../pipeline/claims/jsonl.ts';

export function registerHeadline(program: Command): void {
  program
    .command('headline')
    .description('score headlines for clickbait: {"id","text"} JSONL in, {"id","clickbait"} JSONL out')
    .requiredOption('--jsonl <file>', 'one {"id": …, "text": …} object per line (- for standard input)')
    .option('--model <dir>', 'folder with trained models', DEFAULT_MODEL_DIR)
    .action(async (opts) => {
      const model = HeadlineModel.load(opts.model);
      const bad = await scoreJsonl(opts.jsonl, 'clickbait', (t) => model.clickbait(t));
      if (bad) throw new UserError(`${bad} bad line(s); their output lines carry "error"`);
    });
}
