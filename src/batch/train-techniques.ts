import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LabelRow } from '../io/semeval.ts';
import { scoreSI, scoreTC, type PRF } from '../io/scorer.ts';
import { DEFAULT_MODEL_DIR } from '../pipeline/registry.ts';
import { prepare, trainAndSave, trainStacked, trainTC, DECODE } from '../pipeline/techniques/learn.ts';
import { loadLexicon } from '../pipeline/techniques/lexicon.ts';
import { MODEL_FILES, classifySpans, identifySpans } from '../pipeline/techniques/model.ts';
import { readLabelStudio } from '../store/label-studio.ts';

export interface CustomTraining {
  articles: number;
  spans: number;
  skipped: number;
  folds: number;
  si: PRF | null;
  tc: PRF | null;
  out: string;
}

const pct = (x: number) => (100 * x).toFixed(1);

/**
 * Trains the technique models on corrected Label Studio annotations with the techniques
 * component's own trainer, cross-validates by article, and writes a complete model folder:
 * the new techniques/ beside copies of the bundled models of every other component, so
 * `analyze --model OUT` and `batch --model OUT` run the whole pipeline with the custom model.
 */
export function trainFromLabelStudio(file: string, out: string, opts: { folds?: number; log?: (s: string) => void } = {}): CustomTraining {
  const log = opts.log ?? (() => undefined);
  const { articles, labels, skipped } = readLabelStudio(file);
  // The bundled lexicon, so training needs no data set beyond the annotations.
  const lexicon = loadLexicon(join(DEFAULT_MODEL_DIR, 'techniques', MODEL_FILES.lexicon));
  const data = prepare(articles, labels, lexicon);
  const K = Math.min(opts.folds ?? 5, data.length);
  let si: PRF | null = null;
  let tc: PRF | null = null;
  if (K >= 2) {
    const siPred: LabelRow[] = [];
    const tcPred: LabelRow[] = [];
    for (let f = 0; f < K; f++) {
      const train = data.filter((_, i) => i % K !== f);
      // Stacked as the saved model is: stage 2 learns from an inner CV over this fold's training articles.
      const { si: siModel, si2 } = trainStacked(train);
      const tcModel = trainTC(train);
      for (const d of data.filter((_, i) => i % K === f)) {
        for (const s of identifySpans(siModel, d.view, DECODE, si2)) siPred.push({ article: d.id, start: s.start, end: s.end });
        classifySpans(tcModel, d.view, d.tc).forEach((p, k) => tcPred.push({ ...d.tc[k]!, technique: p.technique }));
      }
      log(`fold ${f + 1}/${K} done`);
    }
    si = scoreSI(labels.map(({ article, start, end }) => ({ article, start, end })), siPred);
    tc = scoreTC(labels, tcPred);
  }
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(DEFAULT_MODEL_DIR)) {
    if (name !== 'techniques' && !existsSync(join(dir, name))) cpSync(join(DEFAULT_MODEL_DIR, name), join(dir, name), { recursive: true });
  }
  trainAndSave(data, lexicon, join(dir, 'techniques'));
  const scores = si && tc
    ? [`- **SI** (official partial-credit scorer): F1 ${pct(si.f1)}, P ${pct(si.precision)}, R ${pct(si.recall)}`,
       `- **TC** (micro-F1 on the annotated spans): F1 ${pct(tc.f1)}, P ${pct(tc.precision)}, R ${pct(tc.recall)}`].join('\n')
    : '- Not cross-validated: fewer than two annotated articles.';
  writeFileSync(
    join(dir, 'techniques', 'MODEL_CARD.md'),
    `# Custom propaganda-technique model

Trained with \`unspin train techniques --from label-studio ${file}\` on ${new Date().toISOString().slice(0, 10)}:
${data.length} annotated articles, ${labels.length} technique spans (${skipped} tasks without a finished annotation were left out).
Same features and trainer as the bundled model (see its MODEL_CARD.md), stacked SI stage included
(\`si2.bin\`, trained on the out-of-fold stage-1 probabilities of a 5-fold CV inside the
annotations; none below two articles); the lexicon is the bundled one.

## Scores

Split: ${K >= 2 ? `${K}-fold cross-validation by article over the annotated articles (fold = task index mod ${K}).` : 'none.'}

${scores}

Small annotation sets give noisy scores: read them with the number of articles above.
`,
  );
  return { articles: data.length, spans: labels.length, skipped, folds: K, si, tc, out: dir };
}
