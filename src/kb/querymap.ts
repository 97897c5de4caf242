/*
 * The semantic stage's query map: a linear map, trained on the Snopes train tweets
 * (`fit-querymap.ts`), that moves a query's sentence vector toward the vectors of the entries that
 * match it. The encoder is frozen and was not trained on tweets: a tweet's vector sits apart from
 * its fact-check's claim (signatures, hashtags, a different register), and one map learns that
 * shift for every query. A query vector q becomes (q + A q) / |q + A q|; the entries' vectors are
 * left as they are, so the map needs no re-encoding of the KB. Float32, 1 MB for 512 dimensions.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const MAGIC = 0x314d5155; // "UQM1"
/** The query map's file in a model folder. */
export const QUERY_MAP_FILE = 'query-map.bin';

export class QueryMap {
  constructor(
    /** The sentence encoder whose vectors it maps (`encoder.ts`). */
    readonly encoder: string,
    readonly dims: number,
    /** A, row-major, dims × dims: the change the map adds to a query vector. */
    readonly delta: Float32Array,
  ) {
    if (delta.length !== dims * dims) throw new Error(`a query map of ${dims} dimensions needs ${dims * dims} values, got ${delta.length}`);
  }

  /** The unit vector (q + A q) / |q + A q|; a zero vector (an empty query) stays zero. */
  apply(q: Float32Array): Float32Array {
    if (q.length !== this.dims) throw new Error(`a query vector of ${q.length} dimensions for a query map of ${this.dims}`);
    const out = new Float32Array(this.dims);
    const norm = shifted(this.delta, q, out);
    if (norm > 0) for (let r = 0; r < this.dims; r++) out[r]! /= norm;
    return out;
  }

  save(path: string): void {
    const head = Buffer.from(JSON.stringify({ encoder: this.encoder, dims: this.dims }));
    const pad = (4 - ((8 + head.length) % 4)) % 4;
    const fixed = Buffer.alloc(8);
    fixed.writeUInt32LE(MAGIC, 0);
    fixed.writeUInt32LE(head.length + pad, 4);
    writeFileSync(path, Buffer.concat([fixed, head, Buffer.alloc(pad, 0x20), Buffer.from(this.delta.buffer, this.delta.byteOffset, this.delta.byteLength)]));
  }

  static load(path: string): QueryMap | null {
    if (!existsSync(path)) return null;
    const buf = readFileSync(path);
    if (buf.length < 8 || buf.readUInt32LE(0) !== MAGIC) throw new Error(`${path}: not a query-map file of this version`);
    const headLen = buf.readUInt32LE(4);
    const head = JSON.parse(buf.subarray(8, 8 + headLen).toString('utf8')) as { encoder: string; dims: number };
    const body = new Uint8Array(buf.subarray(8 + headLen)).buffer;
    if (body.byteLength !== 4 * head.dims * head.dims) throw new Error(`${path}: truncated`);
    return new QueryMap(head.encoder, head.dims, new Float32Array(body));
  }
}

/** Writes q + A q (A row-major, q.length square) into `out`; returns its length. Training shares it (`fit-querymap.ts`). */
export function shifted(delta: Float32Array, q: Float32Array, out: Float32Array): number {
  const dims = q.length;
  let norm = 0;
  for (let r = 0, o = 0; r < dims; r++, o += dims) {
    let s = q[r]!;
    for (let k = 0; k < dims; k++) s += delta[o + k]! * q[k]!;
    out[r] = s;
    norm += s * s;
  }
  return Math.sqrt(norm);
}
