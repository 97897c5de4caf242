/*
 * A bag-of-words student of the sentence encoder (`encoder.ts`): one vector per word key (the
 * hashed stems of `wordKey`, the keys of every TF-IDF vector here), so that a text's vector is
 * the TF-IDF-weighted sum of its words' vectors, made unit. Fitted by
 * `src/pipeline/narratives/fit-wordvectors.ts` to the encoder's vectors of catalogue and news
 * texts, in the encoder's 128 principal directions (`STUDENT_DIMS`). It costs a thousand or two
 * multiply-adds per text, where the encoder costs 30-70 ms, so reports get some of its sense of
 * meaning ("the West is getting its citizens ready for a war" near "preparing its population for
 * war") as a re-ranker feature (`dsem` in features.ts).
 * models/narratives/NOTES.md, "A bag-of-words student of the sentence encoder".
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { indexOfKey } from './keys.ts';
import { TF_WEIGHT } from './entryfeatures.ts';
import { fileKey, sharedArray } from '../learn/shared-arrays.ts';
import { quantizeRows } from '../learn/quantize.ts';

export const WORD_VECTORS_FILE = 'word-vectors.bin';
const MAGIC = 0x31565757; // "WWV1"

/** A text's words as the vectors read them: keys ascending, with term counts (a TF-IDF `Vec`'s first half). */
export interface WordCounts {
  keys: Uint32Array;
  tf: Uint8Array;
}

export class WordVectors {
  constructor(
    readonly dims: number,
    /** Word keys, ascending. */
    readonly keys: Uint32Array,
    /** One scale per word: its values are `data[i * dims + k] * scales[i]`. */
    private readonly scales: Float32Array,
    private readonly data: Int8Array,
  ) {}

  get size(): number {
    return this.keys.length;
  }

  /**
   * The unit vector of a text from its word counts, each word weighted by (1 + ln tf) * idf as
   * the TF-IDF cosines weigh it; null when no word has a vector.
   */
  embed(c: WordCounts, idf: Float64Array): Float32Array | null {
    const dims = this.dims, out = new Float32Array(dims);
    let any = false;
    for (let j = 0; j < c.keys.length; j++) {
      const i = indexOfKey(this.keys, c.keys[j]!);
      if (i < 0) continue;
      any = true;
      const w = TF_WEIGHT[c.tf[j]!]! * idf[c.keys[j]!]! * this.scales[i]!;
      const o = i * dims;
      for (let k = 0; k < dims; k++) out[k]! += w * this.data[o + k]!;
    }
    if (!any) return null;
    let n = 0;
    for (let k = 0; k < dims; k++) n += out[k]! * out[k]!;
    if (!n) return null;
    const s = 1 / Math.sqrt(n);
    for (let k = 0; k < dims; k++) out[k]! *= s;
    return out;
  }

  /** Quantizes float rows (one per key, `dims` each) to Int8 with a scale per row. */
  static fromFloats(dims: number, keys: Uint32Array, rows: Float32Array): WordVectors {
    const { scales, data } = quantizeRows(rows, dims);
    return new WordVectors(dims, keys, scales, data);
  }

  save(path: string): void {
    const head = new Uint32Array([MAGIC, this.dims, this.keys.length]);
    writeFileSync(path, Buffer.concat([Buffer.from(head.buffer), Buffer.from(this.keys.buffer, this.keys.byteOffset, this.keys.byteLength), Buffer.from(this.scales.buffer, this.scales.byteOffset, this.scales.byteLength), Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength)]));
  }

  /** The vectors in `path`, or null when there is no such file (a model trained without them). Threads of a pool share the arrays. */
  static load(path: string): WordVectors | null {
    if (!existsSync(path)) return null;
    // The header alone, then the 2 MB body only in a thread that builds the arrays: a pool's
    // later threads inherit them and never read the file.
    const head = new Uint32Array(3);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 12, 0);
    } finally {
      closeSync(fd);
    }
    if (head[0] !== MAGIC) throw new Error(`${path}: not a word-vectors file`);
    const dims = head[1]!, n = head[2]!;
    let body: Buffer | null = null;
    const part = <T extends Uint32Array | Float32Array | Int8Array>(name: string, Type: { new (b: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number }, off: number, len: number) =>
      sharedArray(fileKey(path, `word-vectors-${name}`), Type, len, (out) => new Uint8Array(out.buffer).set((body ??= readFileSync(path)).subarray(off, off + len * Type.BYTES_PER_ELEMENT)));
    const keys = part('keys', Uint32Array, 12, n);
    const scales = part('scales', Float32Array, 12 + 4 * n, n);
    const data = part('data', Int8Array, 12 + 8 * n, n * dims);
    return new WordVectors(dims, keys, scales, data);
  }
}
