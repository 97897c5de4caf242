import type { Doc } from '../../doc/doc.ts';
import type { Style } from '../../report/schema.ts';
import type { Lexicon } from '../claims/lexicon.ts';

/** How much an exclamation mark per sentence adds to the loaded-word share in the raw score. */
const EXCLAMATION_WEIGHT = 0.1;

export interface StyleCounts {
  words: number;
  loaded: number;
  exclamations: number;
  sentences: number;
}

/** Counts body words that are strongly subjective (MPQA) or hyperbolic, and '!' runs in the body. */
export function countStyle(doc: Doc, lex: Lexicon): StyleCounts {
  const bodyStart = doc.title?.end ?? 0;
  let words = 0;
  let loaded = 0;
  let exclamations = 0;
  for (const t of doc.tokens) {
    if (t.start < bodyStart) continue;
    if (t.kind === 'word') {
      words++;
      const hits = lex.lookup(doc.text.slice(t.start, t.end).toLowerCase());
      if (hits.includes('strongsubj') || hits.includes('hyperbolic')) loaded++;
    } else if (doc.text.charCodeAt(t.start) === 33 /* ! */) exclamations++;
  }
  return { words, loaded, exclamations, sentences: doc.bodySentences.length };
}

/** Loaded-word share plus a small weight per exclamation mark per sentence. */
export function rawStyleScore(c: StyleCounts): number {
  const share = c.words ? c.loaded / c.words : 0;
  return share + EXCLAMATION_WEIGHT * Math.min(1, c.sentences ? c.exclamations / c.sentences : 0);
}

/**
 * `sensational` is the share of a reference set of news articles (sorted raw scores, stored
 * with the model) whose style score is lower than this one: 0.9 means more loaded than nine in ten.
 */
export function styleOf(c: StyleCounts, reference: readonly number[]): Style {
  const raw = rawStyleScore(c);
  let lo = 0;
  let hi = reference.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (reference[mid]! < raw) lo = mid + 1;
    else hi = mid;
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    sensational: reference.length ? round(lo / reference.length) : 0,
    loadedWordShare: round(c.words ? c.loaded / c.words : 0),
    exclamations: c.exclamations,
  };
}
