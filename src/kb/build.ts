import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { SCHEMA_VERSION, getMeta, kbCounts, openKb, setMeta, upsertEntries, upsertSources, type DB, type Entry } from './db.ts';
import { hasKbData } from './paths.ts';
import { refreshStats } from './stats.ts';
import { loadSnopes } from './loaders/snopes.ts';
import { loadLiar } from './loaders/liar.ts';
import { loadEuvsdisinfo } from './loaders/euvsdisinfo.ts';
import { loadUkraineWar } from './loaders/ukraine.ts';
import { loadSourceLabels } from './loaders/outlets.ts';
import { UserError } from '../io/input.ts';

export interface BuildResult {
  counts: Record<string, number>;
  sources: number;
  seconds: number;
}

/**
 * Builds the knowledge base from the shared data sets into a fresh file, then moves it into
 * place, so a reader never sees a half-built KB. Progress goes to `log` (stderr in the CLI).
 */
export function buildKb(dataRoot: string, kbPath: string, log: (line: string) => void = () => {}): BuildResult {
  if (!hasKbData(dataRoot)) throw new UserError(`no knowledge-base data under ${dataRoot} (expected narratives/, factchecks/ or sources/)`);
  // The build replaces the file at kbPath: refuse one that is not a KB (a results database, a
  // text file) before a minute's work, rather than overwrite it.
  if (existsSync(kbPath) && statSync(kbPath).size > 0) openKb(kbPath, { readonly: true }).close();
  const t0 = performance.now();
  const tmp = `${kbPath}.building-${process.pid}`;
  rmSync(tmp, { force: true });
  const db = openKb(tmp, { create: true });
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    const step = (label: string, f: () => string) => {
      const t = performance.now();
      const what = f();
      log(`kb build: ${label}: ${what} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    };
    step('EUvsDisinfo', () => {
      const { entries, merged } = loadEuvsdisinfo(dataRoot);
      return `${upsertEntries(db, entries)} cases (${merged} rows of the 2015-2017 file merged into their 2015-2021 case)`;
    });
    step('Ukraine-war narratives', () => `${upsertEntries(db, loadUkraineWar(dataRoot))} cases`);
    step('Snopes', () => `${upsertEntries(db, loadSnopes(dataRoot))} claims`);
    step('LIAR/PolitiFact', () => `${upsertEntries(db, loadLiar(dataRoot))} statements`);
    let sources = 0;
    step('source labels', () => `${(sources = upsertSources(db, loadSourceLabels(dataRoot)))} labels`);
    const kept = keepImports(kbPath, db);
    if (kept) log(`kb build: kept ${kept} imported entries from the previous knowledge base`);
    step('index statistics', () => {
      refreshStats(db);
      db.exec("INSERT INTO entries_fts(entries_fts) VALUES('optimize')");
      return 'done';
    });
    setMeta(db, 'schema', SCHEMA_VERSION);
    setMeta(db, 'built_from', dataRoot);
    setMeta(db, 'built_at', new Date().toISOString());
    const counts = kbCounts(db);
    db.close();
    rmSync(kbPath, { force: true });
    for (const suffix of ['-wal', '-shm']) rmSync(kbPath + suffix, { force: true });
    renameSync(tmp, kbPath);
    const seconds = (performance.now() - t0) / 1000;
    log(`kb build: ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}; ${sources} source labels -> ${kbPath} in ${seconds.toFixed(1)} s`);
    return { counts, sources, seconds };
  } catch (e) {
    if (db.open) db.close();
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The catalogues `kb build` makes; anything else in a KB came from `kb import`. */
export const BUILT_IN_KBS = ['euvsdisinfo', 'ukraine-war', 'snopes', 'politifact'];

/**
 * Carries entries imported by users over from the KB being replaced, so a rebuild never loses a
 * user's own catalogue. Imports into a built-in catalogue (e.g. an EUvsDisinfo CSV) are kept too
 * when their id is not one the data sets provide.
 */
function keepImports(oldPath: string, into: DB): number {
  if (!existsSync(oldPath)) return 0;
  let old: DB;
  try {
    old = openKb(oldPath, { readonly: true });
  } catch {
    return 0;
  }
  try {
    const rows = old.prepare('SELECT * FROM entries').all() as Array<Entry & { rid?: number }>;
    const has = into.prepare('SELECT 1 FROM entries WHERE kb = ? AND id = ?');
    // Built-in catalogue rows that the fresh build lacks were imported (the data sets only grow).
    const imported = rows.filter((r) => !BUILT_IN_KBS.includes(r.kb) || !has.get(r.kb, r.id));
    return upsertEntries(into, imported.map(({ rid: _rid, ...e }) => e));
  } catch {
    return 0; // an unreadable old KB has nothing we could keep
  } finally {
    old.close();
  }
}

/** Opens the KB read-only, building it first when it is missing and the data is there. */
export function ensureKb(kbPath: string, dataRoot: string, log: (line: string) => void): DB | null {
  if (!existsSync(kbPath)) {
    if (!hasKbData(dataRoot)) return null;
    log(`unspin: no knowledge base at ${kbPath}; building it from ${dataRoot} (once)`);
    buildKb(dataRoot, kbPath, log);
  }
  let db = openKb(kbPath, { readonly: true });
  const schema = getMeta(db, 'schema');
  if (schema !== SCHEMA_VERSION) {
    // A KB from another unspin version: rebuild when we can, else refuse rather than misread it.
    db.close();
    if (!hasKbData(dataRoot)) throw new UserError(`${kbPath} was built by another unspin version (schema ${schema ?? 'unknown'}, need ${SCHEMA_VERSION}): rebuild it with \`unspin kb build\``);
    log(`unspin: ${kbPath} has an older schema; rebuilding it from ${dataRoot}`);
    buildKb(dataRoot, kbPath, log);
    db = openKb(kbPath, { readonly: true });
  }
  return db;
}
