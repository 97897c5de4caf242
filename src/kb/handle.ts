import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import type { DB } from './db.ts';
import { ensureKb } from './build.ts';
import { defaultDataRoot, defaultKbPath } from './paths.ts';
import { KbSearcher } from './search.ts';
import { bm25Scorer } from './scorer.ts';
import { Reranker, type Calibration } from './reranker.ts';

export const NO_KB_NOTE =
  'No knowledge base is loaded, so claims were not matched against known narratives or fact-checks and the source is not profiled (run `unspin kb build` with the data sets, or set UNSPIN_KB).';

export interface KbHandle {
  db: DB | null;
  searcher: KbSearcher | null;
  calibration: Calibration;
  /** Set when matching runs with less than the trained re-ranker. */
  warning?: string;
}

const open = new Map<string, KbHandle>();

/**
 * One KB and searcher per (KB path, model dir), shared by the narratives and source components
 * and kept open across analyses. Builds the KB on first use when it is missing and the data is
 * there; progress goes to stderr.
 */
export function kbHandle(opts: { modelDir: string; kbPath?: string; dataRoot?: string }): KbHandle {
  const kbPath = opts.kbPath ?? defaultKbPath();
  const key = `${kbPath}\u0000${opts.modelDir}`;
  const cached = open.get(key);
  if (cached) return cached;
  const db = ensureKb(kbPath, opts.dataRoot ?? defaultDataRoot(), (l) => process.stderr.write(l + '\n'));
  const reranker = Reranker.load(join(opts.modelDir, 'narratives'));
  const handle: KbHandle = db
    ? {
        db,
        searcher: new KbSearcher(db, reranker ?? bm25Scorer),
        calibration: reranker?.calibration ?? { a: 1, b: 0, threshold: 0.5 },
        warning: reranker ? undefined : 'The narrative re-ranker is not trained, so matches are ranked by BM25 alone and their scores are not calibrated.',
      }
    : { db: null, searcher: null, calibration: { a: 1, b: 0, threshold: 1 } };
  // A pool's thread reads entry features from the shared table and keeps posting lists in memory
  // (MemIndex), so SQLite's page cache holds little it needs again; at SQLite's default, 16 MB per
  // connection, it grew the process by about 13 MB over 400 articles (a throwaway probe: 355 ->
  // 342 MB with 2 MB). The main thread reads features through it, and keeps the default: with
  // 2 MB, narratives cost analyze 2 points more (bench:narratives +28.5% -> +30.2%).
  if (!isMainThread && db) db.pragma('cache_size = -2000');
  // A pool's threads build the entry-cover index at load, so that the first hands it to the others.
  const floor = handle.calibration.restMinEntryCover;
  if (!isMainThread && floor && handle.searcher) handle.searcher.entryCoverIndex(floor);
  open.set(key, handle);
  return handle;
}

export function addNoteOnce(notes: string[], note: string): void {
  if (!notes.includes(note)) notes.push(note);
}
