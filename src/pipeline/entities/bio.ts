/** An entity chunk over token indices [start, end). */
export interface Chunk {
  type: string;
  start: number;
  end: number;
}

/**
 * Chunks of a BIO (or IOB1) tag sequence, read the way the conlleval script reads them:
 * an I- tag whose type differs from the open chunk starts a new chunk.
 */
export function chunks(tags: readonly string[]): Chunk[] {
  const out: Chunk[] = [];
  let open: Chunk | null = null;
  tags.forEach((tag, i) => {
    const prefix = tag[0];
    const type = tag.slice(2);
    if (tag === 'O' || (prefix !== 'B' && prefix !== 'I')) {
      open = null;
      return;
    }
    if (prefix === 'B' || !open || open.type !== type) {
      open = { type, start: i, end: i + 1 };
      out.push(open);
    } else {
      open.end = i + 1;
    }
  });
  return out;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  pred: number;
}

function prf(correct: number, gold: number, pred: number): Prf {
  const precision = pred ? correct / pred : 0;
  const recall = gold ? correct / gold : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, gold, pred };
}

/** CoNLL-2003 entity-level scores: a predicted entity counts only with the exact span and type. */
export function scoreEntities(gold: readonly string[][], pred: readonly string[][]): { overall: Prf; perType: Record<string, Prf> } {
  if (gold.length !== pred.length) throw new Error(`scoring ${pred.length} predicted sentences against ${gold.length} gold ones`);
  const counts = new Map<string, { correct: number; gold: number; pred: number }>();
  const bump = (type: string, key: 'correct' | 'gold' | 'pred') => {
    for (const k of [type, '*']) {
      const c = counts.get(k) ?? { correct: 0, gold: 0, pred: 0 };
      c[key]++;
      counts.set(k, c);
    }
  };
  gold.forEach((g, i) => {
    const p = pred[i]!;
    if (g.length !== p.length) throw new Error(`sentence ${i}: ${p.length} predicted tags for ${g.length} tokens`);
    const gc = chunks(g);
    const pc = chunks(p);
    const goldKeys = new Set(gc.map((c) => `${c.type}:${c.start}:${c.end}`));
    for (const c of gc) bump(c.type, 'gold');
    for (const c of pc) {
      bump(c.type, 'pred');
      if (goldKeys.has(`${c.type}:${c.start}:${c.end}`)) bump(c.type, 'correct');
    }
  });
  const all = counts.get('*') ?? { correct: 0, gold: 0, pred: 0 };
  const perType: Record<string, Prf> = {};
  for (const [k, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) if (k !== '*') perType[k] = prf(c.correct, c.gold, c.pred);
  return { overall: prf(all.correct, all.gold, all.pred), perType };
}
