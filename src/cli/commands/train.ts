import type { Command } from 'commander';
import { UserError } from '../../io/input.ts';
import { positiveInt } from './options.ts';

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('Train a custom model from your own corrected annotations (use it with --model DIR)')
    .argument('<component>', 'the component to train: techniques')
    .requiredOption('--from <format>', 'annotation format: label-studio')
    .argument('<file>', 'the annotations, e.g. a Label Studio JSON export')
    .option('-o, --out <dir>', 'model folder to write', 'custom-model')
    .option('--folds <k>', 'cross-validation folds', '5')
    .action(async (component: string, file: string, opts) => {
      if (component !== 'techniques') throw new UserError(`cannot train "${component}" from annotations yet (only: techniques)`);
      if (opts.from !== 'label-studio') throw new UserError(`--from ${opts.from}: only label-studio is supported`);
      const { trainFromLabelStudio } = await import('../../batch/train-techniques.ts');
      const r = trainFromLabelStudio(file, opts.out, { folds: positiveInt(opts.folds, '--folds'), log: (s) => process.stderr.write(s + '\n') });
      const f = (x: { f1: number } | null) => (x ? (100 * x.f1).toFixed(1) : 'n/a');
      process.stdout.write(
        `trained on ${r.articles} articles, ${r.spans} spans (${r.skipped} unannotated tasks left out)\n` +
          (r.si && r.tc
            ? `${r.folds}-fold cross-validation: SI F1 ${f(r.si)}, TC F1 ${f(r.tc)}\n`
            : `no cross-validation: it needs 2 or more annotated articles (folds are articles)\n`) +
          `model written to ${r.out}; use it with: unspin analyze --model ${r.out} FILE\n`,
      );
    });
}
