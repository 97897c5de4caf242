import { statSync } from 'node:fs';
import { isMainThread, workerData } from 'node:worker_threads';

/*
 * Model arrays that the worker threads of one pool share instead of each holding a copy. The
 * first thread builds them in SharedArrayBuffers and hands them to the pool with its `ready`
 * message; the pool passes them to every later thread in `workerData.sharedArrays`. With every
 * component that is about 30 MB less per extra thread. Outside a pool the arrays are built as
 * usual (a SharedArrayBuffer costs the same as an ArrayBuffer).
 */

type TypedArray = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
interface TypedArrayClass<T extends TypedArray> {
  new (buffer: SharedArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
}

export type SharedArrays = Record<string, SharedArrayBuffer>;

const inherited: SharedArrays = (!isMainThread && (workerData as { sharedArrays?: SharedArrays } | null)?.sharedArrays) || {};
const built: SharedArrays = {};

/** A key for arrays derived from `file`: a retrained model gets a new key, so threads never mix versions. */
export function fileKey(file: string, part: string): string {
  const s = statSync(file);
  return `${file}\u0000${s.size}\u0000${s.mtimeMs}\u0000${part}`;
}

/**
 * The array for `key`: inherited from the pool's first thread when it built one, else built here
 * by `fill`. `length` may be a function when finding it costs work: an inherited array is then
 * taken without calling it (its key must then name everything the array is made from).
 */
export function sharedArray<T extends TypedArray>(key: string, Type: TypedArrayClass<T>, length: number | (() => number), fill: (out: T) => void): T {
  const from = inherited[key];
  if (from && (typeof length === 'function' || from.byteLength === length * Type.BYTES_PER_ELEMENT)) return new Type(from);
  const bytes = (typeof length === 'function' ? length() : length) * Type.BYTES_PER_ELEMENT;
  const out = new Type(new SharedArrayBuffer(bytes));
  fill(out);
  built[key] = out.buffer as SharedArrayBuffer;
  return out;
}

/** `sharedArray` for arrays derived from a KB file; for an in-memory KB (tests), built here. */
export function kbArray<T extends TypedArray>(db: { name: string; memory: boolean }, part: string, Type: TypedArrayClass<T>, length: number | (() => number), fill: (out: T) => void): T {
  if (!db.memory) return sharedArray(fileKey(db.name, part), Type, length, fill);
  const out = new Type(new SharedArrayBuffer((typeof length === 'function' ? length() : length) * Type.BYTES_PER_ELEMENT));
  fill(out);
  return out;
}

/** Every array this thread built or inherited, for the pool to hand to the next thread. */
export const sharedArraysOfThisThread = (): SharedArrays => ({ ...inherited, ...built });
