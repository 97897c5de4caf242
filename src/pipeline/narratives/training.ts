/**
 * What the narratives re-ranker learns from, and the fit: the word-association table, the query
 * memory of the Snopes train tweets, ordinary news as no-match queries (`newsNegatives`, with the
 * news-unlabeled ranges kept apart for training, calibration and measurement), the invented
 * paraphrases it also trains on, and the linear model, on every list or on all but one fold
 * (`outOfFoldModels`). `learn.ts` puts them together; lexical-calibration.ts and
 * paraphrase-calibration.ts calibrate what it trains.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../learn/data.ts';
import { LinearModel, type SparseRow } from '../../learn/linear.ts';
import type { KbSearcher } from '../../kb/search.ts';
import { RERANKER_BITS, rowsFor } from '../../kb/reranker.ts';
import { Associations, type Pair } from '../../kb/assoc.ts';
import { loadSnopes, type LabelledQuery } from '../../kb/loaders/snopes.ts';
import { wordKey } from '../../kb/keys.ts';
import { contentWords } from '../../kb/text.ts';
import { QueryMemory } from '../../kb/memory.ts';
import { newsClaims, newsQueries, type QueryCandidates } from './data.ts';
import { MAP_FOLDS } from './semantic.ts';

/** A file among the narratives fixtures (src/pipeline/narratives/fixtures/). */
export const fixturePath = (name: string) => join(REPO_ROOT, 'src/pipeline/narratives/fixtures', name);
/** A JSONL fixture's lines: invented texts, each with the entry it repeats (`id`) and, as `same`, others of its claim. */
export const readJsonl = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string; id: string; same?: string[] });
/** Cases judged to make the same claim as a paraphrased case under another title (`judgedSameClaims`). */
export const SAME_CLAIMS = fixturePath('same-claims.jsonl');
/**
 * Invented paraphrases of EUvsDisinfo cases the re-ranker also trains on, as reports list their
 * candidates: 300, one per case of a fixed draw no other fixture uses, by helper sessions (the
 * calibration's brief). On tweets alone the re-ranker learned that many shared names are a sign
 * against a match (news sentences name the people a fact-check names), which held paraphrases of
 * disinformation cases under the threshold; with these, 66 of the 139 paraphrases of the first
 * two calibration files were shown at the calibration rule against 59 (models/narratives/NOTES.md).
 */
export const TRAIN_PARAPHRASES = fixturePath('euvsdisinfo-train.jsonl');

/** BM25 candidates the re-ranker sees per query. */
export const CANDIDATES = 40;
/** news-unlabeled articles (by file name) used as no-match queries: disjoint ranges for training, calibration and measurement. */
export const NEWS_TRAIN: [number, number] = [200, 300];
export const NEWS_CALIBRATION: [number, number] = [300, 400];
export const NEWS_ARTICLES = 100;

/**
 * The word-association table: IBM Model 1 on each Snopes entry's claim and title, both ways
 * (two wordings of one claim, written by the same fact-checker). The train tweets are left out:
 * a table that saw them makes the feature look far better on the re-ranker's own training
 * queries than on new ones (even cross-fitted, it cost held-out paraphrase recall and doubled
 * news false matches; models/narratives/NOTES.md).
 */
export function trainAssociations(root: string): Associations {
  const keys = (s: string) => contentWords(s).map(wordKey);
  const pairs: Pair[] = [];
  for (const e of loadSnopes(root)) {
    if (!e.claim) continue;
    const a = keys(e.claim), b = keys(e.title);
    if (!a.length || !b.length) continue;
    pairs.push({ source: a, target: b }, { source: b, target: a });
  }
  return Associations.train(pairs);
}

/**
 * The train tweets under their gold entries (`memory.ts`). Ids carry the split, so a training
 * query can be left out of its own memory.
 */
export function buildMemory(searcher: KbSearcher, queries: LabelledQuery[], split: string): QueryMemory {
  return QueryMemory.fromQueries(queries.flatMap((q) => {
    const a = searcher.analyseQuery(q.text);
    return q.relevant.map((id) => ({ kb: 'snopes', id, query: `${split}:${q.id}`, words: a.words, grams: a.grams }));
  }));
}

/** Leaves each training query's own tweet out of the memory its candidates carry (as for a new query). */
export function leaveOwnOut(qs: QueryCandidates[], split: string): void {
  for (const qc of qs) {
    const own = `${split}:${qc.query.id}`;
    for (const c of qc.cands) {
      if (!c.memory) continue;
      const rest = c.memory.filter((m) => m.query !== own);
      if (rest.length) c.memory = rest;
      else delete c.memory;
    }
  }
}

/**
 * Ordinary news as no-match queries: the claims a report looks up in it (what users see), and
 * every 4th sentence (what `analyze` looks up without a claims component, and the wider run of
 * news text); a sentence in both counts once.
 */
export async function newsNegatives(root: string, [from, to]: [number, number]): Promise<LabelledQuery[]> {
  const claims = await newsClaims(root, from, to);
  const seen = new Set(claims.map((q) => q.text));
  return [...claims, ...newsQueries(root, from, to).filter((q) => !seen.has(q.text))];
}

export function trainModel(train: QueryCandidates[], assoc: Associations): LinearModel {
  const rows: SparseRow[] = [], y: number[] = [];
  for (const qc of train) rowsFor(qc.analysed, qc.cands, assoc).forEach((row, i) => {
    rows.push(row);
    y.push(qc.labels[i] ? 1 : 0);
  });
  // Chosen on Snopes dev MAP@5 among a few settings (see models/narratives/NOTES.md).
  return LinearModel.train(rows, y, { bits: RERANKER_BITS, labels: ['no', 'match'], epochs: 40, lr: 0.02, l2: 1e-5, classWeights: [1, 3] });
}

/**
 * One re-ranker per fold of the Snopes train tweets (`MAP_FOLDS`, by position, as the query map's
 * cross-fitting splits them), each trained on every list but that fold's tweets: the lexical
 * scores the semantic stage's weights are chosen on. Scored by the re-ranker trained on them all,
 * the train tweets' gold entries score higher than a new tweet's would, and the grid chose
 * weights for that: its choice wandered with each retraining (10/15, 7.5/15, 20/5), and Snopes
 * dev MAP@5 with it by up to 0.005. models/narratives/NOTES.md, "The semantic weights on
 * out-of-fold scores".
 */
export function outOfFoldModels(train: QueryCandidates[], foldOf: ReadonlyMap<LabelledQuery, number>, assoc: Associations): LinearModel[] {
  return Array.from({ length: MAP_FOLDS }, (_, f) => {
    console.error(`narratives: re-ranker without fold ${f + 1}/${MAP_FOLDS} of the train tweets (semantic weights)`);
    return trainModel(train.filter((qc) => foldOf.get(qc.query) !== f), assoc);
  });
}
