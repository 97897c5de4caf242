import type { CueCandidate } from './lexicon.ts';
import type { TokenView } from './view.ts';

export const PRONOUNS = new Set(['he', 'she', 'they', 'i', 'we', 'you', 'it']);

const shape = (raw: string | undefined): string => {
  if (raw === undefined) return 'none';
  if (/^[A-Z][a-z]/.test(raw)) return 'Cap';
  if (/^[A-Z]+$/.test(raw)) return 'CAPS';
  if (/^[a-z]/.test(raw)) return 'low';
  if (/^\d/.test(raw)) return 'num';
  return raw;
};

const quoteCounts = new WeakMap<TokenView, Uint32Array>();

/** Quote-mark tokens before each token index of the view (one more entry than tokens). */
function quotesBefore(view: TokenView): Uint32Array {
  let before = quoteCounts.get(view);
  if (!before) {
    before = new Uint32Array(view.quote.length + 1);
    for (let k = 0; k < view.quote.length; k++) before[k + 1] = before[k]! + (view.quote[k] ? 1 : 0);
    quoteCounts.set(view, before);
  }
  return before;
}

/** Context features of a cue candidate for the cue classifier: the phrase, its neighbours and nearby quotes. */
export function cueFeatures(view: TokenView, c: CueCandidate): string[] {
  const { low, raw, sent, sentStart, sentEnd } = view;
  const s = sent[c.i]!;
  const lo = sentStart[s]!;
  const hi = sentEnd[s]!;
  const at = (k: number): string => (k >= lo && k < hi ? low[k]! : k < lo ? '<s>' : '</s>');
  const f = [
    `k=${c.key}`,
    `prior=${Math.min(9, Math.floor(c.prior * 10))}`,
    `p1=${at(c.i - 1)}`,
    `p2=${at(c.i - 2)}`,
    `n1=${at(c.j)}`,
    `n2=${at(c.j + 1)}`,
    `k|n1=${c.key}|${at(c.j)}`,
    `p1|k=${at(c.i - 1)}|${c.key}`,
    `ps=${shape(c.i - 1 >= lo ? raw[c.i - 1] : undefined)}`,
    `ns=${shape(c.j < hi ? raw[c.j] : undefined)}`,
    `cs=${shape(raw[c.i])}`,
    `pos=${c.i === lo ? 'first' : c.j === hi ? 'last' : c.j + 1 === hi ? 'penult' : 'mid'}`,
  ];
  if (PRONOUNS.has(at(c.i - 1))) f.push('p1pron');
  // Counted from prefix sums, not by scanning the sentence for each cue: a sentence of many cues
  // ("said said said …", 500 KB) made that quadratic, 39 s for one text.
  const before = quotesBefore(view);
  const quotes = (a: number, b: number) => before[Math.min(b, hi)]! - before[Math.max(a, lo)]! > 0;
  const quoteIn = quotes(lo, hi);
  const quoteNear = quotes(c.i - 4, c.i + 5) || quotes(c.j - 4, c.j + 5);
  if (quoteIn) f.push('quoteIn');
  if (quoteNear) f.push(`quoteNear|${c.key}`, 'quoteNear');
  // Inside a quotation a report verb is part of what is quoted ("“… as he told us …”"), and PolNeAR
  // does not mark it; without this the classifier learned such words ("told us") as no cue anywhere.
  if (view.inQuote[c.i]! >= 0) f.push('inQuote', `inQuote|${c.key}`);
  return f;
}
