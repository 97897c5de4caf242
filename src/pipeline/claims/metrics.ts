/** Precision, recall and F1 of the positive class at a score threshold. */
export function binaryScores(scores: ArrayLike<number>, gold: ArrayLike<number>, threshold = 0.5) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const p = scores[i]! >= threshold ? 1 : 0;
    if (p === 1 && gold[i] === 1) tp++;
    else if (p === 1) fp++;
    else if (gold[i] === 1) fn++;
    if (p === gold[i]) correct++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, accuracy: gold.length ? correct / gold.length : 0, n: gold.length };
}

/** Average precision of one ranking (CLEF CheckThat! style: mean precision at each positive). */
export function averagePrecision(scores: ArrayLike<number>, gold: ArrayLike<number>): number {
  const order = Array.from({ length: gold.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  let hits = 0;
  let sum = 0;
  order.forEach((i, rank) => {
    if (gold[i] === 1) sum += ++hits / (rank + 1);
  });
  return hits ? sum / hits : 0;
}
