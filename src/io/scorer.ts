import { mergeOverlapping, overlap, type Span } from '../doc/span.ts';
import { groupByArticle, type LabelRow } from './semeval.ts';

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

export const f1Of = (p: number, r: number): number => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

/**
 * Span identification score of SemEval-2020 Task 11: per article, overlapping spans are merged
 * on each side; every predicted/gold pair adds |s∩t|/|s| to precision and |s∩t|/|t| to recall,
 * which are then divided by the number of predicted and gold spans.
 */
export function scoreSI(gold: LabelRow[], pred: LabelRow[]): PRF {
  return prfOfSums(siSums(gold, pred));
}

/** What `scoreSI` adds up: partial-credit sums and span counts, which add across sets of articles. */
export interface SISums {
  pSum: number;
  rSum: number;
  nPred: number;
  nGold: number;
}

export function siSums(gold: LabelRow[], pred: LabelRow[]): SISums {
  const g = groupByArticle(gold);
  const p = groupByArticle(pred);
  const sums: SISums = { pSum: 0, rSum: 0, nPred: 0, nGold: 0 };
  for (const article of new Set([...g.keys(), ...p.keys()])) {
    const gs = mergeOverlapping(g.get(article) ?? []);
    const ps = mergeOverlapping(p.get(article) ?? []);
    sums.nGold += gs.length;
    sums.nPred += ps.length;
    for (const s of ps) {
      for (const t of gs) {
        const o = overlap(s, t);
        if (!o) continue;
        sums.pSum += o / (s.end - s.start);
        sums.rSum += o / (t.end - t.start);
      }
    }
  }
  return sums;
}

export function prfOfSums({ pSum, rSum, nPred, nGold }: SISums): PRF {
  if (nPred === 0 && nGold === 0) return { precision: 1, recall: 1, f1: 1 };
  const precision = nPred ? pSum / nPred : 0;
  const recall = nGold ? rSum / nGold : 0;
  return { precision, recall, f1: f1Of(precision, recall) };
}

const key = (r: Span & { article: string }) => `${r.article}\t${r.start}\t${r.end}`;

export interface TCScore extends PRF {
  perTechnique: Record<string, PRF & { gold: number; pred: number }>;
}

/**
 * Technique classification: micro-F1 over the given spans. Where one span carries several
 * labels, equal labels are paired first (a multiset intersection per span).
 */
export function scoreTC(gold: LabelRow[], pred: LabelRow[]): TCScore {
  const bySpan = (rows: LabelRow[]) => {
    const m = new Map<string, string[]>();
    for (const r of rows) {
      const k = key(r);
      (m.get(k) ?? m.set(k, []).get(k)!).push(r.technique ?? '?');
    }
    return m;
  };
  const g = bySpan(gold);
  const p = bySpan(pred);
  const tally = new Map<string, { tp: number; gold: number; pred: number }>();
  const t = (name: string) => tally.get(name) ?? tally.set(name, { tp: 0, gold: 0, pred: 0 }).get(name)!;
  let tp = 0;
  for (const labels of g.values()) for (const l of labels) t(l).gold++;
  for (const [k, labels] of p) {
    const remaining = [...(g.get(k) ?? [])];
    for (const l of labels) {
      t(l).pred++;
      const i = remaining.indexOf(l);
      if (i >= 0) {
        remaining.splice(i, 1);
        t(l).tp++;
        tp++;
      }
    }
  }
  const precision = pred.length ? tp / pred.length : 0;
  const recall = gold.length ? tp / gold.length : 0;
  const perTechnique: TCScore['perTechnique'] = {};
  for (const [name, c] of [...tally].sort(([a], [b]) => a.localeCompare(b))) {
    const pp = c.pred ? c.tp / c.pred : 0;
    const rr = c.gold ? c.tp / c.gold : 0;
    perTechnique[name] = { precision: pp, recall: rr, f1: f1Of(pp, rr), gold: c.gold, pred: c.pred };
  }
  return { precision, recall, f1: f1Of(precision, recall), perTechnique };
}
