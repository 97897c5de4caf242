/**
 * `npx tsx src/pipeline/claims/cv.ts [classWeight] [embeddingOptionsJSON|none]`: 5-fold
 * cross-validation on the training
 * ids only (never the held-out split), F1 per NCS file at thresholds around 0.5. This is how
 * the class weight in learn.ts was chosen: the weight whose F1-best threshold sits at 0.5; and
 * the word-embedding features, e.g. '{"mean":1,"max":0,"clusters":[256,1024]}'.
 */
import { DATA_DIR } from '../../learn/data.ts';
import { LinearModel, hash32 } from '../../learn/linear.ts';
import { Lexicon, readSharedLexicons } from './lexicon.ts';
import { ClaimFeaturizer } from './features.ts';
import { binaryScores } from './metrics.ts';
import { EMBEDDING_OPTIONS, HYPER, embeddingFeatures, splits } from './learn.ts';

const weight = Number(process.argv[2] ?? HYPER.classWeights[1]);
const { train, variants } = splits();
const arg = process.argv[3];
const options = arg === undefined ? EMBEDDING_OPTIONS : arg === 'none' ? null : JSON.parse(arg);
const featurizer = new ClaimFeaturizer(new Lexicon(readSharedLexicons(DATA_DIR)), HYPER.bits, true, embeddingFeatures(options));
const rows = train.map((s) => featurizer.row(s.text));
const K = 5;
const fold = train.map((s) => hash32(`cv:${s.id}`) % K);
const scores = new Float64Array(train.length);
for (let k = 0; k < K; k++) {
  const tr = train.flatMap((_, i) => (fold[i] === k ? [] : [i]));
  const m = LinearModel.train(tr.map((i) => rows[i]!), tr.map((i) => train[i]!.label), { ...HYPER, classWeights: [1, weight], labels: ['no', 'yes'] });
  train.forEach((_, i) => {
    if (fold[i] === k) scores[i] = m.prob(rows[i]!, 'yes');
  });
}
console.log(`5-fold CV on ${train.length} training sentences, check-worthy class weight ${weight}, embeddings ${JSON.stringify(options)}`);
for (const [variant, ids] of variants) {
  const idx = train.flatMap((s, i) => (ids.has(s.id) ? [i] : []));
  const f1 = (th: number) => binaryScores(idx.map((i) => scores[i]!), idx.map((i) => train[i]!.label), th).f1.toFixed(4);
  console.log(`${variant}: F1 ${[0.4, 0.45, 0.5, 0.55, 0.6].map((th) => `@${th} ${f1(th)}`).join('  ')}`);
}
