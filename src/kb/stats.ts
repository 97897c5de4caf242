import { getMeta, matchText, setMeta, type DB, type Entry } from './db.ts';
import { contentWords } from './text.ts';
import { DF_BITS, gramKeys, wordKey } from './keys.ts';
import { decodeCounts, storeEntryDigest } from './entryfeatures.ts';
import { fileKey, sharedArray } from '../learn/shared-arrays.ts';
import { Copies } from './copies.ts';
import { storeEntryWords } from './cover-index.ts';
import { storePostings } from './memindex.ts';

export { DF_BITS, gramKey, gramKeys, wordKey } from './keys.ts';

/*
 * Document frequencies for the re-ranker's TF-IDF cosines, hashed into a fixed table (keys.ts)
 * so they fit in one BLOB of the KB and need no vocabulary. Collisions only blur rare n-grams'
 * weights.
 */
export class DocFreq {
  /** `key`: where the table came from, so that worker threads can share its arrays (shared-arrays.ts). */
  constructor(readonly n: number, readonly df: Uint32Array, private readonly key: string | null = null) {}

  idf(key: number): number {
    return Math.log((this.n + 1) / (this.df[key]! + 1)) + 1;
  }

  private table: Float64Array | null = null;

  /** `idf` of every key, computed once: the re-ranker weighs thousands of keys per claim. */
  get idfs(): Float64Array {
    if (!this.table) {
      const fill = (t: Float64Array) => {
        for (let k = 0; k < t.length; k++) t[k] = this.idf(k);
      };
      this.table = this.key ? sharedArray(`${this.key}\u0000idf`, Float64Array, this.df.length, fill) : new Float64Array(this.df.length);
      if (!this.key) fill(this.table);
    }
    return this.table;
  }

  /** From the entries' stored keys (entry_features), or from their text where a row lacks them. */
  static compute(db: DB): DocFreq {
    const df = new Uint32Array(1 << DF_BITS);
    let n = 0;
    const seen = new Set<number>();
    const stored = db.prepare('SELECT words, grams FROM entry_features WHERE rid = ?').raw();
    for (const e of db.prepare('SELECT * FROM entries').iterate() as Iterable<Entry & { rid: number }>) {
      n++;
      seen.clear();
      const f = stored.get(e.rid) as [Buffer, Buffer] | undefined;
      if (f) {
        for (const k of decodeCounts(f[0]).keys) seen.add(k);
        for (const k of decodeCounts(f[1]).keys) seen.add(k);
      } else {
        const text = matchText(e);
        for (const w of contentWords(text)) seen.add(wordKey(w));
        for (const k of gramKeys(text)) seen.add(k);
      }
      for (const k of seen) df[k]!++;
    }
    return new DocFreq(n, df);
  }

  save(db: DB): void {
    setMeta(db, 'df_n', String(this.n));
    setMeta(db, 'df', Buffer.from(this.df.buffer, this.df.byteOffset, this.df.byteLength));
  }

  static load(db: DB): DocFreq | null {
    const buf = getMeta(db, 'df');
    if (!Buffer.isBuffer(buf)) return null;
    const key = db.memory ? null : fileKey(db.name, 'df');
    const df = key
      ? sharedArray(key, Uint32Array, buf.length / 4, (out) => new Uint8Array(out.buffer).set(buf))
      : new Uint32Array(Uint8Array.from(buf).buffer);
    return new DocFreq(Number(getMeta(db, 'df_n')), df, key);
  }
}

/**
 * Recomputes what is derived from all the entries after they changed (build, import): document
 * frequencies, each entry's norms, word keys and names (`storeEntryDigest`), the groups of
 * copies, FTS5's posting lists (`storePostings`) and the entries' statement words in one blob
 * (cover-index.ts).
 */
export function refreshStats(db: DB): void {
  db.transaction(() => {
    const df = DocFreq.compute(db);
    df.save(db);
    storeEntryDigest(db, df.idfs);
    Copies.compute(db).save(db);
    storePostings(db);
    storeEntryWords(db);
  })();
}
