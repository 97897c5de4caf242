import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../io/input.ts';
import { FEATURES_TABLE, featureWriter } from './entryfeatures.ts';
import { otherForms } from './text.ts';

export type DB = Database.Database;

/** One catalogued item: a fact-checked claim, a disinformation case, a rated statement. */
export interface Entry {
  kb: string;
  id: string;
  title: string;
  claim?: string | null;
  summary?: string | null;
  disproof?: string | null;
  verdict?: string | null;
  narrative?: string | null;
  speaker?: string | null;
  url?: string | null;
  date?: string | null;
  outlets?: string | null;
  languages?: string | null;
  keywords?: string | null;
}

/** One provider's label for one domain; providers disagree, so each keeps its own row. */
export interface SourceLabel {
  domain: string;
  provider: string;
  factuality?: string | null;
  bias?: string | null;
  reliability?: string | null;
}

/** 2: entries carry precomputed re-ranker features (entry_features). 3: the groups of copies are recorded (meta `copies`, `copies.ts`).
 * 4: clipped words and compounds are read in one form (`words`, `otherForms` in `text.ts`), in the features and the FTS index.
 * 5: so are transliterations of Ukrainian places ("Kiev" / "Kyiv"), in names too.
 * 6: FTS5's posting lists are copied into a table of their own (`postings`, `memindex.ts`).
 * 7: and, instead, into meta BLOBs, with each entry's norms, word keys and names (`storeEntryDigest`).
 * 8: countries and groups named several ways are read in one form ("US" / "United States" / "American" -> "usa"; `ALIASES` in `text.ts`). */
export const SCHEMA_VERSION = '8';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS entries(
  rid INTEGER PRIMARY KEY,
  kb TEXT NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL,
  claim TEXT, summary TEXT, disproof TEXT, verdict TEXT, narrative TEXT, speaker TEXT,
  url TEXT, date TEXT, outlets TEXT, languages TEXT, keywords TEXT,
  UNIQUE(kb, id));
CREATE VIRTUAL TABLE IF NOT EXISTS entries_fts USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS sources(
  domain TEXT NOT NULL, provider TEXT NOT NULL, factuality TEXT, bias TEXT, reliability TEXT,
  PRIMARY KEY(domain, provider));
${FEATURES_TABLE};
`;

export function openKb(path: string, opts: { create?: boolean; readonly?: boolean } = {}): DB {
  if (opts.create) mkdirSync(dirname(path), { recursive: true });
  let db: DB;
  try {
    db = new Database(path, { readonly: !!opts.readonly, fileMustExist: !opts.create });
  } catch (e) {
    throw new UserError(`cannot open knowledge base ${path}: ${(e as Error).message}`);
  }
  checkIsKb(db, path, !!opts.create);
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA);
    // A new file gets this version's stamp; an existing one keeps the stamp it was built with.
    db.prepare("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);
  }
  return db;
}

/**
 * Refuses a file that is not a knowledge base before anything reads or writes it: every command
 * calls its database `--db`, and a results database or some other file given to `kb build` or
 * `kb import` was overwritten or had the KB's tables added to it. An empty database is a new KB
 * when one is being made.
 */
function checkIsKb(db: DB, path: string, creating: boolean): void {
  let tables: string[];
  try {
    tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  } catch (e) {
    db.close();
    throw new UserError(`${path} is not an unspin knowledge base (${(e as Error).message})`);
  }
  if (!tables.length && creating) return;
  if (!tables.includes('meta') || !tables.includes('entries')) {
    db.close();
    const what = tables.length ? `its tables are ${tables.slice(0, 4).join(', ')}${tables.length > 4 ? ', …' : ''}` : 'it is empty';
    throw new UserError(`${path} is not an unspin knowledge base (${what}); give another file, or build one with \`unspin kb build\``);
  }
}

/** The text that BM25 and the re-ranker match a claim against. */
export function matchText(e: Entry): string {
  return distinctParts([e.claim, e.title, e.summary]);
}

/**
 * What an entry states: its claim and title, without the summary. A sentence that repeats a
 * catalogued claim has most of these words (`statesSomeEntry`), but a case's summary (a quote,
 * an outlet's wording, 2,712 EUvsDisinfo cases have one) holds far more words than one sentence.
 */
export function statementText(e: Pick<Entry, 'claim' | 'title'>): string {
  return distinctParts([e.claim, e.title]);
}

/** Keep distinct parts only: the claim often repeats the title. */
function distinctParts(parts: Array<string | null | undefined>): string {
  return [...new Set(parts.filter((s): s is string => !!s && !!s.trim()).map((s) => s.trim()))].join(' \n ');
}

const COLS = ['kb', 'id', 'title', 'claim', 'summary', 'disproof', 'verdict', 'narrative', 'speaker', 'url', 'date', 'outlets', 'languages', 'keywords'] as const;

/**
 * Inserts or replaces entries by (kb, id), keeping the FTS index in step. Replacing by key is
 * what makes imports idempotent.
 */
export function upsertEntries(db: DB, entries: Iterable<Entry>): number {
  const find = db.prepare('SELECT rid FROM entries WHERE kb = ? AND id = ?');
  const delFts = db.prepare('DELETE FROM entries_fts WHERE rowid = ?');
  const del = db.prepare('DELETE FROM entries WHERE rid = ?');
  const ins = db.prepare(`INSERT INTO entries(${COLS.join(',')}) VALUES (${COLS.map((c) => '@' + c).join(',')})`);
  const insFts = db.prepare('INSERT INTO entries_fts(rowid, body) VALUES (?, ?)');
  const delFeatures = db.prepare('DELETE FROM entry_features WHERE rid = ?');
  const writeFeatures = featureWriter(db);
  let n = 0;
  db.transaction(() => {
    for (const e of entries) {
      const old = find.get(e.kb, e.id) as { rid: number } | undefined;
      if (old) {
        delFts.run(old.rid);
        delFeatures.run(old.rid);
        del.run(old.rid);
      }
      const row = Object.fromEntries(COLS.map((c) => [c, e[c] ?? null]));
      const { lastInsertRowid } = ins.run(row);
      const text = matchText(e);
      // FTS5 tokenises the text itself: it is also given the forms the query side reads (`otherForms`).
      const forms = otherForms(text);
      insFts.run(lastInsertRowid, forms ? `${text} \n ${forms}` : text);
      writeFeatures(lastInsertRowid, text, e);
      n++;
    }
  })();
  return n;
}

export function upsertSources(db: DB, labels: Iterable<SourceLabel>): number {
  const ins = db.prepare(`INSERT OR REPLACE INTO sources(domain, provider, factuality, bias, reliability)
    VALUES (@domain, @provider, @factuality, @bias, @reliability)`);
  let n = 0;
  db.transaction(() => {
    for (const l of labels) {
      ins.run({ factuality: null, bias: null, reliability: null, ...l });
      n++;
    }
  })();
  return n;
}

export function setMeta(db: DB, key: string, value: string | Buffer): void {
  db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(key, value);
}

export function getMeta(db: DB, key: string): string | Buffer | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string | Buffer } | undefined)?.value;
}

export function kbCounts(db: DB): Record<string, number> {
  const rows = db.prepare('SELECT kb, count(*) n FROM entries GROUP BY kb ORDER BY kb').all() as { kb: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.kb, r.n]));
}
