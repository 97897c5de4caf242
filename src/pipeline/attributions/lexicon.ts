import type { TokenView } from './view.ts';

/** Longest cue phrase, in tokens, that the lexicon keeps. */
export const MAX_CUE_TOKENS = 4;

/**
 * Cue phrases (lower-cased tokens joined by one space) with their prior: how often the phrase was
 * an annotated cue among all its occurrences in PolNeAR train.
 */
export type CueLexicon = Map<string, number>;

export interface CueCandidate {
  /** Token range [i, j). */
  i: number;
  j: number;
  key: string;
  prior: number;
}

/** Every word-prefix of the lexicon's phrases: lookups stop as soon as no phrase can continue. */
const prefixesOf = new WeakMap<CueLexicon, Set<string>>();
function prefixes(lexicon: CueLexicon): Set<string> {
  let set = prefixesOf.get(lexicon);
  if (!set) {
    set = new Set();
    for (const key of lexicon.keys()) {
      const words = key.split(' ');
      for (let n = 1; n <= words.length; n++) set.add(words.slice(0, n).join(' '));
    }
    prefixesOf.set(lexicon, set);
  }
  return set;
}

/** Greedy longest-match lookup, left to right, of lexicon phrases within one sentence. */
export function findCandidates(view: TokenView, lexicon: CueLexicon): CueCandidate[] {
  const out: CueCandidate[] = [];
  const { low, sent } = view;
  const n = low.length;
  const known = prefixes(lexicon);
  for (let i = 0; i < n; i++) {
    if (!known.has(low[i]!)) continue;
    let best: CueCandidate | null = null;
    let key = '';
    for (let len = 1; len <= MAX_CUE_TOKENS && i + len <= n; len++) {
      const k = i + len - 1;
      if (sent[k] !== sent[i]) break;
      key = len === 1 ? low[k]! : `${key} ${low[k]}`;
      if (!known.has(key)) break;
      const prior = lexicon.get(key);
      if (prior !== undefined) best = { i, j: i + len, key, prior };
    }
    if (best) {
      out.push(best);
      i = best.j - 1;
    }
  }
  return out;
}

/** Simple inflections of a base-form report verb ("warn" -> warns, warned, warning). */
export function inflect(verb: string): string[] {
  const forms = [verb];
  if (verb.endsWith('e')) forms.push(`${verb}s`, `${verb}d`, `${verb.slice(0, -1)}ing`);
  else if (/[^aeiou]y$/.test(verb)) forms.push(`${verb.slice(0, -1)}ies`, `${verb.slice(0, -1)}ied`, `${verb}ing`);
  else if (/(s|sh|ch|x|z)$/.test(verb)) forms.push(`${verb}es`, `${verb}ed`, `${verb}ing`);
  else forms.push(`${verb}s`, `${verb}ed`, `${verb}ing`);
  return forms;
}
