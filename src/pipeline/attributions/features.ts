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

/** Context features of a cue candidate for the cue classifier: the phrase, its neighbours and nearby quotes. */
export function cueFeatures(view: TokenView, c: CueCandidate): string[] {
  const { low, raw, quote, sent, sentStart, sentEnd } = view;
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
  let quoteIn = false;
  let quoteNear = false;
  for (let k = lo; k < hi; k++) {
    if (quote[k]) {
      quoteIn = true;
      if (Math.abs(k - c.i) <= 4 || Math.abs(k - c.j) <= 4) quoteNear = true;
    }
  }
  if (quoteIn) f.push('quoteIn');
  if (quoteNear) f.push(`quoteNear|${c.key}`, 'quoteNear');
  return f;
}
