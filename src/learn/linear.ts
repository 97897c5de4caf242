import { readFileSync, writeFileSync } from 'node:fs';
import { fileKey, sharedArray } from './shared-arrays.ts';

/*
 * Sparse multinomial logistic regression over hashed features, in typed arrays.
 * Written by hand because the maintained npm options are dense (ml-logistic-regression,
 * libsvm-js): too slow or crashing at 100k features (measured, ../shared/STACK.md).
 */

/** FNV-1a, 32 bits: a fast, stable hash for feature strings. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A sparse feature vector: hashed indices (unique) and their values. */
export interface SparseRow {
  idx: Uint32Array;
  val: Float32Array;
}

/** Hashes feature names (optionally weighted) into a row; repeated names add up. */
export function toRow(features: Iterable<string | [string, number]>, bits: number): SparseRow {
  const mask = (1 << bits) - 1;
  const acc = new Map<number, number>();
  for (const f of features) {
    const [name, v] = typeof f === 'string' ? [f, 1] : f;
    const j = hash32(name) & mask;
    acc.set(j, (acc.get(j) ?? 0) + v);
  }
  const idx = new Uint32Array(acc.size);
  const val = new Float32Array(acc.size);
  let k = 0;
  for (const [j, v] of acc) {
    idx[k] = j;
    val[k++] = v;
  }
  return { idx, val };
}

export interface TrainOptions {
  bits: number;
  labels: string[];
  epochs?: number;
  /** Adagrad step size. */
  lr?: number;
  /** L2 penalty per update on the touched weights. */
  l2?: number;
  /** Loss weight of each class, e.g. to balance rare classes. */
  classWeights?: number[];
  seed?: number;
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

/** Small deterministic PRNG so training runs repeat exactly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class LinearModel {
  constructor(
    readonly bits: number,
    readonly labels: string[],
    /** Weights, row-major: feature j, class c at j * classes + c; each times `scale` is the real weight. */
    readonly weights: Float32Array | Int16Array,
    readonly bias: Float32Array,
    /**
     * 1 for a model being trained. A loaded model holds its weights as 16-bit integers times this
     * step: half the memory of Float32 (the two techniques models: 27 -> 14 MB per process or
     * thread) and faster, since fewer cache lines are touched. The step is the largest weight
     * over 32767, so each weight moves by at most half a step (about 1e-4 for the techniques tagger).
     */
    readonly scale = 1,
  ) {}

  get classes(): number {
    return this.labels.length;
  }

  /** Class probabilities (softmax) for one row. */
  probs(row: SparseRow): Float64Array {
    const C = this.classes;
    const z = new Float64Array(C);
    const { idx, val } = row;
    for (let k = 0; k < idx.length; k++) {
      const base = idx[k]! * C;
      const v = val[k]!;
      for (let c = 0; c < C; c++) z[c]! += this.weights[base + c]! * v;
    }
    for (let c = 0; c < C; c++) z[c] = this.bias[c]! + this.scale * z[c]!;
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, z[c]!);
    let sum = 0;
    for (let c = 0; c < C; c++) sum += z[c] = Math.exp(z[c]! - max);
    for (let c = 0; c < C; c++) z[c]! /= sum;
    return z;
  }

  /** Probability of `label` (e.g. the positive class of a binary model). */
  prob(row: SparseRow, label: string): number {
    return this.probs(row)[this.labels.indexOf(label)]!;
  }

  predict(row: SparseRow): { label: string; prob: number } {
    const p = this.probs(row);
    let best = 0;
    for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
    return { label: this.labels[best]!, prob: p[best]! };
  }

  /** Trains with Adagrad on shuffled rows; `y` holds class indices into `opts.labels`. */
  static train(rows: SparseRow[], y: ArrayLike<number>, opts: TrainOptions): LinearModel {
    const C = opts.labels.length;
    const dim = 1 << opts.bits;
    const W = new Float32Array(dim * C);
    const G = new Float32Array(dim * C);
    const b = new Float32Array(C);
    const Gb = new Float32Array(C);
    const lr = opts.lr ?? 0.1;
    const l2 = opts.l2 ?? 1e-6;
    const cw = opts.classWeights ?? new Array(C).fill(1);
    const rand = mulberry32(opts.seed ?? 1);
    const order = Array.from(rows.keys());
    const model = new LinearModel(opts.bits, opts.labels, W, b);
    const grad = new Float64Array(C);
    for (let epoch = 0; epoch < (opts.epochs ?? 10); epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      let loss = 0;
      for (const r of order) {
        const row = rows[r]!;
        const target = y[r]!;
        const p = model.probs(row);
        const w = cw[target]!;
        loss -= w * Math.log(Math.max(p[target]!, 1e-12));
        for (let c = 0; c < C; c++) grad[c] = w * (p[c]! - (c === target ? 1 : 0));
        for (let c = 0; c < C; c++) {
          Gb[c]! += grad[c]! * grad[c]!;
          b[c]! -= (lr * grad[c]!) / Math.sqrt(Gb[c]! + 1e-8);
        }
        for (let k = 0; k < row.idx.length; k++) {
          const base = row.idx[k]! * C;
          const v = row.val[k]!;
          for (let c = 0; c < C; c++) {
            const g = grad[c]! * v + l2 * W[base + c]!;
            if (g === 0) continue;
            G[base + c]! += g * g;
            W[base + c]! -= (lr * g) / Math.sqrt(G[base + c]! + 1e-8);
          }
        }
      }
      opts.onEpoch?.(epoch, loss / Math.max(1, rows.length));
    }
    return model;
  }

  /**
   * Saves only the feature rows with a weight above `prune` in magnitude:
   * a JSON header line, then Uint32 row ids, Float32 weights and the bias.
   */
  save(path: string, prune = 1e-4): void {
    const C = this.classes;
    const keep: number[] = [];
    for (let j = 0; j < this.weights.length / C; j++) {
      for (let c = 0; c < C; c++) {
        if (Math.abs(this.weights[j * C + c]!) > prune) {
          keep.push(j);
          break;
        }
      }
    }
    const ids = Uint32Array.from(keep);
    const w = new Float32Array(keep.length * C);
    keep.forEach((j, k) => {
      for (let c = 0; c < C; c++) w[k * C + c] = this.weights[j * C + c]! * this.scale;
    });
    const header = Buffer.from(JSON.stringify({ format: 'unspin-linear/1', bits: this.bits, labels: this.labels, rows: keep.length }) + '\n');
    // Pad the header so the typed arrays after it stay 4-byte aligned.
    const pad = Buffer.alloc((4 - (header.length % 4)) % 4, 0x20);
    writeFileSync(path, Buffer.concat([header, pad, Buffer.from(ids.buffer), Buffer.from(w.buffer), Buffer.from(this.bias.buffer)]));
  }

  static load(path: string): LinearModel {
    const buf = readFileSync(path);
    const nl = buf.indexOf(0x0a);
    const meta = JSON.parse(buf.subarray(0, nl).toString('utf8')) as { format: string; bits: number; labels: string[]; rows: number };
    if (meta.format !== 'unspin-linear/1') throw new Error(`${path}: not an unspin linear model`);
    const C = meta.labels.length;
    let off = nl + 1;
    off += (4 - (off % 4)) % 4;
    const data = new Uint8Array(buf.buffer, buf.byteOffset + off, buf.length - off).slice();
    const ids = new Uint32Array(data.buffer, 0, meta.rows);
    const w = new Float32Array(data.buffer, meta.rows * 4, meta.rows * C);
    const bias = new Float32Array(data.buffer, meta.rows * 4 * (1 + C), C);
    let max = 0;
    for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs(w[i]!));
    const scale = max > 0 ? max / 32767 : 1;
    const weights = sharedArray(fileKey(path, 'weights'), Int16Array, (1 << meta.bits) * C, (out) => {
      ids.forEach((j, k) => {
        for (let c = 0; c < C; c++) out[j * C + c] = Math.round(w[k * C + c]! / scale);
      });
    });
    return new LinearModel(meta.bits, meta.labels, weights, Float32Array.from(bias), scale);
  }
}
