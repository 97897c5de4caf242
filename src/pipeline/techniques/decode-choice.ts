/*
 * How the SI span decode is chosen, and an SI figure that no scored article helped choose.
 *
 * The shipped decode (`DECODE` in learn.ts) is, among a grid of decodes, the one with the best
 * F1 whose spans are on average no longer than gold spans (`LENGTH_RULE`): stage 2's probabilities
 * spread along a sentence, and the decode with the top F1 gives spans of 80+ characters against
 * 50 for gold. It was chosen on the same out-of-fold probabilities its F1 is scored on, which
 * flatters that F1 a little. `foldChosenSI` instead picks a decode for each outer fold on the
 * other folds' articles only, by the same rule (or by F1 alone), and scores the fold with it: the
 * figure a decode chosen this way earns on articles it has not seen.
 */
import { rowsInCodePoints, type LabelRow } from '../../io/semeval.ts';
import { prfOfSums, siSums, type PRF, type SISums } from '../../io/scorer.ts';
import { decodeSpans, type DecodeConfig } from './model.ts';
import type { ArticleView, StageOneProbs } from './features.ts';

/** The decodes searched: hysteresis thresholds, and the cut-back of short techniques. */
export function decodeGrid(base: DecodeConfig): DecodeConfig[] {
  const grid: DecodeConfig[] = [];
  for (const threshold of [0.25, 0.3, 0.35, 0.4]) {
    for (const low of [0.05, 0.1, 0.15, 0.2, threshold]) {
      if (low > threshold) continue;
      for (const lowShort of [low, 0.25, 0.3, 0.35]) {
        if (lowShort < low || lowShort > threshold) continue;
        grid.push({ ...base, threshold, low, lowShort });
      }
    }
  }
  return grid;
}

/** How a decode is picked from measured ones. */
export type DecodeRule = 'length' | 'f1';
/** The shipped rule: the best F1 among decodes whose spans average at most the gold spans' length. */
export const LENGTH_RULE: DecodeRule = 'length';

interface Measured {
  sums: SISums;
  /** Predicted spans, and their characters summed. */
  rows: number;
  chars: number;
}

/** Per-article sums of one decode, so any set of articles is scored by adding them. */
function measure(articles: Article[], cfg: DecodeConfig): Measured[] {
  return articles.map((a) => {
    const spans = decodeSpans(a.view, a.probs.inside, cfg, a.probs.longShare).map((s) => ({ article: a.id, start: s.start, end: s.end }));
    const pred = rowsInCodePoints(spans, a.text);
    return { sums: siSums(a.gold, pred), rows: pred.length, chars: pred.reduce((n, p) => n + p.end - p.start, 0) };
  });
}

function total(ms: Measured[], pick: (i: number) => boolean): Measured {
  const t: Measured = { sums: { pSum: 0, rSum: 0, nPred: 0, nGold: 0 }, rows: 0, chars: 0 };
  ms.forEach((m, i) => {
    if (!pick(i)) return;
    t.sums.pSum += m.sums.pSum;
    t.sums.rSum += m.sums.rSum;
    t.sums.nPred += m.sums.nPred;
    t.sums.nGold += m.sums.nGold;
    t.rows += m.rows;
    t.chars += m.chars;
  });
  return t;
}

/** SI of one decode over the articles: the score, the predicted spans and their mean length in characters. */
export function scoreDecode(articles: Article[], cfg: DecodeConfig): { score: PRF; n: number; meanChars: number } {
  const t = total(measure(articles, cfg), () => true);
  return { score: prfOfSums(t.sums), n: t.rows, meanChars: Math.round(t.chars / Math.max(1, t.rows)) };
}

/** An article as the choice reads it: its view, out-of-fold token probabilities, text and gold SI rows (code points). */
export interface Article {
  id: string;
  view: ArticleView;
  probs: StageOneProbs;
  text: string;
  gold: LabelRow[];
}

/** The index of the decode `rule` picks on the articles `pick` selects (measured per decode in `all`). */
function choose(all: Measured[][], pick: (i: number) => boolean, goldChars: number, rule: DecodeRule): number {
  let best = -1, bestF1 = -1;
  all.forEach((ms, k) => {
    const t = total(ms, pick);
    if (rule === 'length' && t.rows && t.chars / t.rows > goldChars) return;
    const f1 = prfOfSums(t.sums).f1;
    if (f1 > bestF1) [best, bestF1] = [k, f1];
  });
  return best;
}

/**
 * SI over all articles, each outer fold (index mod K, as the CV) decoded with the decode `rule`
 * picks on the other folds; with the decode picked on every article, for comparison.
 */
export function foldChosenSI(articles: Article[], grid: DecodeConfig[], K: number, rule: DecodeRule): { score: PRF; chosen: DecodeConfig[]; onAll: DecodeConfig } {
  const all = grid.map((cfg) => measure(articles, cfg));
  const goldCharsOf = (pick: (i: number) => boolean) => {
    let chars = 0, n = 0;
    articles.forEach((a, i) => {
      if (!pick(i)) return;
      for (const g of a.gold) [chars, n] = [chars + g.end - g.start, n + 1];
    });
    return chars / Math.max(1, n);
  };
  // Each fold's decode, picked on the other folds; then each article measured by its fold's.
  const picked = Array.from({ length: K }, (_, f) => {
    const others = (i: number) => i % K !== f;
    return choose(all, others, goldCharsOf(others), rule);
  });
  const every = () => true;
  const sums = total(articles.map((_, i) => all[picked[i % K]!]![i]!), every).sums;
  return { score: prfOfSums(sums), chosen: picked.map((k) => grid[k]!), onAll: grid[choose(all, every, goldCharsOf(every), rule)]! };
}
