import type { DB } from './db.ts';
import { kbArray } from '../learn/shared-arrays.ts';

/*
 * Arrays that `kb build` and `kb import` derive from every entry (`refreshStats`) and keep as
 * BLOBs in the KB's meta table: one read at start each, shared by the threads of a pool.
 */

type MetaArray = Float64Array | Int32Array | Uint32Array | Uint16Array;
interface MetaArrayClass<T extends MetaArray> {
  new (b: SharedArrayBuffer): T;
  new (b: ArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
}

export function putMetaArray(db: DB, key: string, ...parts: ArrayBufferView[]): void {
  db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(key, Buffer.concat(parts.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
}

/** The meta BLOB `key` as a typed array (the first thread of a pool reads it), or null when the KB has none that fits the type. */
export function metaArray<T extends MetaArray>(db: DB, key: string, Type: MetaArrayClass<T>): T | null {
  const bytes = db.prepare('SELECT length(value) FROM meta WHERE key = ?').pluck().get(key) as number | null | undefined;
  if (typeof bytes !== 'number' || bytes % Type.BYTES_PER_ELEMENT) return null;
  const read = () => new Type(Uint8Array.from(db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as Buffer).buffer);
  return kbArray(db, key, Type, bytes / Type.BYTES_PER_ELEMENT, (out) => out.set(read()));
}
