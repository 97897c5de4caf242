/**
 * `npx tsx src/pipeline/techniques/settings-cv.ts tc|si [--folds index|hash] [--memes all|mapped] [EPOCHS/STEP ...]`:
 * a quick 5-fold CV by article on PTC train for the training settings of one model, without the
 * nested stacked stage of `npm run eval -- techniques`: TC micro-F1 on the gold spans, or SI F1 of
 * stage 1 alone at the stage-1 decode and at the best of a small grid of decodes. `--folds hash`
 * groups the articles by a hash of their id instead of the eval's index mod 5, to see whether a
 * choice rests on one split. `--memes` adds the SemEval-2021 meme texts (`memes.ts`) to every
 * fold's training articles; scores stay on PTC. The dense word vectors follow learn.ts's
 * `DENSE_USE` (UNSPIN_TECHNIQUES_DENSE_TC=0, UNSPIN_TECHNIQUES_DENSE_SI=1) and the table's
 * `DENSE_WORDS` (UNSPIN_TECHNIQUES_DENSE_WORDS=N). Settings default to the shipped ones; the model
 * card's "Tried" cites its figures (TC in 15 s a setting, SI stage 1 in about a minute).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rowsInCodePoints, type LabelRow } from '../../io/semeval.ts';
import { scoreSI, scoreTC } from '../../io/scorer.ts';
import { hash32 } from '../../learn/linear.ts';
import { loadHashedWordClusters } from '../../learn/embeddings.ts';
import { REPO_ROOT } from '../../learn/data.ts';
import { SI_TRAIN, STAGE1_DECODE, TC_TRAIN, USE_CLUSTERS, loadPTC, prepare, trainSI, trainTC } from './learn.ts';
import { readMemes } from './memes.ts';
import { classifySpans, decodeSpans, tokenClassProbs, type DecodeConfig } from './model.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { folds: { type: 'string', default: 'index' }, memes: { type: 'string' } } });
const [model, ...given] = positionals;
if ((model !== 'tc' && model !== 'si') || !['index', 'hash'].includes(values.folds!) || (values.memes !== undefined && !['all', 'mapped'].includes(values.memes))) {
  console.error('usage: settings-cv.ts tc|si [--folds index|hash] [--memes all|mapped] [EPOCHS/STEP ...]');
  process.exit(2);
}
const K = 5;
const shipped = model === 'tc' ? TC_TRAIN : SI_TRAIN;
const settings = given.length ? given.map((g) => ({ ...shipped, epochs: Number(g.split('/')[0]), lr: Number(g.split('/')[1]) })) : [shipped];
const { data, si, texts, lexicon } = loadPTC();
const extra = (() => {
  if (!values.memes) return [];
  const { articles, labels } = readMemes(values.memes as 'all' | 'mapped');
  return prepare(articles, labels, lexicon, USE_CLUSTERS ? loadHashedWordClusters(join(REPO_ROOT, 'models')) : null, data[0]?.view.dense ?? null);
})();
const fold = (id: string, i: number) => (values.folds === 'hash' ? hash32(id) % K : i % K);
const split = (f: number) => ({ train: [...data.filter((d, i) => fold(d.id, i) !== f), ...extra], test: data.filter((d, i) => fold(d.id, i) === f) });
const grid: DecodeConfig[] = [0.3, 0.35, 0.4].flatMap((threshold) => [0.05, 0.1, 0.15].flatMap((low) => [0.25, 0.3].map((lowShort) => ({ ...STAGE1_DECODE, threshold, low, lowShort }))));

for (const opts of settings) {
  const t0 = Date.now();
  let line: string;
  if (model === 'tc') {
    const pred: LabelRow[] = [];
    for (let f = 0; f < K; f++) {
      const { train, test } = split(f);
      const tc = trainTC(train, opts);
      for (const d of test) classifySpans(tc, d.view, d.tc).forEach((p, k) => pred.push({ ...d.tc[k]!, technique: p.technique }));
    }
    line = `TC micro-F1 ${(100 * scoreTC(data.flatMap((d) => d.tc), pred).f1).toFixed(2)}`;
  } else {
    const probs = new Map<string, ReturnType<typeof tokenClassProbs>>();
    for (let f = 0; f < K; f++) {
      const { train, test } = split(f);
      const tagger = trainSI(train, opts);
      for (const d of test) probs.set(d.id, tokenClassProbs(tagger, d.view));
    }
    const f1 = (cfg: DecodeConfig) => {
      const pred = data.flatMap((d) => rowsInCodePoints(decodeSpans(d.view, probs.get(d.id)!.inside, cfg, probs.get(d.id)!.longShare).map((s) => ({ article: d.id, start: s.start, end: s.end })), texts.get(d.id)!));
      return scoreSI(si, pred).f1;
    };
    const best = grid.map((cfg) => ({ cfg, f1: f1(cfg) })).reduce((a, b) => (b.f1 > a.f1 ? b : a));
    line = `stage-1 SI F1 ${(100 * f1(STAGE1_DECODE)).toFixed(2)} at the stage-1 decode, ${(100 * best.f1).toFixed(2)} at the grid's best (${best.cfg.threshold}/${best.cfg.low}/${best.cfg.lowShort})`;
  }
  console.log(`${model} ${opts.epochs}/${opts.lr}, folds by ${values.folds}${values.memes ? `, memes (${values.memes}) ${extra.length}` : ''}: ${line} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}
