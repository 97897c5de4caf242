import { PRONOUNS } from './features.ts';
import type { TokenView } from './view.ts';

/*
 * Noun-phrase walks over tokens without a parser: where a source starts and ends, from word
 * shapes, stop words and punctuation.
 */

/** Words that end a source phrase when walking away from the cue: clause links, auxiliaries, adverbs. */
export const STOP = new Set([
  'that', 'and', 'but', 'or', 'because', 'which', 'who', 'whom', 'when', 'as', 'if', 'while', 'after', 'before',
  'since', 'so', 'then', 'than', 'where', 'whether', 'although', 'though', 'has', 'have', 'had', 'is', 'was', 'were',
  'are', 'be', 'been', 'would', 'will', 'could', 'should', 'may', 'might', 'can', 'also', 'later', 'previously',
  'repeatedly', 'once', 'reportedly', 'recently', 'did', 'does', 'do', 'not', 'never', 'often', 'already', 'even',
  'just', 'still', 'again', 'now', 'today', 'yesterday', 'on', 'in', 'at', 'to', 'for', 'with', 'by', 'from', 'about',
  'publicly', 'privately', 'openly', 'bluntly', 'flatly', 'quickly', 'then', 'finally', 'first', 'however', 'during',
]);
/** Prepositions allowed inside a source phrase ("the head of the agency", "a spokesman for Gazprom"). */
export const INNER = new Set(['of', 'for', 'at', 'in', 'the', 'from', 'with', 'to']);
/** Cues after which the source follows ("according to X"). */
export const SOURCE_AFTER = new Set(['according to', 'said by', 'according']);
export const MAX_SOURCE = 12;

export const JOINERS = new Set(['-', '/', '&', "'", '’', '%', '.']);
export const attached = (v: TokenView, a: number, b: number): boolean => a >= 0 && b < v.raw.length && v.doc.tokens[a]!.end === v.doc.tokens[b]!.start;
/** A word, or a mark glued inside one: "front-runner", "Sanders'", "42%", "USA TODAY/Rock". */
export const isWord = (v: TokenView, k: number): boolean => {
  const t = v.raw[k]!;
  if (/^[\p{L}\p{N}]/u.test(t) || v.low[k] === "'s" || v.low[k] === '’s') return true;
  if (!JOINERS.has(t)) return false;
  const before = attached(v, k - 1, k) && /[\p{L}\p{N}]$/u.test(v.raw[k - 1]!);
  const after = attached(v, k, k + 1) && /^[\p{L}\p{N}]/u.test(v.raw[k + 1]!);
  return t === '%' || t === "'" || t === '’' ? before : before && after;
};
/** Days and months end a source phrase even when capitalised ("the candidates Thursday"). */
export const DATES = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);
/** Lower-case adverbs ("widely", "effectively") sit between source and cue but belong to neither. */
export const isStop = (v: TokenView, k: number): boolean =>
  // A capitalised stop word mid-sentence is part of a name ("USA Today", "Then Again").
  (STOP.has(v.low[k]!) && (!/^\p{Lu}/u.test(v.raw[k]!) || k === v.sentStart[v.sent[k]!])) || /^[a-z]+ly$/.test(v.raw[k]!) || DATES.has(v.low[k]!);
export const isCap = (v: TokenView, k: number): boolean => /^\p{Lu}/u.test(v.raw[k]!);

/** Walks left from token `end - 1` over a noun phrase; returns its first token, or `end` if none. */
export function phraseLeft(v: TokenView, end: number, lo: number): number {
  let k = end - 1;
  while (k >= lo && end - k <= MAX_SOURCE) {
    // A parenthesis inside the name: "Sen. Mitch McConnell (R-Ky.)".
    if (v.raw[k] === ')') {
      let o = k - 1;
      while (o > lo && k - o < 8 && v.raw[o] !== '(') o--;
      if (v.raw[o] !== '(') break;
      k = o - 1;
      continue;
    }
    if (v.quote[k] !== 0 || !isWord(v, k)) break;
    if (isStop(v, k) && !(INNER.has(v.low[k]!) && k > lo && isWord(v, k - 1) && !isStop(v, k - 1))) break;
    k--;
  }
  // A phrase may not start with an inner preposition.
  let start = k + 1;
  while (start < end && INNER.has(v.low[start]!) && v.low[start] !== 'the') start++;
  return start;
}

/** Walks right from `start` over a noun phrase; returns its end, or `start` if none. */
export function phraseRight(v: TokenView, start: number, hi: number): number {
  let k = start;
  while (k < hi && k - start < MAX_SOURCE && v.quote[k] === 0 && isWord(v, k)) {
    if (isStop(v, k) && !(INNER.has(v.low[k]!) && k > start)) break;
    k++;
  }
  if (v.raw[k] === '(') {
    let c = k + 1;
    while (c < hi && c - k < 8 && v.raw[c] !== ')') c++;
    if (v.raw[c] === ')') k = c + 1;
  }
  while (k > start && INNER.has(v.low[k - 1]!)) k--;
  return k;
}

/** A past participle, regular or one of the common irregular ones ("seen", "written", "held"). */
const PAST_PARTICIPLE = /^(\p{Ll}{2,}ed|seen|written|shown|drawn|given|taken|made|held|led|sent|kept|built|run|read|paid|put|set|found|brought|bought|done|known|chosen|spoken)$/u;

/**
 * The source left of a cue, with one appositive: "Anna Petrova, the ministry spokeswoman, said".
 * Returns null when no noun phrase ends right before the cue.
 */
export function sourceLeft(v: TokenView, cue: number, lo: number): [number, number] | null {
  const i = skipTimeBefore(v, cue, lo);
  let end = i;
  const appositive = v.raw[i - 1] === ',' && i - 2 >= lo && v.quote[i - 2] === 0;
  if (appositive) {
    end = i - 1;
    const aged = withAge(v, end, lo);
    const relative = relativeClauseSource(v, end, lo) ?? (aged && [aged[0], end + 1]);
    if (relative) return relative;
  }
  let start = phraseLeft(v, end, lo);
  if (start >= end) return null;
  // "Documents seen by this paper show", "A study commissioned by the ministry found": the walk
  // stopped at "by", and the agent alone was taken for the source.
  if (!appositive && v.low[start - 1] === 'by' && PAST_PARTICIPLE.test(v.low[start - 2] ?? '')) {
    const head = phraseLeft(v, start - 1, lo);
    if (head < start - 2) start = head;
  }
  if (appositive) {
    // "X, the spokeswoman, said": both parts and, as PolNeAR marks it, the closing comma;
    // "The talks failed, she said" is no appositive.
    if (v.raw[start - 1] !== ',') return null;
    // One of the two parts must be a name: "Anna Petrova, the spokeswoman," or "the envoy, Vasily Nebenzya,".
    const head = phraseLeft(v, start - 1, lo);
    if (head >= start - 1 || !(isCap(v, head) || (isCap(v, start) && NP_START.has(v.low[head]!)))) return null;
    return [head, end + 1];
  }
  // "official figures published on Thursday show": a participle (and the time phrase after it)
  // between the noun phrase and the cue belongs to the source.
  if (end - 1 > start && PAST_PARTICIPLE.test(v.low[end - 1]!) && plausibleSource(v, start, end - 1)) return [start, cue];
  return plausibleSource(v, start, dropTrailingTime(v, start, end));
}

/**
 * "Marin, now 41, says" / "Ellis, 78, who …": a name and the age after it, up to `comma`, the
 * comma that ends the age (before the cue, or before a relative clause).
 */
function withAge(v: TokenView, comma: number, lo: number): [number, number] | null {
  let k = comma - 1;
  if (!/^\d{1,3}$/.test(v.raw[k] ?? '')) return null;
  if (/^(now|aged)$/.test(v.low[k - 1] ?? '')) k--;
  if (v.raw[k - 1] !== ',') return null;
  const name = phraseLeft(v, k - 1, lo);
  return name < k - 1 && isCap(v, name) ? [name, comma] : null;
}

/** A clause this long or longer between the commas is a sentence of its own, not a source's relative clause. */
const MAX_RELATIVE = 2 * MAX_SOURCE;

/**
 * "The harbour master, who took office in May, said": the noun phrase before the relative clause.
 * `comma` is the token of the comma before the cue. Without this the walk stopped at "who", found
 * no source, and the source was looked for after the cue, where the content starts ("said the
 * deal was signed"). PolNeAR marks such a source with its clause about as often as without it
 * ("Trump, who has a commanding lead in delegates, mocked"; the same exact F1 on train either
 * way); without reads better in a list of who said what.
 */
function relativeClauseSource(v: TokenView, comma: number, lo: number): [number, number] | null {
  for (let k = comma - 1; k > lo && comma - k <= MAX_RELATIVE; k--) {
    if (v.quote[k] !== 0 || /^[.;:!?]$/.test(v.raw[k]!)) return null;
    if (v.raw[k] !== ',') continue;
    // A relative clause, or a participle that shortens one ("The report, published on Tuesday, found").
    if (!/^(who|whose|whom|which|[a-z]{3,}ed|seen|written|given|taken|shown|known|drawn|made|sent|led|held|run|built|paid)$/.test(v.low[k + 1]!)) return null;
    // "Margaret Ellis, 78, who …": an age after the name is no source of its own.
    return withAge(v, k, lo) ?? plausibleSource(v, phraseLeft(v, k, lo), k);
  }
  return null;
}

/** "Peskov on Monday said", "the allies last week predicted": the time phrase before the cue is skipped. */
function skipTimeBefore(v: TokenView, i: number, lo: number): number {
  let k = i;
  if (k - 1 > lo && /^(morning|afternoon|evening|night)$/.test(v.low[k - 1]!) && DATES.has(v.low[k - 2]!)) k--;
  if (k - 1 > lo && (DATES.has(v.low[k - 1]!) || /^(yesterday|today|earlier|tonight)$/.test(v.low[k - 1]!))) {
    k--;
    if (k - 1 > lo && v.low[k - 1] === 'on') k--;
  } else if (k - 2 > lo && TIME_NOUNS.has(v.low[k - 1]!) && /^(this|last)$/.test(v.low[k - 2]!)) {
    k -= 2;
  }
  return k;
}

/** Articles, which alone are no source. */
const ARTICLES = new Set(['a', 'an', 'the']);
/** Determiners, quantifiers and possessives a lower-case source may start with ("the ministry", "many residents"). */
export const NP_START = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'some', 'many', 'most', 'several', 'all', 'both', 'each', 'every',
  'his', 'her', 'their', 'its', 'our', 'my', 'your', 'no', 'few', 'other', 'another', 'more', 'one', 'two', 'three',
  'officials', 'critics', 'experts', 'analysts', 'sources', 'residents', 'witnesses', 'supporters', 'opponents', 'voters',
]);

/** Words that cannot modify a plural source ("what officials", "take leaders" were read as sources). */
const NOT_MODIFIERS = new Set(['what', 'why', 'whose', 'which', 'who', 'how', 'where', 'when', 'yet', 'the', 'a', 'an', 'take', 'run', 'make', 'give', 'get', 'positive', 'negative']);

/**
 * Without a parser, a walk over words also crosses verbs ("passed laws", "quick to"): keep a
 * phrase only when it starts like a noun phrase, else from its first capitalised word, else none.
 */
export function plausibleSource(v: TokenView, start: number, end: number): [number, number] | null {
  if (end <= start) return null;
  // An article alone is no source: "…, a claim election officials called …" had the source "a".
  if (end - start === 1 && ARTICLES.has(v.low[start]!)) return null;
  if (isCap(v, start) || PRONOUNS.has(v.low[start]!) || NP_START.has(v.low[start]!) || /^\d/.test(v.raw[start]!)) return [start, end];
  // A bare plural ("…, campaigners claimed", "economists at the central bank predict", "people
  // familiar with the matter said"), as "critics" is.
  if (/^[a-z]{4,}[^s]s$/.test(v.raw[start]!) || v.raw[start] === 'people') return [start, end];
  // … or ends with one after a modifier or two ("election officials", "local health experts").
  // Its modifiers are plain words: no verb form ("supplied ample reasons"), wh-word or article.
  const modifier = (w: string) => /^[a-z][a-z-]*$/.test(w) && !/(ed|ing)$/.test(w) && !PAST_PARTICIPLE.test(w) && !NOT_MODIFIERS.has(w);
  if (end - start <= 3 && /^[a-z]{4,}[^s]s$/.test(v.raw[end - 1]!) && v.raw.slice(start, end - 1).every(modifier)) return [start, end];
  for (let k = start + 1; k < end; k++) if (isCap(v, k)) return [k, end];
  return null;
}

export const TIME_NOUNS = new Set(['week', 'month', 'year', 'night', 'morning', 'afternoon', 'evening', 'weekend']);
/** "scientists this week published": the time phrase is neither source nor cue. */
export function dropTrailingTime(v: TokenView, start: number, end: number): number {
  if (end - start > 2 && TIME_NOUNS.has(v.low[end - 1]!) && /^(this|last|next|that|every)$/.test(v.low[end - 2]!)) return end - 2;
  return end;
}

/** The subject at the start of a sentence: a pronoun or a run of capitalised words ("Sen. Ted Cruz"). */
export function sentenceSubject(v: TokenView, lo: number, limit: number): [number, number] | null {
  if (/^(he|she|they|we|i)$/.test(v.low[lo]!)) return [lo, lo + 1];
  let k = lo;
  while (k < limit && k - lo < MAX_SOURCE && (isCap(v, k) || (v.raw[k] === '.' && k > lo) || (isWord(v, k) && !/^\p{L}/u.test(v.raw[k]!)) || (INNER.has(v.low[k]!) && k > lo && isCap(v, k + 1)))) k++;
  if (k === lo || k >= limit || !(/^\p{Ll}/u.test(v.raw[k]!) || v.raw[k] === ',' || v.raw[k] === '(')) return null;
  // "The" alone at the start is no subject; "Rubio", "Sen. Ted Cruz" are.
  return k - lo === 1 && STOP.has(v.low[lo]!) ? null : [lo, k];
}

export function sourceRight(v: TokenView, j: number, hi: number): [number, number] | null {
  const end = phraseRight(v, j, hi);
  if (end <= j) return null;
  // An appositive after the name runs to the end of the sentence in news style:
  // "said Anna Petrova, the ministry spokeswoman who …", "said Sara Walker, 44, a nurse from …",
  // "said Robert Klein, chairman of the institute" (a lower-case word that is no stop word,
  // adverb or participle: "said Klein, adding that …" is a second cue).
  const opensAppositive = (k: number) => /^(the|a|an|\d+|who|whose|one|another|former|then)$/.test(v.low[k]!) || (/^\p{Ll}+$/u.test(v.raw[k]!) && !STOP.has(v.low[k]!) && !/ing$/.test(v.low[k]!) && !/ly$/.test(v.low[k]!));
  if (v.raw[end] === ',' && end + 1 < hi && opensAppositive(end + 1) && !v.quote.subarray(end, hi).some((q) => q === 1)) {
    const stop = trimEnd(v, end + 1, hi);
    if (stop > end + 1 && stop - j <= 3 * MAX_SOURCE) return [j, stop];
  }
  return [j, end];
}

/** "According to a report circulated on Monday, …": the whole phrase up to the comma is the source. */
export function upToComma(v: TokenView, j: number, hi: number): [number, number] | null {
  const comma = (from: number): number => {
    for (let k = from; k < Math.min(hi - 1, from + MAX_SOURCE + 4); k++) {
      if (v.raw[k] === ',') return k;
      if (v.quote[k] || !isWord(v, k)) return -1;
    }
    return -1;
  };
  const first = comma(j + 1);
  if (first < 0) return null;
  // "According to General Sidorov, the head of the centre, …": the appositive too.
  if (/^(the|a|an)$/.test(v.low[first + 1] ?? '')) {
    const second = comma(first + 2);
    if (second > 0) return [j, second];
  }
  return [j, first];
}

/** Skips a trailing sentence mark so indirect content ends at its last word. */
export function trimEnd(v: TokenView, start: number, end: number): number {
  while (end > start && /^[.,;:!?]$/.test(v.raw[end - 1]!)) end--;
  return end;
}
