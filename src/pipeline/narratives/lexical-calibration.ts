/**
 * The lexical re-ranker's calibration on Snopes dev and news sentences: Platt scaling of its logit
 * (`fitLexicalPlatt`), then the threshold a top match must reach to be right TARGET_PRECISION of
 * the time (`chooseThreshold`). The per-catalogue parameters fitted on invented paraphrases keep
 * the same precision target (paraphrase-calibration.ts).
 */
import type { LinearModel } from '../../learn/linear.ts';
import { fitPlatt } from '../../learn/platt.ts';
import type { Scorer } from '../../kb/scorer.ts';
import { logit, rowsFor } from '../../kb/reranker.ts';
import type { Associations } from '../../kb/assoc.ts';
import { ranked, type QueryCandidates } from './data.ts';

/** Calibrated score a top match needs on Snopes dev to be right this often. */
export const TARGET_PRECISION = 0.9;

/** Platt scaling of the model's logit on the calibration candidates (Snopes dev and news; `fitPlatt`). */
export function fitLexicalPlatt(model: LinearModel, dev: QueryCandidates[], assoc: Associations | null): { a: number; b: number } {
  const xs: number[] = [], ys: number[] = [];
  for (const qc of dev) rowsFor(qc.analysed, qc.cands, assoc).forEach((row, i) => {
    xs.push(logit(model.prob(row, 'match')));
    ys.push(qc.labels[i] ? 1 : 0);
  });
  return fitPlatt(xs, ys);
}

/**
 * Lowest threshold at which the top-1 matches above it are right at least TARGET_PRECISION of
 * the time, over Snopes dev queries (a match exists) and news sentences (assumed none does).
 */
export function chooseThreshold(scorer: Scorer, dev: QueryCandidates[]): number {
  const tops = dev.map((qc) => {
    const s = scorer.score(qc.analysed, qc.cands);
    // Right when the item shown first is, as a search shows it (one row per item: `candidatesFor`).
    const top = ranked(qc, s)[0];
    return { score: s.length ? Math.max(...s) : 0, right: top !== undefined && qc.query.relevant.includes(top) };
  }).sort((x, y) => y.score - x.score);
  let right = 0, threshold = 0.99;
  tops.forEach((t, i) => {
    if (t.right) right++;
    if (right / (i + 1) >= TARGET_PRECISION) threshold = t.score;
  });
  return Math.max(0.5, Math.round(threshold * 100) / 100);
}
