import { overlap, type Span } from '../../doc/span.ts';

export interface PRF {
  p: number;
  r: number;
  f1: number;
  pred: number;
  gold: number;
}

const prf = (tpP: number, pred: number, tpR: number, gold: number): PRF => {
  const p = pred ? tpP / pred : 0;
  const r = gold ? tpR / gold : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, pred, gold };
};

/** Exact match: a predicted span counts once against an identical, still unmatched gold span. */
export function exactPRF(pred: Span[], gold: Span[]): PRF {
  const left = new Map<string, number>();
  for (const g of gold) left.set(`${g.start}:${g.end}`, (left.get(`${g.start}:${g.end}`) ?? 0) + 1);
  let tp = 0;
  for (const s of pred) {
    const k = `${s.start}:${s.end}`;
    const n = left.get(k) ?? 0;
    if (n > 0) {
      tp++;
      left.set(k, n - 1);
    }
  }
  return prf(tp, pred.length, tp, gold.length);
}

/** Overlap match: precision over predicted spans sharing a character with some gold span; recall the other way. */
export function overlapPRF(pred: Span[], gold: Span[]): PRF {
  const hits = (a: Span[], b: Span[]) => a.filter((x) => b.some((y) => overlap(x, y) > 0)).length;
  return prf(hits(pred, gold), pred.length, hits(gold, pred), gold.length);
}

/** Sums per-article counts so every span weighs the same (micro average). */
export function microPRF(parts: Array<{ pred: Span[]; gold: Span[] }>, match: typeof exactPRF): PRF {
  let tpP = 0, tpR = 0, pred = 0, gold = 0;
  for (const { pred: ps, gold: gs } of parts) {
    const m = match(ps, gs);
    tpP += m.p * m.pred;
    tpR += m.r * m.gold;
    pred += m.pred;
    gold += m.gold;
  }
  return prf(Math.round(tpP), pred, Math.round(tpR), gold);
}
