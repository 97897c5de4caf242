import { openKb, type DB } from '../../kb/db.ts';
import { ensureKb } from '../../kb/build.ts';
import { defaultDataRoot, defaultKbPath } from '../../kb/paths.ts';
import { KbSearcher, type Scorer } from '../../kb/search.ts';
import { analyse, type Analysed, type Candidate } from '../../kb/features.ts';
import { cleanQuery } from '../../kb/text.ts';
import type { LabelledQuery } from '../../kb/loaders/snopes.ts';

/** The KB used for training and evaluation: the default one, built from ../shared/data if missing. */
export function trainingKb(): DB {
  const db = ensureKb(defaultKbPath(), defaultDataRoot(), (l) => console.error(l));
  if (!db) throw new Error(`no knowledge-base data under ${defaultDataRoot()}`);
  return db;
}

export interface QueryCandidates {
  query: LabelledQuery;
  analysed: Analysed;
  cands: Candidate[];
  labels: boolean[];
}

/** BM25 candidates (from every KB, as at run time) with their relevance labels. */
export function candidatesFor(searcher: KbSearcher, queries: LabelledQuery[], k: number): QueryCandidates[] {
  return queries.map((query) => {
    const hits = searcher.retrieve(query.text, undefined, k);
    const best = hits[0]?.bm25 ?? 0;
    const cands = hits.map((h) => ({ ...h, bestBm25: best, doc: searcher.analysedEntry(h.entry) }));
    return {
      query,
      analysed: analyse(cleanQuery(query.text), searcher.df, query.text),
      cands,
      labels: cands.map((c) => c.entry.kb === 'snopes' && query.relevant.includes(c.entry.id)),
    };
  });
}

/** Snopes ids ranked by a scorer, for MAP/MRR. */
export function rankedIds(qc: QueryCandidates, scorer: Scorer): string[] {
  const scores = scorer.score(qc.analysed, qc.cands);
  return qc.cands
    .map((c, i) => ({ c, s: scores[i]! }))
    .sort((a, b) => b.s - a.s)
    .map(({ c }) => (c.entry.kb === 'snopes' ? c.entry.id : `${c.entry.kb}:${c.entry.id}`));
}

export { openKb };
