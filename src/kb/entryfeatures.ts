import type { DB, Entry } from './db.ts';
import { gramKeysOf, wordKey } from './keys.ts';
import { contentWords, hasNegation, names, numbers } from './text.ts';
import { fileKey, sharedArray } from '../learn/shared-arrays.ts';
import { metaArray, putMetaArray } from './meta-arrays.ts';

/*
 * What the re-ranker needs of a KB entry, computed once when the entry is stored (`kb build`,
 * `kb import`) rather than on every search: its word and character n-gram keys with their term
 * counts, and its cues. Only the IDF weights are applied at search time, because `kb import`
 * changes the document frequencies of every entry. Keeping no analysed entries in memory is what
 * keeps `analyze`'s memory flat however many entries its claims meet.
 */

/** The weight of a term count (1 + ln tf) in the TF-IDF vectors, for every count a key can have. */
export const TF_WEIGHT = Float64Array.from({ length: 256 }, (_, tf) => (tf ? 1 + Math.log(tf) : 0));

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

const ENTRY_NORMS = 'entry_norms';
const ENTRY_WORD_KEYS = 'entry_word_keys';
const ENTRY_NAMES = 'entry_names';

/**
 * What a search needs of every entry before it reads any entry's features, computed whenever the
 * entries or the document frequencies change (`refreshStats`), each kept in one meta blob:
 * - each entry's TF-IDF vector norms and sums (word vector, then gram vector; 4 numbers per row
 *   id, NaN where a row has no features; about 1 MB). A search takes them as they are: computing
 *   them when a claim first met an entry (an IDF look-up per key, about 270 keys an entry, in an
 *   8 MB table) was a fifth of what matching cost on articles new to the process;
 * - each entry's word keys and names (`EntryDigest`; about 1.8 and 1.0 MB), from which a search
 *   tells a candidate that cannot be shown without reading its features (`ShowRules.mayShow`, show-rules.ts).
 */
export function storeEntryDigest(db: DB, idf: Float64Array): void {
  const maxRid = (db.prepare('SELECT coalesce(max(rid), 0) FROM entry_features').pluck().get() as number);
  const norms = new Float64Array(4 * (maxRid + 1)).fill(NaN);
  // starts[r] .. starts[r + 1]: row r's word keys (none for a row without features).
  const starts = new Uint32Array(maxRid + 2);
  const keys: Uint32Array[] = [];
  // Each row's names joined by a tab, rows joined by a newline (names hold neither).
  const names: string[] = [];
  let total = 0, next = 0;
  const put = (c: KeyCounts, at: number) => {
    let norm = 0, sum = 0;
    for (let i = 0; i < c.keys.length; i++) {
      const x = TF_WEIGHT[c.tf[i]!]! * idf[c.keys[i]!]!;
      norm += x * x;
      sum += x;
    }
    norms[at] = Math.sqrt(norm) || 1;
    norms[at + 1] = sum;
  };
  for (const [rid, words, grams, cues] of db.prepare('SELECT rid, words, grams, cues FROM entry_features ORDER BY rid').raw().iterate() as Iterable<[number, Buffer, Buffer, string]>) {
    const w = decodeCounts(words);
    put(w, 4 * rid);
    put(decodeCounts(grams), 4 * rid + 2);
    for (; next <= rid; next++) {
      starts[next] = total;
      if (next < rid) names.push('');
    }
    keys.push(w.keys);
    total += w.keys.length;
    names.push((JSON.parse(cues) as EntryCues).names.join('\t'));
  }
  for (; next < starts.length; next++) starts[next] = total;
  putMetaArray(db, ENTRY_NORMS, norms);
  putMetaArray(db, ENTRY_WORD_KEYS, starts, ...keys);
  db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(ENTRY_NAMES, names.join('\n'));
}

/** Every entry's word keys (ascending) and names, by row id (`storeEntryDigest`). */
export class EntryDigest {
  private constructor(
    private readonly starts: Uint32Array,
    private readonly keys: Uint32Array,
    private readonly names: string[],
  ) {}

  static load(db: DB): EntryDigest | null {
    const names = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(ENTRY_NAMES) as string | undefined;
    const all = metaArray(db, ENTRY_WORD_KEYS, Uint32Array);
    if (!all || typeof names !== 'string') return null;
    const rows = (db.prepare('SELECT coalesce(max(rid), 0) FROM entry_features').pluck().get() as number) + 2;
    const byRow = names.split('\n');
    if (all.length < rows || all[rows - 1] !== all.length - rows || byRow.length !== rows - 1) return null;
    return new EntryDigest(all.subarray(0, rows), all.subarray(rows), byRow);
  }

  /** The row's word keys, or null for a row the digest does not know (one stored after it). */
  keysOf(rid: number): Uint32Array | null {
    if (rid < 0 || rid + 1 >= this.starts.length) return null;
    return this.keys.subarray(this.starts[rid]!, this.starts[rid + 1]!);
  }

  /** The row's names (its cues'), or null for a row the digest does not know. */
  namesOf(rid: number): string[] | null {
    const joined = this.names[rid];
    return joined === undefined ? null : joined ? joined.split('\t') : [];
  }
}

/** The norms `storeEntryDigest` wrote, by row id (4 per row), or null for a KB without them. */
export function loadEntryNorms(db: DB): Float64Array | null {
  const norms = metaArray(db, ENTRY_NORMS, Float64Array);
  return norms && norms.length % 4 === 0 ? norms : null;
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

/**
 * Every entry's keys and counts in one flat table in shared memory, for worker threads (batch,
 * server): they share one copy (about 46 MB for the full KB) instead of each caching decoded
 * entries (about 2.5 kB each, up to 60 MB per thread over a long batch). Lookups return views,
 * no copies. Cues stay in SQLite and are parsed on demand.
 */
export class SharedFeatureTable {
  /** starts[2r] / starts[2r + 1]: where entry r's word / gram keys begin; starts[2r + 2] ends its grams. */
  private readonly starts: Uint32Array;
  private readonly keys: Uint32Array;
  private readonly tf: Uint8Array;
  private readonly getCues;

  constructor(db: DB) {
    const { maxRid, total } = db.prepare('SELECT coalesce(max(rid), 0) AS maxRid, coalesce(sum(length(words)) + sum(length(grams)), 0) / 5 AS total FROM entry_features').get() as { maxRid: number; total: number };
    const nStarts = 2 * (maxRid + 1) + 1;
    // One buffer, Uint32 parts first so every view is aligned: starts, keys, then counts.
    const bytes = (nStarts + total) * 4 + total;
    const buf = sharedArray(fileKey(db.name, 'entry-features'), Uint8Array, bytes, (out) => {
      const starts = new Uint32Array(out.buffer, 0, nStarts);
      const keys = new Uint32Array(out.buffer, nStarts * 4, total);
      const tf = new Uint8Array(out.buffer, (nStarts + total) * 4, total);
      let at = 0;
      let next = 0;
      const put = (blob: Uint8Array) => {
        const n = blob.length / 5;
        for (let i = 0; i < n; i++) keys[at + i] = blob[4 * i]! | (blob[4 * i + 1]! << 8) | (blob[4 * i + 2]! << 16) | (blob[4 * i + 3]! << 24);
        tf.set(blob.subarray(4 * n), at);
        at += n;
      };
      for (const [rid, words, grams] of db.prepare('SELECT rid, words, grams FROM entry_features ORDER BY rid').raw().iterate() as Iterable<[number, Uint8Array, Uint8Array]>) {
        // Rows without features (none after a build) get empty ranges.
        for (; next < rid; next++) starts[2 * next] = starts[2 * next + 1] = at;
        starts[2 * rid] = at;
        put(words);
        starts[2 * rid + 1] = at;
        put(grams);
        next = rid + 1;
      }
      for (; next <= maxRid + 1 && 2 * next < nStarts; next++) starts[2 * next] = at;
    });
    this.starts = new Uint32Array(buf.buffer, 0, nStarts);
    this.keys = new Uint32Array(buf.buffer, nStarts * 4, total);
    this.tf = new Uint8Array(buf.buffer, (nStarts + total) * 4, total);
    this.getCues = db.prepare('SELECT cues FROM entry_features WHERE rid = ?').pluck();
  }

  /** Row ids the table spans (max rid + 1). */
  get rows(): number {
    return (this.starts.length - 1) >> 1;
  }

  /** An entry's word and gram keys with their counts: views into the shared table, no copies. */
  counts(rid: number): { words: KeyCounts; grams: KeyCounts } | null {
    if (rid < 0 || 2 * rid + 2 >= this.starts.length) return null;
    const w = this.starts[2 * rid]!, g = this.starts[2 * rid + 1]!, end = this.starts[2 * rid + 2]!;
    return {
      words: { keys: this.keys.subarray(w, g), tf: this.tf.subarray(w, g) },
      grams: { keys: this.keys.subarray(g, end), tf: this.tf.subarray(g, end) },
    };
  }

  /** An entry's cues, read from SQLite; null for a row stored without features. */
  cues(rid: number): EntryCues | null {
    const cues = this.getCues.get(rid) as string | undefined;
    return cues === undefined ? null : (JSON.parse(cues) as EntryCues);
  }

  get(rid: number): EntryFeatures | null {
    const counts = this.counts(rid);
    const cues = counts && this.cues(rid);
    return counts && cues ? { ...counts, cues } : null;
  }
}
