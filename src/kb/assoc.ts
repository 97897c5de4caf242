import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DF_BITS, indexOfKey } from './keys.ts';
import type { Vec } from './features.ts';
import { fileKey, sharedArray } from '../learn/shared-arrays.ts';

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
  /** For each target key, the sources that lead to it: `span[2f] .. span[2f + 1]` of `sources`/`probs`. */
  private readonly reverse: { span: Int32Array; sources: Uint32Array; probs: Float32Array };

  /**
   * `file`, when the table was loaded from one, lets the threads of a batch share the look-up
   * arrays (12 MB, mostly indexed by key) instead of each building its own.
   */
  constructor(readonly sources: Uint32Array, readonly offsets: Uint32Array, readonly targets: Uint32Array, readonly probs: Float32Array, file?: string) {
    const shared = <T extends Int32Array | Uint32Array | Float32Array>(part: string, Type: { new (b: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number }, length: number, fill: (out: T) => void): T =>
      file ? sharedArray(fileKey(file, part), Type, length, fill) : (() => {
        const out = new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT));
        fill(out);
        return out;
      })();
    this.row = shared('assoc-row', Int32Array, 1 << DF_BITS, (out) => {
      out.fill(-1);
      sources.forEach((k, i) => (out[k] = i));
    });
    let built: ReturnType<typeof reverseIndex> | null = null;
    const index = () => (built ??= reverseIndex(sources, offsets, targets, probs));
    this.reverse = {
      span: shared('assoc-span', Int32Array, 2 << DF_BITS, (out) => out.set(index().span)),
      sources: shared('assoc-reverse-sources', Uint32Array, targets.length, (out) => out.set(index().sources)),
      probs: shared('assoc-reverse-probs', Float32Array, targets.length, (out) => out.set(index().probs)),
    };
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
    return new Associations(sources, offsets, targets, probs, path);
  }

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
    const rev = this.reverse;
    for (const e of this.markedWords) this.marked[e >>> 5] = 0;
    for (const f of this.queryKeys) this.queryBits[f >>> 5] = 0;
    this.markedWords = [];
    this.queryKeys = q.keys;
    for (const f of q.keys) this.queryBits[f >>> 5]! |= 1 << (f & 31);
    if (this.best.length < q.keys.length) this.best = new Float64Array(q.keys.length * 2);
    for (let i = 0; i < q.keys.length; i++) {
      const f = q.keys[i]!;
      for (let k = rev.span[2 * f]!, to = rev.span[2 * f + 1]!; k < to; k++) {
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
        const i = indexOfKey(qk, t);
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

const contains = (keys: Uint32Array, k: number): boolean => indexOfKey(keys, k) >= 0;

/** For each target key, the sources that lead to it and their probabilities (CSR by target). */
function reverseIndex(sources: Uint32Array, offsets: Uint32Array, targets: Uint32Array, probs: Float32Array) {
  const n = targets.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => targets[x]! - targets[y]!);
  const srcOf = new Uint32Array(n);
  for (let r = 0; r < sources.length; r++) for (let k = offsets[r]!; k < offsets[r + 1]!; k++) srcOf[k] = sources[r]!;
  const span = new Int32Array(2 << DF_BITS);
  const revSources = new Uint32Array(n), revProbs = new Float32Array(n);
  order.forEach((k, i) => {
    revSources[i] = srcOf[k]!;
    revProbs[i] = probs[k]!;
    const t = targets[k]!;
    if (i === 0 || targets[order[i - 1]!] !== t) span[2 * t] = i;
    span[2 * t + 1] = i + 1;
  });
  return { span, sources: revSources, probs: revProbs };
}
