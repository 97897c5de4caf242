import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { UserError } from '../io/input.ts';
import type { KeyCounts } from './entryfeatures.ts';

/*
 * Query memory: the training queries, kept as hashed word and character n-gram keys (no text),
 * under the KB entry each was judged to match. A new claim worded like a query that earlier led
 * to an entry is evidence for that entry beyond what the entry's own wording shares with it:
 * one fact-check draws many tweets, worded alike and unlike its claim. In CLEF-2020's Snopes
 * data, 64 of the 197 dev tweets have a gold entry that is also a train tweet's gold (657 of
 * 10,375 entries). This is document expansion with labelled queries, a standard IR technique:
 * the re-ranker gets the best similarity of the claim to an entry's remembered queries as
 * features (features.ts), trained leaving each query's own memory out (`leaveOwnOut`, narratives/training.ts).
 */

const FORMAT = 'unspin-query-memory/1';

/** One remembered query: its id (to leave it out while training) and its keys. */
export interface Remembered {
  query: string;
  words: KeyCounts;
  grams: KeyCounts;
}

/** Key of an entry in the memory. */
export const entryKey = (kb: string, id: string) => `${kb}\u0000${id}`;

export class QueryMemory {
  constructor(readonly byEntry: ReadonlyMap<string, readonly Remembered[]>) {}

  get size(): number {
    let n = 0;
    for (const list of this.byEntry.values()) n += list.length;
    return n;
  }

  /** What the memory holds for one entry (empty when none). */
  of(kb: string, id: string): readonly Remembered[] {
    return this.byEntry.get(entryKey(kb, id)) ?? [];
  }

  static fromQueries(items: Iterable<{ kb: string; id: string } & Remembered>): QueryMemory {
    const by = new Map<string, Remembered[]>();
    for (const { kb, id, ...r } of items) {
      const k = entryKey(kb, id);
      const list = by.get(k);
      if (list) list.push(r);
      else by.set(k, [r]);
    }
    return new QueryMemory(by);
  }

  /**
   * Binary: a JSON header line (format, and per query its entry, id and key counts), padded to
   * 4 bytes, then every query's word keys and gram keys (Uint32), then their term counts
   * (Uint8), in header order. About 1 MB for the 800 train tweets.
   */
  save(path: string): void {
    const queries: Array<[string, string, string, number, number]> = [];
    const keys: number[] = [], tf: number[] = [];
    for (const [key, list] of this.byEntry) {
      const [kb, id] = key.split('\u0000') as [string, string];
      for (const r of list) {
        queries.push([kb, id, r.query, r.words.keys.length, r.grams.keys.length]);
        for (const c of [r.words, r.grams]) {
          keys.push(...c.keys);
          tf.push(...c.tf);
        }
      }
    }
    let header = Buffer.from(JSON.stringify({ format: FORMAT, queries }) + '\n');
    header = Buffer.concat([header, Buffer.alloc((4 - (header.length % 4)) % 4, 0x20)]);
    writeFileSync(path, Buffer.concat([header, Buffer.from(Uint32Array.from(keys).buffer), Buffer.from(Uint8Array.from(tf))]));
  }

  static load(path: string): QueryMemory | null {
    if (!existsSync(path)) return null;
    const buf = readFileSync(path);
    const nl = buf.indexOf(0x0a);
    let meta: { format?: string; queries: Array<[string, string, string, number, number]> };
    try {
      meta = JSON.parse(buf.subarray(0, nl).toString('utf8'));
    } catch {
      throw new UserError(`${path}: not an unspin query-memory file`);
    }
    if (meta.format !== FORMAT) throw new UserError(`${path}: not an unspin query-memory file`);
    const start = nl + 1 + ((4 - ((nl + 1) % 4)) % 4);
    const total = meta.queries.reduce((n, q) => n + q[3] + q[4], 0);
    if (buf.length !== start + total * 5) throw new UserError(`${path}: truncated query-memory file`);
    // Copied out of the file buffer: a Uint32Array view needs an aligned offset into its own buffer.
    const keys = new Uint32Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + start + total * 4));
    const tf = new Uint8Array(buf.subarray(start + total * 4));
    let at = 0;
    const take = (n: number): KeyCounts => {
      const c = { keys: keys.subarray(at, at + n), tf: tf.subarray(at, at + n) };
      at += n;
      return c;
    };
    return QueryMemory.fromQueries(meta.queries.map(([kb, id, query, nw, ng]) => ({ kb, id, query, words: take(nw), grams: take(ng) })));
  }
}

