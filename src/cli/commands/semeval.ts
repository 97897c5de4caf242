import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { Doc } from '../../doc/doc.ts';
import { UserError } from '../../io/input.ts';
import { CodePoints, formatSI, formatTC, groupByArticle, readArticles, readLabels, rowsInCodePoints, rowsInUnits, type LabelRow } from '../../io/semeval.ts';
import { scoreSI, scoreTC } from '../../io/scorer.ts';
import { loadTechniqueModel } from '../../pipeline/techniques/model.ts';
import { DEFAULT_MODEL_DIR } from '../../pipeline/registry.ts';

function articlesOf(dir: string) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${dir}: no such folder`);
  const articles = readArticles(dir);
  if (!articles.length) throw new UserError(`${dir}: no articleID.txt files`);
  return articles;
}

const readLabelFile = (path: string): LabelRow[] => {
  if (!existsSync(path)) throw new UserError(`${path}: no such file`);
  return readLabels(path);
};

const fmt = (x: number) => x.toFixed(4);

/** The SemEval-2020 Task 11 contract: predictions in the official formats, and the official scores. */
export function registerSemeval(program: Command): void {
  const semeval = program.command('semeval').description('SemEval-2020 Task 11 formats and scorers');

  semeval
    .command('si')
    .description('print ID<TAB>start<TAB>end propaganda spans for every articleID.txt in a folder')
    .requiredOption('--articles <dir>', 'folder of articleID.txt files')
    .option('--model <dir>', 'folder with trained models', DEFAULT_MODEL_DIR)
    .action(async (opts) => {
      const articles = articlesOf(opts.articles);
      const model = await loadTechniqueModel(opts.model);
      for (const a of articles) {
        const rows = model.identify(Doc.fromText(a.text)).map((s) => ({ article: a.id, start: s.start, end: s.end }));
        process.stdout.write(formatSI(rowsInCodePoints(rows, a.text)));
      }
    });

  semeval
    .command('tc')
    .description('fill in the technique of every ID<TAB>?<TAB>start<TAB>end row of a template')
    .requiredOption('--articles <dir>', 'folder of articleID.txt files')
    .requiredOption('--template <file>', 'TC template rows')
    .option('--model <dir>', 'folder with trained models', DEFAULT_MODEL_DIR)
    .action(async (opts) => {
      const texts = new Map(articlesOf(opts.articles).map((a) => [a.id, a.text]));
      const template = readLabelFile(opts.template);
      const model = await loadTechniqueModel(opts.model);
      const labels = new Map<LabelRow, string>();
      for (const [id, rows] of groupByArticle(template)) {
        const text = texts.get(id);
        if (text === undefined) throw new UserError(`${opts.template}: article ${id} is not in ${opts.articles}`);
        // The template counts code points, as the task does; the model reads UTF-16 offsets.
        const length = new CodePoints(text).length;
        const bad = rows.find((r) => r.end > length);
        if (bad) throw new UserError(`${opts.template}: span ${bad.start}-${bad.end} is past the end of article ${id} (${length} characters)`);
        const predicted = model.classify(Doc.fromText(text), rowsInUnits(rows, new Map([[id, text]])));
        rows.forEach((r, i) => labels.set(r, predicted[i]!.technique));
      }
      process.stdout.write(formatTC(template.map((r) => ({ ...r, technique: labels.get(r)! }))));
    });

  semeval
    .command('score')
    .description('score predictions against gold labels with the official SI or TC metric')
    .argument('<task>', 'si or tc')
    .requiredOption('--gold <file>', 'gold labels')
    .requiredOption('--pred <file>', 'predicted labels')
    .action((task: string, opts) => {
      if (task !== 'si' && task !== 'tc') throw new UserError(`unknown task "${task}" (use si or tc)`);
      const gold = readLabelFile(opts.gold);
      const pred = readLabelFile(opts.pred);
      // With no gold span there is nothing to score: an empty pair of files scored F1=1.
      if (!gold.length) throw new UserError(`${opts.gold}: no gold labels, so nothing to score`);
      const tc = task === 'tc' ? scoreTC(gold, pred) : null;
      const s = tc ?? scoreSI(gold, pred);
      process.stdout.write(`F1=${fmt(s.f1)}\tP=${fmt(s.precision)}\tR=${fmt(s.recall)}\n`);
      if (tc) {
        for (const [name, t] of Object.entries(tc.perTechnique)) {
          process.stdout.write(`${name}\tF1=${fmt(t.f1)}\tP=${fmt(t.precision)}\tR=${fmt(t.recall)}\tgold=${t.gold}\tpred=${t.pred}\n`);
        }
      }
    });
}
