/** A half-open character range [start, end) into a Doc's original text. */
export interface Span {
  start: number;
  end: number;
}

export const spanLength = (s: Span): number => s.end - s.start;

/** Characters shared by two half-open spans. */
export function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/**
 * Merge spans that share at least one character. Spans that only touch stay apart,
 * as in the SemEval-2020 Task 11 scorer.
 */
export function mergeOverlapping<T extends Span>(spans: readonly T[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Index of the first span in a start-sorted, non-overlapping list that ends after `pos`. */
export function firstEndingAfter(spans: readonly Span[], pos: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
