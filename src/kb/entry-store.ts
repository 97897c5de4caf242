/**
 * The KB's entries as a search reads them (`KbSearcher`): each entry's row by row id, and what
 * the re-ranker needs of it (its analysis, from the features `kb build` stored with it), both kept
 * once read; and what the KB stores for every entry alike (vector norms, word keys and names),
 * read once at start for the show rules (`mayShow`). Worker threads view the analyses in one
 * table they share (`SharedFeatureTable`) instead of each reading its own.
 */
import type Database from 'better-sqlite3';
import { isMainThread } from 'node:worker_threads';
import type { DB, Entry } from './db.ts';
import { matchText } from './db.ts';
import type { DocFreq } from './stats.ts';
import { analyseStored, type Analysed } from './features.ts';
import { EntryDigest, entryFeatures, featureReader, loadEntryNorms, SharedFeatureTable, type EntryFeatures } from './entryfeatures.ts';
import { SharedEntries } from './shared-entries.ts';

/**
 * Entries' analyses and rows kept once read: claims keep meeting the same entries. An analysis
 * is a few typed arrays (about 1.5 kB), so even the whole KB's fits in about 50 MB.
 */
const FEATURE_CACHE = 50000;
const ROW_CACHE = 1000;

export interface StoredEntry {
  doc: Analysed;
  dateYear: number | null;
}

export class EntryStore {
  /** `row`: the statement that reads an entry's row by row id (`SELECT * FROM entries WHERE rid = ?`). */
  constructor(db: DB, private readonly row: Database.Statement, private readonly df: DocFreq) {
    // Worker threads (batch, server) share one table of every entry's features; a single
    // process reads them from SQLite as claims meet them (see SharedFeatureTable).
    this.norms = loadEntryNorms(db);
    this.digest = this.norms && EntryDigest.load(db);
    if (isMainThread || db.memory) this.readFeatures = featureReader(db);
    else {
      this.shared = new SharedEntries(new SharedFeatureTable(db), df, FEATURE_CACHE, this.norms);
      // SharedEntries serves every row stored with features; one without is analysed from its text.
      this.readFeatures = () => null;
    }
  }

  /** Worker threads: entries viewed in the shared table, with only their cues and norms kept. */
  private readonly shared: SharedEntries | null = null;

  private readonly readFeatures: (rid: number) => EntryFeatures | null;
  /** Entries' vector norms as the KB stored them (`storeEntryDigest`), read once. */
  readonly norms: Float64Array | null;
  /** Entries' word keys and names as the KB stored them (`storeEntryDigest`), read once: `mayShow`. */
  readonly digest: EntryDigest | null;
  private readonly analysed = new Map<number, StoredEntry>();
  private readonly rows = new Map<number, Entry>();

  /** The entry stored under a row id. */
  entry(rid: number): Entry {
    let e = this.rows.get(rid);
    if (!e) {
      if (this.rows.size >= ROW_CACHE) this.rows.clear();
      const { rid: _rid, ...entry } = this.row.get(rid) as Entry & { rid: number };
      this.rows.set(rid, (e = entry));
    }
    return e;
  }

  /** What the re-ranker needs of an entry, from the features `kb build` stored with it. */
  analysedOf(rid: number): StoredEntry {
    const s = this.shared?.get(rid);
    if (s) return s;
    let a = this.analysed.get(rid);
    if (!a) {
      if (this.analysed.size >= FEATURE_CACHE) this.analysed.clear();
      // A row stored without features (a KB written by an older version) is analysed from its text.
      const f = this.readFeatures(rid) ?? ((e) => entryFeatures(matchText(e), e.date))(this.entry(rid));
      a = { doc: analyseStored(f, this.df, this.norms ? { all: this.norms, rid } : undefined), dateYear: f.cues.dateYear };
      this.analysed.set(rid, a);
    }
    return a;
  }

  /** Empties the rows and analyses kept (`KbSearcher.forget`); the norms, word keys and names stay. */
  forget(): void {
    this.analysed.clear();
    this.rows.clear();
  }
}
