/** Ranking metrics as CLEF-2020 CheckThat! Task 2 reports them. */

/** Average precision over the first k results, divided by min(relevant, k). */
export function averagePrecisionAt(ranked: string[], relevant: string[], k = 5): number {
  const rel = new Set(relevant);
  let hits = 0, sum = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (rel.has(id)) sum += ++hits / (i + 1);
  });
  return rel.size ? sum / Math.min(rel.size, k) : 0;
}

export function reciprocalRank(ranked: string[], relevant: string[]): number {
  const i = ranked.findIndex((id) => relevant.includes(id));
  return i < 0 ? 0 : 1 / (i + 1);
}

export const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
