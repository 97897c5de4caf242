import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DF_BITS } from './keys.ts';
import type { Vec } from './features.ts';

/*
 * Learned word associations: an IBM Model 1 translation table t(query word | entry word) over
 * the hashed word keys (keys.ts), trained on pairs of texts that say the same thing in other
 * words (a fact-check's claim and its title). It lets a query word that the entry does not
 * contain still count for the entry when the entry has words that usually come with it.
 */

/** Associations kept per entry word: the table must stay small (a few MB). */
const TOP = 16;
/** Associations weaker than this are dropped. */
const MIN_T = 0.02;
const NULL = 1 << DF_BITS;

/** One source text and the target text that says the same thing, as word keys. */
export interface Pair {
  source: number[];
  target: number[];
}

/** `t(f|e)` for each source key e: its top targets with their probabilities. */
export class Associations {
  /** Row of each source key in `offsets` (-1: none). */
  private readonly row: Int32Array;

  constructor(readonly sources: Uint32Array, readonly offsets: Uint32Array, readonly targets: Uint32Array, readonly probs: Float32Array) {
    this.row = new Int32Array(1 << DF_BITS).fill(-1);
    sources.forEach((k, i) => (this.row[k] = i));
  }

  /** EM for IBM Model 1 (a NULL source word soaks up the target words nothing explains). */
  static train(pairs: Pair[], iterations = 5): Associations {
    // Words both sides share are left out: identity is what the cosines already measure, and
    // it would soak up the probability mass the other words need.
    const uniq = pairs.map((p) => {
      const e = new Set(p.source), f = new Set(p.target);
      return { e: [...e].filter((k) => !f.has(k)), f: [...f].filter((k) => !e.has(k)) };
    }).filter((p) => p.f.length);
    // t(f|e) keyed e * 2^21 + f: both fit in 21 bits (keys are 20 bits, NULL is 2^20).
    const K = 2 ** 21;
    let t = new Map<number, number>();
    for (const { e, f } of uniq) for (const ee of [...e, NULL]) for (const ff of f) t.set(ee * K + ff, 1);
    for (let it = 0; it < iterations; it++) {
      const count = new Map<number, number>();
      const total = new Map<number, number>();
      for (const { e, f } of uniq) {
        const es = [...e, NULL];
        for (const ff of f) {
          let z = 0;
          for (const ee of es) z += t.get(ee * K + ff)!;
          for (const ee of es) {
            const c = t.get(ee * K + ff)! / z;
            count.set(ee * K + ff, (count.get(ee * K + ff) ?? 0) + c);
            total.set(ee, (total.get(ee) ?? 0) + c);
          }
        }
      }
      for (const [k, c] of count) count.set(k, c / total.get(Math.floor(k / K))!);
      t = count;
    }
    const bySource = new Map<number, Array<[number, number]>>();
    for (const [k, p] of t) {
      const e = Math.floor(k / K);
      if (e === NULL || p < MIN_T) continue;
      let l = bySource.get(e);
      if (!l) bySource.set(e, (l = []));
      l.push([k % K, p]);
    }
    const sources = [...bySource.keys()].sort((a, b) => a - b);
    const offsets = new Uint32Array(sources.length + 1);
    const tg: number[] = [], pr: number[] = [];
    sources.forEach((e, i) => {
      const top = bySource.get(e)!.sort((a, b) => b[1] - a[1]).slice(0, TOP);
      for (const [f, p] of top) {
        tg.push(f);
        pr.push(p);
      }
      offsets[i + 1] = tg.length;
    });
    return new Associations(Uint32Array.from(sources), offsets, Uint32Array.from(tg), Float32Array.from(pr));
  }

  save(path: string): void {
    const head = new Uint32Array([this.sources.length, this.targets.length]);
    writeFileSync(path, Buffer.concat([head, this.sources, this.offsets, this.targets, this.probs].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
  }

  static load(path: string): Associations | null {
    if (!existsSync(path)) return null;
    const buf = readFileSync(path);
    const u32 = (off: number, n: number) => new Uint32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + 4 * n));
    const [ns, nt] = u32(0, 2) as unknown as [number, number];
    let off = 8;
    const sources = u32(off, ns);
    off += 4 * ns;
    const offsets = u32(off, ns + 1);
    off += 4 * (ns + 1);
    const targets = u32(off, nt);
    off += 4 * nt;
    const probs = new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + 4 * nt));
    return new Associations(sources, offsets, targets, probs);
  }

  /** For each target key, the sources that lead to it (CSR, built on first use). */
  private reverse: { start: Int32Array; sources: Uint32Array; probs: Float32Array } | null = null;

  private reverseIndex() {
    if (!this.reverse) {
      const n = this.targets.length;
      const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => this.targets[x]! - this.targets[y]!);
      const srcOf = new Uint32Array(n);
      for (let r = 0; r < this.sources.length; r++) for (let k = this.offsets[r]!; k < this.offsets[r + 1]!; k++) srcOf[k] = this.sources[r]!;
      const keys = new Map<number, number>();
      const sources = new Uint32Array(n), probs = new Float32Array(n);
      order.forEach((k, i) => {
        sources[i] = srcOf[k]!;
        probs[i] = this.probs[k]!;
        if (!keys.has(this.targets[k]!)) keys.set(this.targets[k]!, i);
      });
      const start = new Int32Array((1 << DF_BITS) + 1).fill(-1);
      const sortedTargets = [...keys.keys()];
      for (const t of sortedTargets) start[t] = keys.get(t)!;
      this.reverse = { start, sources, probs };
      this.runEnd = new Map(sortedTargets.map((t, i) => [t, i + 1 < sortedTargets.length ? keys.get(sortedTargets[i + 1]!)! : n]));
    }
    return this.reverse;
  }
  /** End of each target's run in `reverse`: the next target's start, or the end. */
  private runEnd = new Map<number, number>();

  /** Entry words with an association ending in a word of the query being scored: one bit each. */
  private readonly marked = new Uint32Array((1 << DF_BITS) >>> 5);
  private markedWords: number[] = [];
  /** One bit per word of the query being scored. */
  private readonly queryBits = new Uint32Array((1 << DF_BITS) >>> 5);
  private queryKeys: Uint32Array = new Uint32Array(0);
  /** Strongest association found for each query word, for the candidate being scored. */
  private best = new Float64Array(64);

  /**
   * Readies `soft` for one query's candidates: marks the entry words that lead to a query
   * word, so that a candidate's other words (most of them) cost one bit test each.
   */
  prepare(q: Vec): void {
    const rev = this.reverseIndex();
    for (const e of this.markedWords) this.marked[e >>> 5] = 0;
    for (const f of this.queryKeys) this.queryBits[f >>> 5] = 0;
    this.markedWords = [];
    this.queryKeys = q.keys;
    for (const f of q.keys) this.queryBits[f >>> 5]! |= 1 << (f & 31);
    if (this.best.length < q.keys.length) this.best = new Float64Array(q.keys.length * 2);
    for (let i = 0; i < q.keys.length; i++) {
      const f = q.keys[i]!;
      const from = rev.start[f]!;
      if (from < 0) continue;
      const to = this.runEnd.get(f)!;
      for (let k = from; k < to; k++) {
        const e = rev.sources[k]!;
        this.marked[e >>> 5]! |= 1 << (e & 31);
        this.markedWords.push(e);
      }
    }
  }

  /**
   * How well the entry's words explain the query's words it does not contain (after `prepare`
   * with the query): the IDF-weighted sum over those query words of the strongest association
   * t(q|d) of any entry word d, over the IDF weight of all query words.
   */
  soft(q: Vec, d: Vec, idf: Float64Array): number {
    if (!q.sum || !this.markedWords.length) return 0;
    const best = this.best, qk = this.queryKeys;
    let any = false;
    for (let j = 0; j < d.keys.length; j++) {
      const k = d.keys[j]!;
      if (!(this.marked[k >>> 5]! & (1 << (k & 31)))) continue;
      const r = this.row[k]!;
      if (r < 0) continue;
      for (let m = this.offsets[r]!; m < this.offsets[r + 1]!; m++) {
        const t = this.targets[m]!;
        if (!(this.queryBits[t >>> 5]! & (1 << (t & 31)))) continue;
        const i = indexOf(qk, t);
        const p = this.probs[m]!;
        // Query words the entry contains are counted by the cosines already.
        if (i >= 0 && p > best[i]! && !contains(d.keys, qk[i]!)) {
          best[i] = p;
          any = true;
        }
      }
    }
    if (!any) return 0;
    let s = 0;
    for (let i = 0; i < qk.length; i++) {
      if (best[i]) s += idf[qk[i]!]! * Math.min(1, best[i]!);
      best[i] = 0;
    }
    return s / q.sum;
  }
}

/** Position of `k` in ascending keys, or -1 (binary search). */
function indexOf(keys: Uint32Array, k: number): number {
  let lo = 0, hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = keys[mid]!;
    if (v === k) return mid;
    if (v < k) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const contains = (keys: Uint32Array, k: number): boolean => indexOf(keys, k) >= 0;
