/*
 * Sentence vectors of KB entries (`encoder.ts`): one for the entry's claim and one for its title,
 * or one for both when they are the same text (PolitiFact's statement, an EUvsDisinfo case's
 * title). Encoding takes about 30 ms per text on one core (the 20,732 texts of the 10,375 Snopes
 * entries took 10 minutes), so `kb build` (bar: under 60 s) cannot do it: training writes them
 * once into the model folder, one file per KB (`semantic-<kb>.bin`; the query map beside them
 * is `query-map.bin`, `querymap.ts`), each vector with a hash of its entry's text, and a search
 * uses a vector only while its entry still has that text. Stored as Int8 with one Float32 scale
 * per vector (error per value at most half a step): 516 bytes a vector.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash32 } from '../learn/linear.ts';
import { quantizeRows } from '../learn/quantize.ts';
import type { Entry } from './db.ts';
import { ENCODER_DIMS, ENCODER_NAME, encode } from './encoder.ts';

const MAGIC = 0x32565355; // "USV2"
/** The file of one KB's entry vectors in a model folder. */
export const vectorsFile = (kb: string) => `semantic-${kb}.bin`;
const FILE_PATTERN = /^semantic-[\w.-]+\.bin$/;

type Texts = Pick<Entry, 'title' | 'claim'>;

/** The texts an entry is encoded by: its claim and its title, or one text when they are the same. */
export function entryTexts(e: Texts): [string] | [string, string] {
  const claim = e.claim || e.title;
  return claim === e.title ? [claim] : [claim, e.title];
}

/** Which text a stored vector was computed from. */
export const textHash = (e: Texts): number => hash32(`${e.title}\n${e.claim ?? ''}`);

export class EntryVectors {
  private readonly at = new Map<string, number>();

  constructor(
    readonly encoder: string,
    readonly keys: string[],
    readonly hashes: Uint32Array,
    /** Each entry's claim and title vector (the same index when it has one text). */
    private readonly claimAt: Uint32Array,
    private readonly titleAt: Uint32Array,
    private readonly scales: Float32Array,
    private readonly data: Int8Array,
  ) {
    keys.forEach((k, i) => this.at.set(k, i));
  }

  get size(): number {
    return this.keys.length;
  }

  private kbList: string[] | undefined;

  /** The KBs whose entries have vectors here (every search with a query vector asks). */
  get kbs(): string[] {
    return (this.kbList ??= [...new Set(this.keys.map((k) => k.slice(0, k.indexOf('\u0000'))))]);
  }

  /** The entry's index, or -1. */
  index(kb: string, id: string): number {
    return this.at.get(`${kb}\u0000${id}`) ?? -1;
  }

  /** Cosines of a unit query vector with the entry's claim and title vectors. */
  cosines(q: Float32Array, i: number): [number, number] {
    const c = this.dot(q, this.claimAt[i]!);
    return [c, this.titleAt[i] === this.claimAt[i] ? c : this.dot(q, this.titleAt[i]!)];
  }

  /**
   * The `n` entries nearest a unit query vector by the sum of their claim and title cosines,
   * among those `accept` takes; best first. One pass over the Int8 table (about 19 ms for the
   * 20,732 vectors of the 10,375 Snopes entries on one core).
   */
  nearest(q: Float32Array, n: number, accept: (i: number) => boolean): number[] {
    const score = new Float32Array(this.scales.length);
    const data = this.data, scales = this.scales, dims = ENCODER_DIMS;
    // One tight loop over the table with its arrays in locals: 2.5 times faster than a call per vector.
    for (let v = 0, o = 0; v < score.length; v++, o += dims) {
      let s0 = 0, s1 = 0;
      for (let k = 0; k < dims; k += 2) {
        s0 += q[k]! * data[o + k]!;
        s1 += q[k + 1]! * data[o + k + 1]!;
      }
      score[v] = (s0 + s1) * scales[v]!;
    }
    const best: Array<{ i: number; s: number }> = [];
    for (let i = 0; i < this.keys.length; i++) {
      const c = score[this.claimAt[i]!]!, s = c + score[this.titleAt[i]!]!;
      if (best.length === n && s <= best[n - 1]!.s) continue;
      if (!accept(i)) continue;
      best.push({ i, s });
      best.sort((a, b) => b.s - a.s);
      if (best.length > n) best.pop();
    }
    return best.map((b) => b.i);
  }

  /**
   * Each entry's claim vector plus its title vector (twice the one vector of a one-text entry),
   * dequantized: the rows of a dense entries × dims matrix, whose dot product with a query is
   * what `nearest` ranks by. For training the query map.
   */
  sums(): Float32Array {
    const dims = ENCODER_DIMS, out = new Float32Array(this.keys.length * dims);
    for (let i = 0; i < this.keys.length; i++) {
      for (const v of [this.claimAt[i]!, this.titleAt[i]!]) {
        const scale = this.scales[v]!;
        for (let k = 0; k < dims; k++) out[i * dims + k] += this.data[v * dims + k]! * scale;
      }
    }
    return out;
  }

  /** The entry's vectors, dequantized, in the order of `entryTexts` (claim, then title when it differs). */
  textVectors(i: number): Float32Array[] {
    const one = (v: number) => {
      const out = new Float32Array(ENCODER_DIMS), scale = this.scales[v]!;
      for (let k = 0; k < ENCODER_DIMS; k++) out[k] = this.data[v * ENCODER_DIMS + k]! * scale;
      return out;
    };
    return this.titleAt[i] === this.claimAt[i] ? [one(this.claimAt[i]!)] : [one(this.claimAt[i]!), one(this.titleAt[i]!)];
  }

  private dot(q: Float32Array, v: number): number {
    const o = v * ENCODER_DIMS;
    let s = 0;
    for (let k = 0; k < ENCODER_DIMS; k++) s += q[k]! * this.data[o + k]!;
    return s * this.scales[v]!;
  }

  /** Encodes the entries' texts (minutes for thousands: `entryVectorsFor` keeps them). */
  static async build(entries: Array<Pick<Entry, 'kb' | 'id'> & Texts>, onProgress?: (done: number, total: number) => void): Promise<EntryVectors> {
    const texts = entries.flatMap(entryTexts);
    return EntryVectors.fromVectors(entries, await encode(texts, (done) => onProgress?.(done, texts.length)));
  }

  /** From unit vectors, one per text of `entryTexts` in the entries' order. */
  static fromVectors(entries: Array<Pick<Entry, 'kb' | 'id'> & Texts>, vecs: Float32Array[], encoder = ENCODER_NAME): EntryVectors {
    const claimAt = new Uint32Array(entries.length), titleAt = new Uint32Array(entries.length);
    let v = 0;
    entries.forEach((e, i) => {
      claimAt[i] = v++;
      titleAt[i] = entryTexts(e).length === 2 ? v++ : claimAt[i]!;
    });
    if (vecs.length !== v) throw new Error(`${vecs.length} vectors for ${v} texts`);
    const rows = new Float32Array(v * ENCODER_DIMS);
    vecs.forEach((x, j) => rows.set(x.subarray(0, ENCODER_DIMS), j * ENCODER_DIMS));
    const { scales, data } = quantizeRows(rows, ENCODER_DIMS);
    return new EntryVectors(encoder, entries.map((e) => `${e.kb}\u0000${e.id}`), Uint32Array.from(entries, textHash), claimAt, titleAt, scales, data);
  }

  /** Several files' vectors as one (a model folder holds one file per KB). */
  static concat(parts: EntryVectors[]): EntryVectors | null {
    if (parts.length <= 1) return parts[0] ?? null;
    const encoders = new Set(parts.map((p) => p.encoder));
    if (encoders.size > 1) throw new Error(`entry vectors from different encoders: ${[...encoders].join(', ')}`);
    let base = 0;
    const claimAt: Uint32Array[] = [], titleAt: Uint32Array[] = [];
    for (const p of parts) {
      // Each part's vector indices move past the vectors of the parts before it.
      claimAt.push(p.claimAt.map((x) => x + base));
      titleAt.push(p.titleAt.map((x) => x + base));
      base += p.scales.length;
    }
    const cat = <T extends Uint32Array | Float32Array | Int8Array>(xs: T[], make: (n: number) => T): T => {
      const out = make(xs.reduce((n, x) => n + x.length, 0));
      let o = 0;
      for (const x of xs) {
        out.set(x as never, o);
        o += x.length;
      }
      return out;
    };
    return new EntryVectors(
      parts[0]!.encoder,
      parts.flatMap((p) => p.keys),
      cat(parts.map((p) => p.hashes), (n) => new Uint32Array(n)),
      cat(claimAt, (n) => new Uint32Array(n)),
      cat(titleAt, (n) => new Uint32Array(n)),
      cat(parts.map((p) => p.scales), (n) => new Float32Array(n)),
      cat(parts.map((p) => p.data), (n) => new Int8Array(n)),
    );
  }

  save(path: string): void {
    const head = Buffer.from(JSON.stringify({ encoder: this.encoder, dims: ENCODER_DIMS, vectors: this.scales.length, keys: this.keys }));
    const pad = (4 - ((8 + head.length) % 4)) % 4;
    const fixed = Buffer.alloc(8);
    fixed.writeUInt32LE(MAGIC, 0);
    fixed.writeUInt32LE(head.length + pad, 4);
    const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    writeFileSync(path, Buffer.concat([fixed, head, Buffer.alloc(pad, 0x20), bytes(this.hashes), bytes(this.claimAt), bytes(this.titleAt), bytes(this.scales), bytes(this.data)]));
  }

  static load(path: string): EntryVectors | null {
    if (!existsSync(path)) return null;
    const buf = readFileSync(path);
    if (buf.length < 8 || buf.readUInt32LE(0) !== MAGIC) throw new Error(`${path}: not an entry-vector file of this version`);
    const headLen = buf.readUInt32LE(4);
    const head = JSON.parse(buf.subarray(8, 8 + headLen).toString('utf8')) as { encoder: string; dims: number; vectors: number; keys: string[] };
    if (head.dims !== ENCODER_DIMS) throw new Error(`${path}: vectors of ${head.dims} dimensions, the encoder gives ${ENCODER_DIMS}`);
    const n = head.keys.length, v = head.vectors;
    // A copy at an aligned offset: the typed arrays below view it without copying again.
    const body = new Uint8Array(buf.subarray(8 + headLen)).buffer;
    if (body.byteLength !== 12 * n + 4 * v + v * ENCODER_DIMS) throw new Error(`${path}: truncated`);
    return new EntryVectors(
      head.encoder,
      head.keys,
      new Uint32Array(body, 0, n),
      new Uint32Array(body, 4 * n, n),
      new Uint32Array(body, 8 * n, n),
      new Float32Array(body, 12 * n, v),
      new Int8Array(body, 12 * n + 4 * v, v * ENCODER_DIMS),
    );
  }

  /** Every KB's vectors in a model folder, as one; null when it has none. */
  static loadDir(dir: string): EntryVectors | null {
    if (!existsSync(dir)) return null;
    const files = readdirSync(dir).filter((f) => FILE_PATTERN.test(f)).sort();
    return EntryVectors.concat(files.map((f) => EntryVectors.load(join(dir, f))!));
  }
}
