import type { Command } from 'commander';
import { UserError } from '../../io/input.ts';
import { DEFAULT_MODEL_DIR } from '../../pipeline/registry.ts';
import { ClaimModel } from '../../pipeline/claims/model.ts';
import { scoreJsonl } from '../../pipeline/claims/jsonl.ts';

export function registerClaims(program: Command): void {
  program
    .command('claims')
    .description('score sentences for check-worthiness: {"id","text"} JSONL in, {"id","score"} JSONL out')
    .requiredOption('--jsonl <file>', 'one {"id": …, "text": …} object per line (- for standard input)')
    .option('--model <dir>', 'folder with trained models', DEFAULT_MODEL_DIR)
    .action(async (opts) => {
      const model = ClaimModel.load(opts.model);
      const bad = await scoreJsonl(opts.jsonl, 'score', (t) => model.score(t));
      if (bad) throw new UserError(`${bad} bad line(s); their output lines carry "error"`);
    });
}
