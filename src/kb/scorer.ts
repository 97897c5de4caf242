/**
 * What scores a search's candidates (`Scorer`): the trained re-ranker (`reranker.ts`), which may
 * also bring the vectors and remembered queries its features read, or plain BM25 order
 * (`bm25Scorer`), the baseline the re-ranker must beat and the scorer of training's candidate
 * lists. `KbSearcher` retrieves the candidates and hands them over.
 */
import type { Analysed, Candidate } from './features.ts';
import type { QueryMemory } from './memory.ts';
import type { EntryVectors } from './vectors.ts';
import type { WordVectors } from './wordvectors.ts';
import type { Synonyms } from './synonyms.ts';

/** Scores candidates for one query; the trained re-ranker or plain BM25. */
export interface Scorer {
  score(query: Analysed, candidates: Candidate[]): number[];
  /** Training queries remembered per entry, which the scorer's features read (`memory.ts`). */
  readonly memory?: QueryMemory | null;
  /** Entries' sentence vectors, for the semantic stage of a search given a query vector (`vectors.ts`). */
  readonly vectors?: EntryVectors | null;
  /** An encoded query as the semantic stage compares it with the entries' vectors (`querymap.ts`). */
  queryVector?(encoded: Float32Array): Float32Array;
  /** The bag-of-words student of the sentence encoder, whose cosines the scorer's features read (`wordvectors.ts`). */
  readonly wordVectors?: WordVectors | null;
  /** The synonym table a report's cover may read (`SearchOptions.synonymCover`, `synonyms.ts`). */
  readonly synonyms?: Synonyms | null;
}

/** Plain BM25 order, squashed into (0,1): the baseline the re-ranker must beat. */
export const bm25Scorer: Scorer = {
  score: (_q, cands) => cands.map((c) => 1 / (1 + Math.exp(c.bm25 / 4 + 4))),
};
