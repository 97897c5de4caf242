import type { Span } from '../../doc/span.ts';
import type { CueCandidate } from './lexicon.ts';
import { PRONOUNS } from './features.ts';
import type { TokenView } from './view.ts';

/** Token ranges [i, j) of one attribution before they become character spans. */
export interface TokenAttribution {
  cue: CueCandidate;
  source: [number, number] | null;
  content: [number, number];
  direct: boolean;
}

/** Words that end a source phrase when walking away from the cue: clause links, auxiliaries, adverbs. */
const STOP = new Set([
  'that', 'and', 'but', 'or', 'because', 'which', 'who', 'whom', 'when', 'as', 'if', 'while', 'after', 'before',
  'since', 'so', 'then', 'than', 'where', 'whether', 'although', 'though', 'has', 'have', 'had', 'is', 'was', 'were',
  'are', 'be', 'been', 'would', 'will', 'could', 'should', 'may', 'might', 'can', 'also', 'later', 'previously',
  'repeatedly', 'once', 'reportedly', 'recently', 'did', 'does', 'do', 'not', 'never', 'often', 'already', 'even',
  'just', 'still', 'again', 'now', 'today', 'yesterday', 'on', 'in', 'at', 'to', 'for', 'with', 'by', 'from', 'about',
  'publicly', 'privately', 'openly', 'bluntly', 'flatly', 'quickly', 'then', 'finally', 'first', 'however', 'during',
]);
/** Prepositions allowed inside a source phrase ("the head of the agency", "a spokesman for Gazprom"). */
const INNER = new Set(['of', 'for', 'at', 'in', 'the', 'from', 'with', 'to']);
/** Cues after which the source follows ("according to X"). */
const SOURCE_AFTER = new Set(['according to', 'said by', 'according']);
const MAX_SOURCE = 12;

const JOINERS = new Set(['-', '/', '&', "'", '’', '%', '.']);
const attached = (v: TokenView, a: number, b: number): boolean => a >= 0 && b < v.raw.length && v.doc.tokens[a]!.end === v.doc.tokens[b]!.start;
/** A word, or a mark glued inside one: "front-runner", "Sanders'", "42%", "USA TODAY/Rock". */
const isWord = (v: TokenView, k: number): boolean => {
  const t = v.raw[k]!;
  if (/^[\p{L}\p{N}]/u.test(t) || v.low[k] === "'s" || v.low[k] === '’s') return true;
  if (!JOINERS.has(t)) return false;
  const before = attached(v, k - 1, k) && /[\p{L}\p{N}]$/u.test(v.raw[k - 1]!);
  const after = attached(v, k, k + 1) && /^[\p{L}\p{N}]/u.test(v.raw[k + 1]!);
  return t === '%' || t === "'" || t === '’' ? before : before && after;
};
/** Days and months end a source phrase even when capitalised ("the candidates Thursday"). */
const DATES = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);
/** Lower-case adverbs ("widely", "effectively") sit between source and cue but belong to neither. */
const isStop = (v: TokenView, k: number): boolean =>
  // A capitalised stop word mid-sentence is part of a name ("USA Today", "Then Again").
  (STOP.has(v.low[k]!) && (!/^\p{Lu}/u.test(v.raw[k]!) || k === v.sentStart[v.sent[k]!])) || /^[a-z]+ly$/.test(v.raw[k]!) || DATES.has(v.low[k]!);
const isCap = (v: TokenView, k: number): boolean => /^\p{Lu}/u.test(v.raw[k]!);

/** Walks left from token `end - 1` over a noun phrase; returns its first token, or `end` if none. */
function phraseLeft(v: TokenView, end: number, lo: number): number {
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
function phraseRight(v: TokenView, start: number, hi: number): number {
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

/**
 * The source left of a cue, with one appositive: "Anna Petrova, the ministry spokeswoman, said".
 * Returns null when no noun phrase ends right before the cue.
 */
function sourceLeft(v: TokenView, i: number, lo: number): [number, number] | null {
  let end = i;
  const appositive = v.raw[i - 1] === ',' && i - 2 >= lo && v.quote[i - 2] === 0;
  if (appositive) end = i - 1;
  const start = phraseLeft(v, end, lo);
  if (start >= end) return null;
  if (appositive) {
    // "X, the spokeswoman, said": both parts and, as PolNeAR marks it, the closing comma;
    // "The talks failed, she said" is no appositive.
    if (v.raw[start - 1] !== ',') return null;
    // One of the two parts must be a name: "Anna Petrova, the spokeswoman," or "the envoy, Vasily Nebenzya,".
    const head = phraseLeft(v, start - 1, lo);
    if (head >= start - 1 || !(isCap(v, head) || (isCap(v, start) && NP_START.has(v.low[head]!)))) return null;
    return [head, end + 1];
  }
  return plausibleSource(v, start, dropTrailingTime(v, start, end));
}

/** Determiners, quantifiers and possessives a lower-case source may start with ("the ministry", "many residents"). */
const NP_START = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'some', 'many', 'most', 'several', 'all', 'both', 'each', 'every',
  'his', 'her', 'their', 'its', 'our', 'my', 'your', 'no', 'few', 'other', 'another', 'more', 'one', 'two', 'three',
  'officials', 'critics', 'experts', 'analysts', 'sources', 'residents', 'witnesses', 'supporters', 'opponents', 'voters',
]);

/**
 * Without a parser, a walk over words also crosses verbs ("passed laws", "quick to"): keep a
 * phrase only when it starts like a noun phrase, else from its first capitalised word, else none.
 */
function plausibleSource(v: TokenView, start: number, end: number): [number, number] | null {
  if (end <= start) return null;
  if (isCap(v, start) || PRONOUNS.has(v.low[start]!) || NP_START.has(v.low[start]!) || /^\d/.test(v.raw[start]!)) return [start, end];
  for (let k = start + 1; k < end; k++) if (isCap(v, k)) return [k, end];
  return null;
}

const TIME_NOUNS = new Set(['week', 'month', 'year', 'night', 'morning', 'afternoon', 'evening', 'weekend']);
/** "scientists this week published": the time phrase is neither source nor cue. */
function dropTrailingTime(v: TokenView, start: number, end: number): number {
  if (end - start > 2 && TIME_NOUNS.has(v.low[end - 1]!) && /^(this|last|next|that|every)$/.test(v.low[end - 2]!)) return end - 2;
  return end;
}

/** The subject at the start of a sentence: a pronoun or a run of capitalised words ("Sen. Ted Cruz"). */
function sentenceSubject(v: TokenView, lo: number, limit: number): [number, number] | null {
  if (/^(he|she|they|we|i)$/.test(v.low[lo]!)) return [lo, lo + 1];
  let k = lo;
  while (k < limit && k - lo < MAX_SOURCE && (isCap(v, k) || (v.raw[k] === '.' && k > lo) || (isWord(v, k) && !/^\p{L}/u.test(v.raw[k]!)) || (INNER.has(v.low[k]!) && k > lo && isCap(v, k + 1)))) k++;
  if (k === lo || k >= limit || !(/^\p{Ll}/u.test(v.raw[k]!) || v.raw[k] === ',' || v.raw[k] === '(')) return null;
  // "The" alone at the start is no subject; "Rubio", "Sen. Ted Cruz" are.
  return k - lo === 1 && STOP.has(v.low[lo]!) ? null : [lo, k];
}

function sourceRight(v: TokenView, j: number, hi: number): [number, number] | null {
  const end = phraseRight(v, j, hi);
  if (end <= j) return null;
  // An appositive after the name runs to the end of the sentence in news style:
  // "said Anna Petrova, the ministry spokeswoman who …", "said Sara Walker, 44, a nurse from …".
  if (v.raw[end] === ',' && end + 1 < hi && /^(the|a|an|\d+|who|whose|one|another|former|then)$/.test(v.low[end + 1]!) && !v.quote.subarray(end, hi).some((q) => q === 1)) {
    const stop = trimEnd(v, end + 1, hi);
    if (stop > end + 1 && stop - j <= 3 * MAX_SOURCE) return [j, stop];
  }
  return [j, end];
}

/** "According to a report circulated on Monday, …": the whole phrase up to the comma is the source. */
function upToComma(v: TokenView, j: number, hi: number): [number, number] | null {
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
function trimEnd(v: TokenView, start: number, end: number): number {
  while (end > start && /^[.,;:!?]$/.test(v.raw[end - 1]!)) end--;
  return end;
}

/** Auxiliaries, negation and adverbs that PolNeAR counts as part of the cue ("would not endorse", "also said"). */
const CUE_MODIFIERS = new Set([
  'also', 'is', 'are', 'was', 'were', 'has', 'have', 'had', 'would', 'will', 'could', 'should', 'can', 'may', 'might',
  'not', "n't", 'n’t', 'never', 'later', 'repeatedly', 'previously', 'often', 'once', 'still', 'did', 'does', 'do',
  'be', 'been', 'being', 'again', 'already', 'even', 'just', 'reportedly', 'recently', 'then', 'first', 'further',
]);
const MAX_MODIFIERS = 3;

function withModifiers(v: TokenView, c: CueCandidate, lo: number): CueCandidate {
  let i = c.i;
  while (i - 1 >= lo && c.i - i < MAX_MODIFIERS && (CUE_MODIFIERS.has(v.low[i - 1]!) || /^[a-z]+ly$/.test(v.raw[i - 1]!))) i--;
  // "continued to warn", "declined to comment": the governing verb and "to" join the cue.
  if (i === c.i && v.low[i - 1] === 'to' && i - 2 >= lo && /^(continu|declin|refus|tri|tries|try|seek|sought|want|hop|plan|decid|fail|vow|promis|agree)/.test(v.low[i - 2]!)) {
    i -= 2;
    while (i - 1 >= lo && c.i - i < MAX_MODIFIERS + 2 && CUE_MODIFIERS.has(v.low[i - 1]!)) i--;
  }
  return i === c.i ? c : { ...c, i };
}

const RAISING = /^(seem|seems|seemed|seeming|appear|appears|appeared)$/;
const RAISED = /^(expected|considered|seen|believed|thought|viewed|regarded|perceived|deemed|likely)$/;
const AUX = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', "'s", '’s']);
const OBJECT_CUES = /^(tell|told|warn|assur|remind|inform|convinc|persuad|notif|promis|advis|urg)/;
const TIME_LEAD = new Set(['on', 'in', 'at', 'during', 'last', 'this', 'earlier', 'late', 'early', 'morning', 'afternoon', 'evening', 'night', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'yesterday', 'today', 'privately', 'publicly', 'repeatedly', 'again']);
const TRAILING = new Set(['and', 'or', 'but', 'while', 'as', 'which', 'who', 'that']);
const CLAUSE_CUT = new Set(['while', 'but', 'as', 'although', 'though', 'even', 'whereas', 'which', 'and']);
const DASH = new Set(['-', '–', '—', '--']);

/**
 * Source and content around an accepted cue, by the usual news quotation patterns.
 * `nextCue` is the first token of the next accepted cue (indirect content stops before a new
 * ", saying …" clause); `prev` is the attribution before it, whose source a participle cue
 * ("…, adding that …") shares.
 */
export function extentsFor(
  v: TokenView,
  found: CueCandidate,
  nextCue: number,
  prev: TokenAttribution | null,
): TokenAttribution | null {
  const s = v.sent[found.i]!;
  const lo = v.sentStart[s]!;
  const hi = v.sentEnd[s]!;
  const c = withModifiers(v, found, lo);
  const n = v.low.length;
  // A sentence that starts in lower case after a quotation ("…!” said X") was split wrongly.
  const from = lo > 0 && /^\p{Ll}/u.test(v.raw[lo]!) ? lo - 2 : lo;
  const quoteBefore = (k: number): number => {
    // The closing mark of a quotation that ends right before token k: ",”", "”,", "”, –".
    let q = k - 1;
    while (q >= from && k - q <= 3 && (v.raw[q] === ',' || DASH.has(v.raw[q]!))) q--;
    return q >= from && v.quote[q] === 2 ? q : -1;
  };
  // "The opposition appears to win", "X is expected to …": no source; the subject is part of the content.
  const raising = RAISING.test(v.low[found.i]!) || (c.i < found.i && AUX.has(v.low[c.i]!) && RAISED.test(v.low[found.i]!));
  if (raising && v.low[c.j] !== 'by') {
    const subject = plausibleSource(v, phraseLeft(v, c.i, lo), c.i);
    const start = subject ? subject[0] : lo;
    const end = clauseEnd(v, c.j, hi, nextCue);
    if (end > c.j) return { cue: c, source: null, content: [start, end], direct: false };
  }
  // "Those results were ignored by the officers": the agent after "by" speaks about the subject.
  if (v.low[c.j] === 'by' && c.i < found.i && AUX.has(v.low[c.i]!)) {
    const agent = sourceRight(v, c.j + 1, hi);
    const subject = plausibleSource(v, phraseLeft(v, c.i, lo), c.i);
    if (agent && subject) return { cue: c, source: agent, content: subject, direct: false };
  }
  const participle = /ing$/.test(v.low[c.i]!) && v.raw[c.i - 1] === ',';
  const after = SOURCE_AFTER.has(c.key) || c.key.endsWith(' by');
  let source: [number, number] | null = null;
  if (after) source = SOURCE_AFTER.has(c.key) ? upToComma(v, c.j, hi) ?? sourceRight(v, c.j, hi) : sourceRight(v, c.j, hi);
  else if (v.low[c.i - 1] === 'who' || v.low[c.i - 1] === 'which') source = [c.i - 1, c.i];
  else if (!participle) source = sourceLeft(v, c.i, lo);
  if (!source && !participle && !after && (quoteBefore(c.i) >= 0 || c.i === lo || v.raw[c.i - 1] === ',')) source = sourceRight(v, c.j, hi);
  const leftEdge = source && source[1] <= c.i ? source[0] : c.i;
  const rightEdge = source && source[0] >= c.j ? source[1] : c.j;
  // Shared only after the edges are fixed: the earlier quotation is not this cue's content.
  if (!source && participle && prev?.source && v.sent[prev.cue.i] === s) source = prev.source;
  // "Rubio pushed back on Thursday, saying …", "He defended X and stressed …": the sentence subject.
  else if (!source && (participle || v.low[c.i - 1] === 'and') && lo < c.i - 1) source = sentenceSubject(v, lo, c.i - 1);
  const direct = (content: [number, number]): TokenAttribution => ({ cue: c, source, content, direct: true });
  // A quotation that goes on as the next sentence(s), even over a paragraph break
  // ("“…,” she said. “…”"), when no other cue claims it: returns the new end token.
  const continuation = (end: number): number => {
    if (nextCue < hi) return end;
    const k = v.sentEnd[v.sent[end - 1]!]!;
    if (k >= n || v.quote[k] !== 1 || v.partner[k]! <= k || k >= nextCue) return end;
    const p = v.partner[k]!;
    return p + 1 >= n || v.sent[p + 1] !== v.sent[p] ? p + 1 : end;
  };

  // Direct speech after the cue: "Petrova said: “…”", "he told reporters, “…”", "insisted that “…”".
  // Words may stand between cue and quotation ("told reporters: “…”") only before a colon or comma;
  // a quotation that the sentence goes on after is a quoted phrase inside indirect speech.
  let that = -1;
  for (let k = rightEdge; k < Math.min(n, rightEdge + 9); k++) {
    if (v.quote[k] === 1 && v.partner[k]! > k) {
      const p = v.partner[k]!;
      const joined = k === rightEdge || that === k - 1 || v.raw[k - 1] === ':' || v.raw[k - 1] === ',';
      const whole = p + 1 >= n || v.sent[p + 1] !== v.sent[p] || !isWord(v, p + 1);
      if (!joined || !whole) break;
      return direct([that >= 0 ? that : k, continuation(p + 1)]);
    }
    if (v.quote[k] || /^[.!?;]$/.test(v.raw[k]!)) break;
    if (v.low[k] === 'that') {
      if (that >= 0 || k > rightEdge + 3) break;
      that = k;
    } else if (that >= 0) break;
  }
  // Direct speech before it: "“…,” said Petrova", "“…,” she said, “…”", and a quotation that
  // goes on in the next sentence: "“…,” she said. “…”".
  const close = quoteBefore(leftEdge);
  if (close >= 0) {
    let end = close + 1;
    if (v.raw[rightEdge] === ',' && v.quote[rightEdge + 1] === 1 && v.partner[rightEdge + 1]! > rightEdge) {
      end = v.partner[rightEdge + 1]! + 1;
    } else if (nextCue >= hi) {
      end = continuation(end);
    }
    return direct([v.partner[close]!, end]);
  }
  // A cue inside the sentence it reports: "The talks, she said, have failed."
  if (leftEdge - 1 > lo && v.raw[leftEdge - 1] === ',' && v.raw[rightEdge] === ',' && rightEdge < hi - 1) {
    return { cue: c, source, content: [lo, trimEnd(v, lo, hi)], direct: false };
  }
  // Indirect speech before it: "The talks failed, Petrova said." / "…, according to officials."
  const atEnd = rightEdge >= hi || /^[.!?]$/.test(v.raw[rightEdge]!);
  if (atEnd && leftEdge - 1 > lo && v.raw[leftEdge - 1] === ',') {
    return { cue: c, source, content: [lo, leftEdge - 1], direct: false };
  }
  // Indirect speech after it, to the end of its clause ("according to X, …" skips the comma).
  let start = rightEdge;
  if (v.raw[start] === ',' || v.raw[start] === ':') start++;
  // "told reporters that …", "said on Wednesday that …": the object or time phrase is neither.
  if ((OBJECT_CUES.test(v.low[found.i]!) || TIME_LEAD.has(v.low[start] ?? '')) && v.low[start] !== 'that') {
    for (let k = start + 1; k <= start + 8 && k < hi; k++) {
      if (v.low[k] === 'that') {
        start = k;
        break;
      }
      if (!isWord(v, k) || CLAUSE_CUT.has(v.low[k]!) || v.low[k] === 'because' || v.low[k] === 'if') break;
    }
  }
  const end = clauseEnd(v, start, hi, nextCue);
  if (end <= start) return null;
  const opens = v.quote[start] === 1 || (v.low[start] === 'that' && v.quote[start + 1] === 1);
  return { cue: c, source, content: [start, end], direct: opens };
}

/** End of the clause from `start`: a spaced dash, ", while …", the next cue and its source, or the sentence end. */
function clauseEnd(v: TokenView, start: number, hi: number, nextCue: number): number {
  let end = start;
  while (end < hi) {
    if (DASH.has(v.raw[end]!) && end > start && v.doc.tokens[end]!.start > v.doc.tokens[end - 1]!.end) break;
    if (v.raw[end] === ',' && end > start && (CLAUSE_CUT.has(v.low[end + 1] ?? '') || end + 1 === nextCue)) break;
    if (end === nextCue && end > start) {
      // Stop before the next cue's own source too: "…, he added".
      const src = phraseLeft(v, end, start + 1);
      if (src < end) end = src;
      break;
    }
    end++;
  }
  end = trimEnd(v, start, end);
  while (end > start + 1 && TRAILING.has(v.low[end - 1]!)) end = trimEnd(v, start, end - 1);
  return end;
}

/** Headline-style quotations with the speaker's name and a colon: "Lavrov: “The West has lost …”". */
export function colonQuotes(v: TokenView): TokenAttribution[] {
  const out: TokenAttribution[] = [];
  for (let s = 0; s < v.sentStart.length; s++) {
    const lo = v.sentStart[s]!;
    let k = lo;
    while (k < v.sentEnd[s]! && k - lo < 4 && isCap(v, k) && isWord(v, k)) k++;
    const open = k + 1;
    if (k === lo || v.raw[k] !== ':' || v.quote[open] !== 1 || v.partner[open]! <= open) continue;
    out.push({ cue: { i: k, j: k + 1, key: ':', prior: 0 }, source: [lo, k], content: [open, v.partner[open]! + 1], direct: true });
  }
  return out;
}

export function toSpan(v: TokenView, [i, j]: [number, number]): Span {
  return { start: v.doc.tokens[i]!.start, end: v.doc.tokens[j - 1]!.end };
}
