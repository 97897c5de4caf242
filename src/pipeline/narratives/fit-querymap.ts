/*
 * Training of the semantic stage's query map (`kb/querymap.ts`) on the Snopes train tweets: the
 * map A is fitted so that each tweet's mapped vector (q + A q) / |q + A q| ranks its gold entries
 * first, by a softmax over its gold and its nearest entries (cross-entropy over `scale` times the
 * cosines, a sharper softmax than over the cosines alone) with an L2 penalty on A, by full-batch
 * gradient descent from A = 0 (the encoder as it is). Written by hand: the gradient of one linear
 * map is a few loops, where TensorFlow.js would add two packages (tfjs-core and a backend; the
 * encoder's package bundles a trimmed copy that does not train). Deterministic: the same tweets
 * and vectors give the same map.
 *
 * Settings: of three compared by the whole stage's MAP@5 on the Snopes train tweets, each through
 * a map fitted without it (`fitQueryMapOn`), step 0.1 for 30 steps did best (0.9105; step 0.05:
 * 0.9079; step 0.2 with L2 0.1 for 60 steps: 0.9098; models/narratives/NOTES.md). Fitting further learns the
 * train tweets (MAP@5 0.99 on tweets it was fitted on), not the shift.
 */
import { QueryMap, shifted } from '../../kb/querymap.ts';

export interface MapExample {
  /** The query's unit vector from the encoder. */
  vector: Float32Array;
  /** Indices of its gold entries among the rows of `entries`. */
  gold: number[];
}

export interface MapSettings {
  /** Nearest entries (by the unmapped vector) each query's softmax runs over, besides its gold. */
  negatives: number;
  /** The softmax runs over this multiple of the cosines. */
  scale: number;
  l2: number;
  rate: number;
  epochs: number;
}

export const MAP_SETTINGS: MapSettings = { negatives: 200, scale: 20, l2: 1e-3, rate: 0.1, epochs: 30 };

/** Indices of the `n` rows of `entries` with the largest dot product with `q` (ties by index). */
export function nearestRows(entries: Float32Array, dims: number, q: Float32Array, n: number): number[] {
  const rows = entries.length / dims, score = new Float32Array(rows);
  for (let i = 0, o = 0; i < rows; i++, o += dims) {
    let s = 0;
    for (let k = 0; k < dims; k++) s += q[k]! * entries[o + k]!;
    score[i] = s;
  }
  return Array.from(score.keys()).sort((a, b) => score[b]! - score[a]! || a - b).slice(0, n);
}

/**
 * The map fitted on `examples` (those without gold rows are skipped). `entries` holds one row of
 * `dims` values per entry (`EntryVectors.sums`).
 */
export function fitQueryMap(examples: MapExample[], entries: Float32Array, dims: number, encoder: string, settings: MapSettings = MAP_SETTINGS): QueryMap {
  const { negatives, scale: t, l2, rate, epochs } = settings;
  const items = examples.filter((e) => e.gold.length).map((e) => {
    const rows = nearestRows(entries, dims, e.vector, negatives);
    for (const g of e.gold) if (!rows.includes(g)) rows.push(g);
    return { q: e.vector, gold: new Set(e.gold), rows };
  });
  const a = new Float32Array(dims * dims);
  if (!items.length) return new QueryMap(encoder, dims, a);
  const u = new Float32Array(dims), dq = new Float32Array(dims);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const grad = new Float32Array(dims * dims);
    for (const { q, gold, rows } of items) {
      // Forward: u = q + A q, the mapped unit vector m = u / |u|, scores t * (m · row).
      const norm = shifted(a, q, u);
      const scores = rows.map((j) => {
        let s = 0;
        for (let k = 0, o = j * dims; k < dims; k++) s += u[k]! * entries[o + k]!;
        return (t * s) / norm;
      });
      const top = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - top));
      const z = exp.reduce((x, y) => x + y, 0);
      // Backward: dL/dm = t * sum_j (softmax_j - target_j) row_j, target spread over the gold rows.
      dq.fill(0);
      rows.forEach((j, i) => {
        const w = t * (exp[i]! / z - (gold.has(j) ? 1 / gold.size : 0));
        for (let k = 0, o = j * dims; k < dims; k++) dq[k] += w * entries[o + k]!;
      });
      // Through the normalisation: dL/du = (dL/dm - (dL/dm · m) m) / |u|; then dL/dA = dL/du qᵀ.
      let along = 0;
      for (let k = 0; k < dims; k++) along += (dq[k]! * u[k]!) / norm;
      for (let r = 0, o = 0; r < dims; r++, o += dims) {
        const du = (dq[r]! - (along * u[r]!) / norm) / norm;
        if (du) for (let k = 0; k < dims; k++) grad[o + k] += du * q[k]!;
      }
    }
    for (let i = 0; i < a.length; i++) a[i] -= rate * (grad[i]! / items.length + l2 * a[i]!);
  }
  return new QueryMap(encoder, dims, a);
}

/**
 * Each example's vector mapped by a map fitted without it: the examples in `folds` folds (by
 * position), each fold's through the map fitted on the others. The semantic stage's weights are
 * chosen on these, as a new query would meet the map.
 */
export function crossFittedVectors(examples: MapExample[], entries: Float32Array, dims: number, encoder: string, folds = 5, settings: MapSettings = MAP_SETTINGS, onFold?: (done: number) => void): Float32Array[] {
  const out: Float32Array[] = new Array(examples.length);
  for (let f = 0; f < folds; f++) {
    const map = fitQueryMap(examples.filter((_, i) => i % folds !== f), entries, dims, encoder, settings);
    examples.forEach((e, i) => {
      if (i % folds === f) out[i] = map.apply(e.vector);
    });
    onFold?.(f + 1);
  }
  return out;
}
