import type { DB, Entry } from './db.ts';
import { gramKeysOf, wordKey } from './keys.ts';
import { contentWords, hasNegation, names, numbers } from './text.ts';

/*
 * What the re-ranker needs of a KB entry, computed once when the entry is stored (`kb build`,
 * `kb import`) rather than on every search: its word and character n-gram keys with their term
 * counts, and its cues. Only the IDF weights are applied at search time, because `kb import`
 * changes the document frequencies of every entry. Keeping no analysed entries in memory is what
 * keeps `analyze`'s memory flat however many entries its claims meet.
 */

/** Distinct hashed keys, ascending, with their term counts (capped at 255). */
export interface KeyCounts {
  keys: Uint32Array;
  tf: Uint8Array;
}

/** An entry's stored cues; the names mirror `Analysed`. */
export interface EntryCues {
  names: string[];
  numbers: string[];
  years: number[];
  negated: boolean;
  /** Year of the entry's date field, for the date-distance feature when its text names none. */
  dateYear: number | null;
}

export interface EntryFeatures {
  words: KeyCounts;
  grams: KeyCounts;
  cues: EntryCues;
}

export function countKeys(keys: number[]): KeyCounts {
  const sorted = new Uint32Array(keys).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) n++;
  const out = { keys: new Uint32Array(n), tf: new Uint8Array(n) };
  let j = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) out.keys[++j] = sorted[i]!;
    if (out.tf[j]! < 255) out.tf[j]!++;
  }
  return out;
}

export const yearsOf = (nums: Set<string>) => [...nums].map(Number).filter((n) => n >= 1900 && n <= 2100);

export function entryFeatures(text: string, date: string | null | undefined): EntryFeatures {
  const nums = numbers(text);
  const dateYear = date ? Number(date.slice(0, 4)) : NaN;
  const cw = contentWords(text);
  return {
    words: countKeys(cw.map(wordKey)),
    grams: countKeys(gramKeysOf(cw)),
    cues: { names: [...names(text)], numbers: [...nums], years: yearsOf(nums), negated: hasNegation(text), dateYear: Number.isFinite(dateYear) && dateYear ? dateYear : null },
  };
}

/** Keys then counts in one BLOB: 5 bytes per distinct key. */
export function encodeCounts(c: KeyCounts): Buffer {
  const buf = Buffer.alloc(c.keys.length * 5);
  Buffer.from(c.keys.buffer, c.keys.byteOffset, c.keys.byteLength).copy(buf, 0);
  Buffer.from(c.tf.buffer, c.tf.byteOffset, c.tf.byteLength).copy(buf, c.keys.length * 4);
  return buf;
}

export function decodeCounts(buf: Uint8Array): KeyCounts {
  const n = buf.length / 5;
  // A copy, so the key array starts 4-byte aligned whatever the Buffer's offset.
  const copy = new Uint8Array(buf.length);
  copy.set(buf);
  return { keys: new Uint32Array(copy.buffer, 0, n), tf: copy.subarray(n * 4) };
}

export const FEATURES_TABLE = `CREATE TABLE IF NOT EXISTS entry_features(rid INTEGER PRIMARY KEY, words BLOB NOT NULL, grams BLOB NOT NULL, cues TEXT NOT NULL)`;

export function featureWriter(db: DB): (rid: number | bigint, text: string, e: Entry) => void {
  const ins = db.prepare('INSERT OR REPLACE INTO entry_features(rid, words, grams, cues) VALUES (?, ?, ?, ?)');
  return (rid, text, e) => {
    const f = entryFeatures(text, e.date);
    ins.run(rid, encodeCounts(f.words), encodeCounts(f.grams), JSON.stringify(f.cues));
  };
}

export function featureReader(db: DB): (rid: number) => EntryFeatures | null {
  const get = db.prepare('SELECT words, grams, cues FROM entry_features WHERE rid = ?').raw();
  return (rid) => {
    const r = get.get(rid) as [Buffer, Buffer, string] | undefined;
    return r ? { words: decodeCounts(r[0]), grams: decodeCounts(r[1]), cues: JSON.parse(r[2]) as EntryCues } : null;
  };
}
