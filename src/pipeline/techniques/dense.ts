import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { fileKey, sharedArray } from '../../learn/shared-arrays.ts';

/*
 * Dense word vectors for the technique models: each word's GloVe vector (models/embeddings), made
 * unit, taken into its 50 principal directions and made unit again, stored as Int8 (x 127). TC
 * reads the mean vectors of a span and of its context as real-valued features beside the
 * word-cluster ids, which generalise less finely; SI stage 1 can read a token's and its window's
 * (measured, not shipped: the model card's "Tried").
 * Keyed by the 32-bit hash of the lower-cased word (`ArticleView.hWord`), as the hashed word
 * clusters are, so a token's row costs one probe and no string. Written into the model folder
 * (`dense.bin`, 1.1 MB for 20,000 words) by `npm run train -- techniques`.
 */

export const DENSE_FILE = 'dense.bin';
const FORMAT = 'unspin-dense-words/1';
/** Int8 steps per unit: a unit vector's values lie in [-1, 1]. */
export const DENSE_STEPS = 127;

export class DenseWords {
  private constructor(
    readonly dims: number,
    /** Word hash per slot of the open-addressing table (load factor at most 1/2). */
    private readonly slotKeys: Uint32Array,
    /** Row + 1 per slot; 0 marks an empty slot. */
    private readonly slotRows: Int32Array,
    /** `dims` Int8 values per row: the unit vector x DENSE_STEPS. */
    readonly rows: Int8Array,
  ) {}

  get size(): number {
    return this.rows.length / this.dims;
  }

  /** Row of the word whose hash32 is `hash`, or -1 when it has no vector. */
  rowOf(hash: number): number {
    const mask = this.slotKeys.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const r = this.slotRows[slot]!;
      if (r === 0) return -1;
      if (this.slotKeys[slot] === hash) return r - 1;
    }
  }

  /** From word hashes and their unit vectors (`dims` each, in order); the first of two equal hashes wins. */
  static fromUnitRows(hashes: Uint32Array, unit: Float32Array, dims: number): DenseWords {
    const seen = new Set<number>();
    const kept = [...hashes.keys()].filter((r) => !seen.has(hashes[r]!) && seen.add(hashes[r]!));
    const rows = new Int8Array(kept.length * dims);
    kept.forEach((r, j) => {
      for (let k = 0; k < dims; k++) rows[j * dims + k] = Math.max(-DENSE_STEPS, Math.min(DENSE_STEPS, Math.round(unit[r * dims + k]! * DENSE_STEPS)));
    });
    const { slotKeys, slotRows } = table(Uint32Array.from(kept, (r) => hashes[r]!));
    return new DenseWords(dims, slotKeys, slotRows, rows);
  }

  /** A JSON header line padded to 4 bytes, the Uint32 hashes, then the Int8 rows. */
  save(path: string): void {
    const n = this.size;
    const hashes = new Uint32Array(n);
    for (let slot = 0; slot < this.slotRows.length; slot++) if (this.slotRows[slot]) hashes[this.slotRows[slot]! - 1] = this.slotKeys[slot]!;
    let header = Buffer.from(JSON.stringify({ format: FORMAT, dims: this.dims, rows: n }) + '\n');
    header = Buffer.concat([header, Buffer.alloc((4 - (header.length % 4)) % 4, 0x20)]);
    writeFileSync(path, Buffer.concat([header, Buffer.from(hashes.buffer), Buffer.from(this.rows.buffer, this.rows.byteOffset, this.rows.byteLength)]));
  }

  /**
   * Loads `dense.bin`; the threads of a batch share the table (`sharedArray`), and a thread that
   * inherits it reads only the header line, not the whole file again.
   */
  static load(path: string): DenseWords {
    const { dims: d, rows: n, at } = readHeader(path);
    const size = statSync(path).size;
    if (size !== at + 4 * n + n * d) throw new Error(`${path}: ${size} bytes, expected ${at + 4 * n + n * d} for ${n} rows of ${d}`);
    let buf: Buffer | null = null;
    const file = () => (buf ??= readFileSync(path));
    let built: ReturnType<typeof table> | null = null;
    const index = () => (built ??= table(new Uint32Array(file().buffer.slice(file().byteOffset + at, file().byteOffset + at + 4 * n))));
    const cap = capacity(n);
    const slotKeys = sharedArray(fileKey(path, 'dense-keys'), Uint32Array, cap, (out) => out.set(index().slotKeys));
    const slotRows = sharedArray(fileKey(path, 'dense-slots'), Int32Array, cap, (out) => out.set(index().slotRows));
    const rows = sharedArray(fileKey(path, 'dense-rows'), Int8Array, n * d, (out) => out.set(new Int8Array(file().buffer, file().byteOffset + at + 4 * n, n * d)));
    return new DenseWords(d, slotKeys, slotRows, rows);
  }
}

/** The JSON header line, checked, and where the arrays after it start (4-byte aligned). */
function readHeader(path: string): { dims: number; rows: number; at: number } {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(256);
    const got = readSync(fd, head, 0, head.length, 0);
    const nl = head.subarray(0, got).indexOf(0x0a);
    let meta: { format?: string; dims?: number; rows?: number } = {};
    try {
      meta = nl > 0 ? JSON.parse(head.subarray(0, nl).toString('utf8')) : {};
    } catch {
      // Not JSON: reported below as a file of another kind.
    }
    if (meta.format !== FORMAT || !Number.isInteger(meta.dims) || !Number.isInteger(meta.rows)) throw new Error(`${path}: not a dense word table (${FORMAT})`);
    return { dims: meta.dims!, rows: meta.rows!, at: nl + 1 + ((4 - ((nl + 1) % 4)) % 4) };
  } finally {
    closeSync(fd);
  }
}

const capacity = (n: number): number => {
  let cap = 1024;
  while (cap < 2 * n) cap *= 2;
  return cap;
};

function table(hashes: Uint32Array): { slotKeys: Uint32Array; slotRows: Int32Array } {
  const cap = capacity(hashes.length);
  const slotKeys = new Uint32Array(cap);
  const slotRows = new Int32Array(cap);
  hashes.forEach((h, r) => {
    let slot = h & (cap - 1);
    while (slotRows[slot] !== 0 && slotKeys[slot] !== h) slot = (slot + 1) & (cap - 1);
    if (slotRows[slot] !== 0) return;
    slotKeys[slot] = h;
    slotRows[slot] = r + 1;
  });
  return { slotKeys, slotRows };
}
