import { openKb, type DB } from '../../kb/db.ts';
import { ensureKb } from '../../kb/build.ts';
import { defaultDataRoot, defaultKbPath } from '../../kb/paths.ts';
import { KbSearcher } from '../../kb/search.ts';
import { ARTICLE_PROFILE } from '../../kb/search-options.ts';
import type { Scorer } from '../../kb/scorer.ts';
import { foldCopies } from '../../kb/copies.ts';
import type { Analysed, Candidate } from '../../kb/features.ts';
import { cleanQuery, contentWords, withoutReportingFrame } from '../../kb/text.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Doc } from '../../doc/doc.ts';
import type { LabelledQuery } from '../../kb/loaders/snopes.ts';
import { createPipeline } from '../registry.ts';
import { claimsToMatch, lookUps, type LookUp } from './component.ts';

/** The KB used for training and evaluation: the default one, built from ../shared/data if missing. */
export function trainingKb(): DB {
  const db = ensureKb(defaultKbPath(), defaultDataRoot(), (l) => console.error(l));
  if (!db) throw new Error(`no knowledge-base data under ${defaultDataRoot()}`);
  return db;
}

/**
 * Every EUvsDisinfo case filed under the same title as a case, itself included, titles compared
 * up to case and white space (one case's title breaks a line where its twin's does not). The
 * catalogue files one claim under several cases; a match to any of them repeats that claim.
 */
export function sameTitleCases(db: DB): (id: string) => string[] {
  const key = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
  const rows = db.prepare("SELECT id, title FROM entries WHERE kb = 'euvsdisinfo' ORDER BY rid").all() as Array<{ id: string; title: string }>;
  const byTitle = new Map<string, string[]>();
  for (const r of rows) byTitle.set(key(r.title), [...(byTitle.get(key(r.title)) ?? []), r.id]);
  const titleOf = new Map(rows.map((r) => [r.id, key(r.title)]));
  return (id) => {
    const title = titleOf.get(id);
    return title === undefined ? [id] : byTitle.get(title)!;
  };
}

/**
 * Cases judged to make the same claim as another under a different title (fixture
 * `same-claims.jsonl`: pairs of a paraphrased case and a case a report ranked first for its
 * paraphrase, each labelled same / related / different by a helper session that saw the two
 * cases' titles and summaries only, not the paraphrase or any score). Keyed by the paraphrased
 * case's id; values `kb:id`.
 */
export function judgedSameClaims(path: string): Map<string, Set<string>> {
  const same = new Map<string, Set<string>>();
  if (!existsSync(path)) return same;
  for (const line of readFileSync(path, 'utf8').split('\n').filter(Boolean)) {
    const j = JSON.parse(line) as { a: string; b: string; label: string };
    if (j.label === 'same') same.set(j.a, (same.get(j.a) ?? new Set()).add(j.b));
  }
  return same;
}

/**
 * Whether a match repeats the claim of the EUvsDisinfo case `id` a paraphrase was written for:
 * it is that case, one filed under the same title (`sameTitleCases`), one the fixture names in
 * `same`, or one judged to make the same claim (`judgedSameClaims`).
 */
export function repeatsCase(db: DB, judged: Map<string, Set<string>>): (p: { id: string; same?: string[] }, m: { kb: string; id: string }) => boolean {
  const twins = sameTitleCases(db);
  return (p, m) => (m.kb === 'euvsdisinfo' && (twins(p.id).includes(m.id) || !!p.same?.includes(m.id))) || !!judged.get(p.id)?.has(`${m.kb}:${m.id}`);
}

export interface QueryCandidates {
  query: LabelledQuery;
  analysed: Analysed;
  cands: Candidate[];
  /** Each candidate's id as MAP is computed on: the Snopes id, or `kb:id` for other KBs. */
  ids: string[];
  labels: boolean[];
}

/** An entry's id as the Snopes metrics compare it with the gold: Snopes ids as they are, other KBs' prefixed so they never equal one. */
export const rankingId = (kb: string, id: string): string => (kb === 'snopes' ? id : `${kb}:${id}`);

/**
 * BM25 candidates (from every KB, as at run time, or from `kbs`) with their relevance labels; with `vectors`
 * (one per query, mapped as the semantic stage compares them: `Scorer.queryVector`), their
 * sentence cosines for the semantic stage, and with `nearest` that many
 * more candidates, the entries nearest the query's vector that BM25 missed.
 */
export function candidatesFor(searcher: KbSearcher, queries: LabelledQuery[], k: number, vectors?: Float32Array[], nearest = 0, kbs?: string[]): QueryCandidates[] {
  return queries.map((query, qi) => {
    const v = vectors?.[qi];
    const hits = searcher.retrieve(query.text, kbs, k);
    const all = searcher.candidatesOf(v && nearest ? searcher.withNearest(hits, v, nearest, kbs) : hits, true, v);
    const idOf = (rid: number) => {
      const e = searcher.entry(rid);
      return rankingId(e.kb, e.id);
    };
    // One row per item: a copy after the first of its group is dropped, and the row kept is a
    // match when any copy is the gold. Kept as separate rows, a tweet's gold and its copy gave
    // the same features labelled both ways, and the re-ranker learned that covering a claim
    // word for word is a sign against a match (verbatim Snopes claims scored 0.64-0.74 raw;
    // 0.98-0.99 trained so, a throwaway probe). The row's id is the id a search shows (`foldCopies`).
    const kept = foldCopies(all.map((c) => c.rid), searcher.copies);
    const cands = kept.map((f) => all[f.index]!);
    const ids = kept.map((f) => idOf(f.rid));
    const isGold = (rid: number) => (searcher.copies.of(rid) ?? [rid]).some((r) => query.relevant.includes(idOf(r)));
    const analysed = searcher.analyseQuery(query.text);
    searcher.embed(analysed, cands);
    return { query, analysed, cands, ids, labels: cands.map((c) => c.kb === 'snopes' && isGold(c.rid)) };
  });
}

/**
 * Invented paraphrases of catalogued cases as training queries, listed as reports list a claim's
 * candidates (`ARTICLE_PROFILE`: the claim without its reporting frame, 12 candidates, no query
 * memory), a candidate labelled a match when it repeats the paraphrased case (`repeatsCase`).
 */
export function reportCandidatesFor(searcher: KbSearcher, paras: Array<{ id: string; text: string; same?: string[] }>, repeats: ReturnType<typeof repeatsCase>): QueryCandidates[] {
  return paras.flatMap((p) => {
    // Scored as a report scores it: the claim without the frame that says who reports it.
    const text = ARTICLE_PROFILE.frameFree ? withoutReportingFrame(cleanQuery(p.text)) : p.text;
    const hits = searcher.retrieve(text, undefined, ARTICLE_PROFILE.candidates, ARTICLE_PROFILE.maxTerms, ARTICLE_PROFILE.maxDfShare);
    if (!hits.length) return [];
    const all = searcher.candidatesOf(hits, ARTICLE_PROFILE.memory);
    // One row per item, as `candidatesFor` keeps them.
    const kept = foldCopies(all.map((c) => c.rid), searcher.copies);
    const cands = kept.map((f) => all[f.index]!);
    const isMatch = (rid: number) => (searcher.copies.of(rid) ?? [rid]).some((r) => repeats(p, searcher.entry(r)));
    const ids = kept.map((f) => rankingId(searcher.entry(f.rid).kb, searcher.entry(f.rid).id));
    const labels = cands.map((c) => isMatch(c.rid));
    const analysed = searcher.analyseQuery(text);
    searcher.embed(analysed, cands);
    return [{ query: { id: p.id, text, relevant: ids.filter((_, i) => labels[i]) }, analysed, cands, ids, labels }];
  });
}

/** Snopes ids ranked by a scorer, for MAP/MRR. */
export function rankedIds(qc: QueryCandidates, scorer: Scorer): string[] {
  return ranked(qc, scorer.score(qc.analysed, qc.cands));
}

/** The list's ids ordered by `scores`, best first (one per item: `candidatesFor` folds copies, as a search does). */
export function ranked(qc: QueryCandidates, scores: readonly number[]): string[] {
  return qc.ids.map((id, i) => ({ id, s: scores[i]! })).sort((a, b) => b.s - a.s).map((x) => x.id);
}

/**
 * Sentences of ordinary news as queries with no relevant entry: the re-ranker must learn that
 * the best of a weak list is no match. Every `step`-th body sentence (with enough words to be a
 * claim) of the news-unlabeled files in [from, to) by file name, so train, calibration and the
 * false-match measurement use disjoint articles.
 */
export function newsQueries(root: string, from: number, to: number, step = 4): LabelledQuery[] {
  const out: LabelledQuery[] = [];
  for (const { file: f, text } of newsArticles(root, from, to)) {
    const doc = Doc.fromText(text);
    doc.bodySentences.forEach((s, i) => {
      const text = doc.slice(s);
      if (i % step === 0 && contentWords(text).length >= 4) out.push({ id: `${f}#${i}`, text, relevant: [] });
    });
  }
  return out;
}

/**
 * What `analyze` would look up in ordinary news (the title and the 8 places, as `claimsToMatch`
 * picks them), as queries with no relevant entry: the population a report's false matches come
 * from. Every 4th sentence (`newsQueries`) had far fewer claim-like sentences, so a threshold
 * fitted on it let through matches that reports then showed.
 */
export async function newsClaims(root: string, from: number, to: number, lookUps?: (text: string) => LookUp[]): Promise<LabelledQuery[]> {
  lookUps ??= await claimLookUps();
  return newsArticles(root, from, to).flatMap(({ file, text }) => lookUps(text).map((c, i) => ({ id: `${file}#c${i}`, text: c.text, relevant: [] })));
}

/** The news-unlabeled files in [from, to) by file name, with their text. */
export function newsArticles(root: string, from: number, to: number): Array<{ file: string; text: string }> {
  const dir = join(root, 'news-unlabeled');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().slice(from, to).map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
}

/**
 * What `analyze` looks up in an article's text: its claims component, then `claimsToMatch`; given
 * the searcher and the calibration's `restMinEntryCover`, also the rest (`lookUps`).
 */
export async function claimLookUps(rest?: { searcher: Pick<KbSearcher, 'statesSomeEntry' | 'contentWordsOf'>; floor: number | undefined }): Promise<(text: string) => LookUp[]> {
  const pipeline = await createPipeline({ components: ['claims'] });
  return (text) => {
    const doc = pipeline.run(pipeline.makeDoc({ text }));
    return rest ? lookUps(doc, rest.searcher, rest.floor) : claimsToMatch(doc);
  };
}

export { openKb };
