/**
 * Platt parameters per catalogue from invented paraphrases of its entries among ordinary news
 * sentences (`paraphraseCalibration`): the tweets the lexical parameters are fitted on rarely state
 * a claim as an article does. `npm run train -- narratives` fits them as its last step, and
 * `npm run calibrate:narratives` refits them alone for the shipped re-ranker (calibrate.ts).
 */
import type { LinearModel } from '../../learn/linear.ts';
import { fitPlatt } from '../../learn/platt.ts';
import type { KbSearcher } from '../../kb/search.ts';
import { DISINFO_KBS, NAMED_KBS } from '../../kb/search-options.ts';
import { namesAgree, synonymCover } from '../../kb/show-rules.ts';
import { queryCoverage, type Analysed } from '../../kb/features.ts';
import { logit, rowsFor, sigmoid } from '../../kb/reranker.ts';
import type { Associations } from '../../kb/assoc.ts';
import type { Synonyms } from '../../kb/synonyms.ts';
import type { LabelledQuery } from '../../kb/loaders/snopes.ts';
import { words } from '../../kb/text.ts';
import { judgedSameClaims, reportCandidatesFor, repeatsCase } from './data.ts';
import { TARGET_PRECISION } from './lexical-calibration.ts';
import { SAME_CLAIMS, fixturePath, readJsonl } from './training.ts';

/** Invented paraphrases of a catalogue's entries, each with the entry it repeats, and the KBs whose Platt parameters they calibrate. */
export interface ParaphraseSet {
  name: string;
  /** Fitted on: each line {"id", "text", "same"?}, `same` naming other entries of the catalogue with the same claim. */
  fixtures: string[];
  /** The catalogue the paraphrased entries belong to. */
  kb: string;
  /** The KBs whose candidates are scored with the parameters fitted (the Ukraine-war cases share EUvsDisinfo's). */
  kbs: string[];
}
export const PARAPHRASE_SETS: ParaphraseSet[] = [
  // The second and third disinformation files: 90 and 300 cases drawn with fixed seeds among those
  // no other fixture uses, one sentence each by helper sessions that saw only the case's title
  // and summary (2026-11-28); 49 paraphrases alone left the weight's choice to one or two of them.
  { name: 'disinformation KBs', fixtures: ['euvsdisinfo-calibration.jsonl', 'euvsdisinfo-calibration-2.jsonl', 'euvsdisinfo-calibration-3.jsonl'].map(fixturePath), kb: 'euvsdisinfo', kbs: [...DISINFO_KBS] },
  { name: 'Snopes', fixtures: [fixturePath('snopes-calibration.jsonl')], kb: 'snopes', kbs: ['snopes'] },
];

/** Weights tried for the invented paraphrases in the disinformation KBs' Platt fit (news sentences weigh 1). */
const PARAPHRASE_WEIGHTS = [0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8];
/** The share of ordinary news sentences a calibration may let show a match of its catalogue (1 in 1,000). */
const MAX_NEWS_SHOWN = 0.001;

/** The synonym table a report's cover reads and the weight it gives a synonym (`SYNONYM_COVER`). */
export type SynonymCover = { table: Synonyms | null; weight: number };

/**
 * Platt parameters for a catalogue's entries as claims in articles meet them, from invented
 * paraphrases of its entries (the entry is the match) and ordinary news sentences (no match),
 * retrieved as `analyze` retrieves. The tweets the lexical parameters are fitted on rarely state
 * a claim as an article does: before this, the Snopes claim "President Trump announced intent to
 * ban full face veils in public places, an act presumably targeting Muslim women." itself scored
 * 0.30 against its own entry, under the threshold. The paraphrases (28-49 per set) are few against
 * ~8,000 news candidates, so unweighted they pull every entry's score down (of the first 20
 * held-out EUvsDisinfo paraphrases, 6 were shown). They are weighted up as far as the threshold
 * keeps its meaning on this data: the largest weight at which the top matches a report would show
 * (score at or above the threshold, cover at or above `minCover`, a name shared with the claim
 * where the KB needs one) for the paraphrases still repeat their claim TARGET_PRECISION of the
 * time, as the threshold was chosen on Snopes dev, and at most MAX_NEWS_SHOWN of the news
 * sentences show a match. The two are bounded apart: a precision over paraphrases and news
 * together rises with the share of paraphrases in the data, so 439 paraphrases let through a
 * weight at which held-out news showed three times the false matches (models/narratives/NOTES.md).
 */
export function paraphraseCalibration(set: ParaphraseSet, model: LinearModel, searcher: KbSearcher, news: LabelledQuery[], assoc: Associations | null, threshold: number, minCover: number, synonyms: SynonymCover) {
  const para = set.fixtures.flatMap(readJsonl);
  const repeats = set.kb === 'euvsdisinfo' ? repeatsCase(searcher.db, judgedSameClaims(SAME_CLAIMS)) : (p: { id: string; same?: string[] }, m: { kb: string; id: string }) => m.kb === set.kb && [p.id, ...(p.same ?? [])].includes(m.id);
  // The claim's words the entry has, and those it has a synonym of, as a report counts them (`synonymCover`).
  const coverOf = (q: Analysed, doc: Analysed) => {
    const own = queryCoverage(q, doc);
    return own + synonymCover(own, q.words, doc.words, searcher.df.idfs, synonyms.table, synonyms.weight);
  };
  // Per query, listed as a report lists it (`reportCandidatesFor`), its candidates from the set's
  // KBs: logit, cover, whether they share a name, and whether they repeat the paraphrased entry.
  const lists = [
    ...reportCandidatesFor(searcher, para, repeats).map((qc) => ({ news: false, qc })),
    ...reportCandidatesFor(searcher, news, () => false).map((qc) => ({ news: true, qc })),
  ].map(({ news, qc }) => {
    const queryWords = words(searcher.queryTerms(qc.query.text).clean);
    const cands = rowsFor(qc.analysed, qc.cands, assoc).flatMap((row, i) => {
      const { kb, doc } = qc.cands[i]!;
      if (!set.kbs.includes(kb)) return [];
      return [{ x: logit(model.prob(row, 'match')), cover: coverOf(qc.analysed, doc), named: namesAgree(kb, doc, queryWords, NAMED_KBS), right: qc.labels[i]! }];
    });
    return { news, cands };
  });
  const all = lists.flatMap((l) => l.cands);
  const xs = all.map((c) => c.x), ys = all.map((c) => (c.right ? 1 : 0));
  const tried = PARAPHRASE_WEIGHTS.map((weight) => {
    const p = fitPlatt(xs, ys, ys.map((y) => (y ? weight : 1)));
    // What a report shows: each query's best-scoring candidate with enough cover and a shared name, if over the threshold.
    let shown = 0, right = 0, newsShown = 0;
    for (const list of lists) {
      const top = list.cands.filter((c) => c.cover >= minCover && c.named).sort((u, v) => v.x - u.x)[0];
      if (!top || sigmoid(p.a * top.x + p.b) < threshold) continue;
      if (list.news) newsShown++;
      else shown++;
      if (top.right) right++;
    }
    return { weight, p, shown, right, newsShown };
  });
  const ok = tried.filter((t) => (!t.shown || t.right / t.shown >= TARGET_PRECISION) && t.newsShown <= MAX_NEWS_SHOWN * news.length);
  const chosen = ok.length ? ok[ok.length - 1]! : tried[0]!;
  return { kbs: Object.fromEntries(set.kbs.map((kb) => [kb, chosen.p])), paraphrases: para.length, news: news.length, chosen, tried };
}

/** Every paraphrase set's parameters (`paraphraseCalibration`), for `calibration.json`'s `kbs`, with a line per set for the log. */
export function paraphraseCalibrations(model: LinearModel, searcher: KbSearcher, news: LabelledQuery[], assoc: Associations | null, threshold: number, minCover: number, synonyms: SynonymCover) {
  const kbs: Record<string, { a: number; b: number }> = {};
  const lines = PARAPHRASE_SETS.map((set) => {
    const r = paraphraseCalibration(set, model, searcher, news, assoc, threshold, minCover, synonyms);
    Object.assign(kbs, r.kbs);
    return `${set.name}: ${r.paraphrases} invented paraphrases + ${r.news} news sentences; weights (paraphrases shown right/shown, news sentences shown) ${r.tried.map((t) => `${t.weight}: ${t.right}/${t.shown}, ${t.newsShown}`).join('; ')}; chose ${r.chosen.weight}`;
  });
  return { kbs, lines };
}
