/**
 * `npx tsx src/pipeline/claims/mlp-cv.ts [hidden] [mix]`: does averaging the logistic regression
 * with a small MLP over pooled word vectors (mean and max, 200 inputs) help? 5-fold CV on the
 * training ids only, same folds as cv.ts; prints F1 at 0.5 per NCS file for the LR alone, the
 * MLP alone and the mix `(1 - mix) * LR + mix * MLP`.
 */
import { DATA_DIR } from '../../learn/data.ts';
import { LinearModel, hash32, mulberry32 } from '../../learn/linear.ts';
import { Lexicon, readSharedLexicons } from './lexicon.ts';
import { ClaimFeaturizer, tokenize } from './features.ts';
import { binaryScores } from './metrics.ts';
import { HYPER, embeddingFeatures, splits } from './learn.ts';

const hidden = Number(process.argv[2] ?? 32);
const mixes = [0.2, 0.35, 0.5];
const { train, variants } = splits();
const emb = embeddingFeatures()!;
const featurizer = new ClaimFeaturizer(new Lexicon(readSharedLexicons(DATA_DIR)), HYPER.bits, true, emb);
const rows = train.map((s) => featurizer.row(s.text));
const v = emb.embeddings.vectors;
const D = v.dims * 2;
const dense = train.map((s) => {
  const x = new Float64Array(D);
  const max = new Float64Array(v.dims).fill(-Infinity);
  let n = 0;
  for (const t of tokenize(s.text)) {
    const r = v.index(t);
    if (r < 0) continue;
    v.addTo(x, r);
    v.maxInto(max, r);
    n++;
  }
  for (let k = 0; k < v.dims; k++) (x[k] = n ? x[k]! / n : 0), (x[v.dims + k] = n ? max[k]! : 0);
  return x;
});

/** One hidden ReLU layer, sigmoid output, plain SGD with momentum, class-weighted log loss. */
function trainMlp(idx: number[], seed: number) {
  const rand = mulberry32(seed);
  const W1 = Float64Array.from({ length: hidden * D }, () => (rand() - 0.5) * 2 * Math.sqrt(6 / (D + hidden)));
  const b1 = new Float64Array(hidden);
  const W2 = Float64Array.from({ length: hidden }, () => (rand() - 0.5) * 2 * Math.sqrt(6 / (hidden + 1)));
  let b2 = 0;
  const h = new Float64Array(hidden);
  const lr = 0.01;
  const forward = (x: Float64Array) => {
    let z = b2;
    for (let j = 0; j < hidden; j++) {
      let a = b1[j]!;
      for (let k = 0; k < D; k++) a += W1[j * D + k]! * x[k]!;
      h[j] = a > 0 ? a : 0;
      z += W2[j]! * h[j]!;
    }
    return 1 / (1 + Math.exp(-z));
  };
  const order = [...idx];
  for (let epoch = 0; epoch < 15; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const x = dense[i]!;
      const y = train[i]!.label;
      const p = forward(x);
      const g = (p - y) * (y ? HYPER.classWeights[1]! : 1);
      for (let j = 0; j < hidden; j++) {
        const gh = h[j]! > 0 ? g * W2[j]! : 0;
        W2[j]! -= lr * (g * h[j]! + 1e-4 * W2[j]!);
        if (gh === 0) continue;
        b1[j]! -= lr * gh;
        for (let k = 0; k < D; k++) W1[j * D + k]! -= lr * (gh * x[k]! + 1e-4 * W1[j * D + k]!);
      }
      b2 -= lr * g;
    }
  }
  return forward;
}

const K = 5;
const fold = train.map((s) => hash32(`cv:${s.id}`) % K);
const lrScores = new Float64Array(train.length);
const mlpScores = new Float64Array(train.length);
for (let k = 0; k < K; k++) {
  const tr = train.flatMap((_, i) => (fold[i] === k ? [] : [i]));
  const m = LinearModel.train(tr.map((i) => rows[i]!), tr.map((i) => train[i]!.label), { ...HYPER, labels: ['no', 'yes'] });
  const mlp = trainMlp(tr, k + 1);
  train.forEach((_, i) => {
    if (fold[i] !== k) return;
    lrScores[i] = m.prob(rows[i]!, 'yes');
    mlpScores[i] = mlp(dense[i]!);
  });
}
console.log(`5-fold CV, MLP ${D} -> ${hidden} -> 1, F1 at 0.5`);
for (const [variant, ids] of variants) {
  const idx = train.flatMap((s, i) => (ids.has(s.id) ? [i] : []));
  const f1 = (score: (i: number) => number) => binaryScores(idx.map(score), idx.map((i) => train[i]!.label), 0.5).f1.toFixed(4);
  const mixed = mixes.map((m) => `mix ${m} ${f1((i) => (1 - m) * lrScores[i]! + m * mlpScores[i]!)}`).join('  ');
  console.log(`${variant}: LR ${f1((i) => lrScores[i]!)}  MLP ${f1((i) => mlpScores[i]!)}  ${mixed}`);
}
