import type { Span } from '../../doc/span.ts';
import type { CueCandidate } from './lexicon.ts';
import type { TokenView } from './view.ts';
import { MAX_SOURCE, SOURCE_AFTER, isWord, isCap, phraseLeft, sourceLeft, plausibleSource, sentenceSubject, sourceRight, upToComma, trimEnd } from './phrases.ts';

/** Token ranges [i, j) of one attribution before they become character spans. */
export interface TokenAttribution {
  cue: CueCandidate;
  source: [number, number] | null;
  content: [number, number];
  direct: boolean;
}

/** Auxiliaries, negation and adverbs that PolNeAR counts as part of the cue ("would not endorse", "also said"). */
const CUE_MODIFIERS = new Set([
  'also', 'is', 'are', 'was', 'were', 'has', 'have', 'had', 'would', 'will', 'could', 'should', 'can', 'may', 'might',
  'not', "n't", 'n’t', 'never', 'later', 'repeatedly', 'previously', 'often', 'once', 'still', 'did', 'does', 'do',
  'be', 'been', 'being', 'again', 'already', 'even', 'just', 'reportedly', 'recently', 'then', 'first', 'further', 'long',
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
const CLAUSE_CUT = new Set(['while', 'but', 'as', 'although', 'though', 'even', 'whereas', 'which']);
const DASH = new Set(['-', '–', '—', '--']);
const SUBORDINATORS = new Set(['after', 'before', 'when', 'because', 'since', 'if', 'until', 'once', 'whether', 'unless']);

/** After a verb of telling, the end of whom it told when that ends the sentence or meets a time phrase ("journalists", "the crowd"), else `k`. */
function listenersEnd(v: TokenView, k: number, hi: number): number {
  let j = k;
  while (j < hi && j - k < 3 && isWord(v, j) && !TIME_LEAD.has(v.low[j]!) && v.low[j] !== 'that') j++;
  return j > k && (j >= hi || TIME_LEAD.has(v.low[j]!) || /^[.!?]$/.test(v.raw[j]!)) ? j : k;
}

/** After a cue, the end of a time phrase that opens there ("on Friday", "last week"), else `k`. */
function skipTimePhrase(v: TokenView, k: number, hi: number): number {
  if (!TIME_LEAD.has(v.low[k] ?? '')) return k;
  let j = k + 1;
  while (j < hi && j - k < 4 && isWord(v, j) && !CLAUSE_CUT.has(v.low[j]!) && v.low[j] !== 'that') j++;
  return j;
}

/**
 * "…, according to posts on several forums.": after a comma, "according to" ends the sentence,
 * and so does its source, prepositions and all (the walk stopped at "on", and "on several
 * forums" became the content).
 */
function trailingSource(v: TokenView, c: CueCandidate, lo: number, hi: number): [number, number] | null {
  if (c.i - 1 <= lo || v.raw[c.i - 1] !== ',' || v.quote.subarray(c.j, hi).some((q) => q !== 0)) return null;
  const end = trimEnd(v, c.j, hi);
  return end > c.j && end - c.j <= 2 * MAX_SOURCE ? [c.j, end] : null;
}

/**
 * A headline's frame without its article at the end of the sentence: "Vaccine linked to heart
 * attacks, study finds", "…, group says". A lower-case noun alone is no source elsewhere.
 */
function bareFrameSource(v: TokenView, c: CueCandidate, lo: number, hi: number): [number, number] | null {
  const start = phraseLeft(v, c.i, lo);
  const atEnd = c.j >= hi || /^[.!?]$/.test(v.raw[c.j]!);
  return atEnd && start > lo + 1 && start < c.i && c.i - start <= 3 && v.raw[start - 1] === ',' ? [start, c.i] : null;
}

/**
 * Auxiliaries that follow a clause's subject: after "said the deal" one means the deal is content.
 * Not "do" (a name's particle: "said Tomás do Rosário") nor "may".
 */
const FINITE_AUX = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'had', 'would', 'will', 'could', 'should', 'might', 'can', 'must']);

/**
 * The source after its cue in an inversion ("…, said Petrova", "“…,” said the minister"), unless
 * an auxiliary follows it: in ", said the deal was signed" the phrase opens the content.
 */
function invertedSource(v: TokenView, j: number, hi: number): [number, number] | null {
  const source = sourceRight(v, j, hi);
  return source && FINITE_AUX.has(v.low[source[1]] ?? '') ? null : source;
}

/** Where a passive report verb is followed by a place or time, not by what was said. */
const PLACE_OR_TIME = new Set(['in', 'at', 'on', 'across', 'during', 'around', 'throughout', 'near', 'from', 'among', 'since']);

/**
 * A passive report verb with neither content nor speaker: "the first cases of the virus were
 * reported in the town" tells where something happened, and listed as a report it showed "in
 * the town" as what was said. "It was reported on Monday that …" and a quotation or colon after
 * the phrase still report.
 */
export function reportsNothing(v: TokenView, c: CueCandidate): boolean {
  if (!AUX.has(v.low[c.i - 1] ?? '') || !PLACE_OR_TIME.has(v.low[c.j] ?? '')) return false;
  const hi = Math.min(v.sentEnd[v.sent[c.i]!]!, c.j + 9);
  for (let k = c.j + 1; k < hi; k++) if (v.low[k] === 'that' || v.quote[k] === 1 || v.raw[k] === ':') return false;
  return true;
}

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
  if (after) source = SOURCE_AFTER.has(c.key) ? upToComma(v, c.j, hi) ?? trailingSource(v, c, lo, hi) ?? sourceRight(v, c.j, hi) : sourceRight(v, c.j, hi);
  else if (v.low[c.i - 1] === 'who' || v.low[c.i - 1] === 'which') source = [c.i - 1, c.i];
  // A cue inside the content of the one before it reports within it, and its source starts there:
  // in "The minister said the report showed that …" the report shows, not "The minister said the report".
  else if (!participle) source = sourceLeft(v, c.i, prev && prev.content[0] > lo && prev.content[0] <= c.i && c.i < prev.content[1] ? prev.content[0] : lo);
  if (!source && !participle && !after && (quoteBefore(c.i) >= 0 || c.i === lo || v.raw[c.i - 1] === ',')) source = invertedSource(v, c.j, hi);
  if (!source && !participle && !after) source = bareFrameSource(v, c, lo, hi);
  // "“…,” union leader Kees de Vries told": a title in lower case between the quotation and the
  // name is part of the source (a lower-case phrase is kept only from its first capital), and
  // without it the quotation was not found next to its source.
  if (source && source[1] <= c.i) {
    const head = phraseLeft(v, source[0], lo);
    if (head < source[0] && quoteBefore(head) >= 0 && v.raw.slice(head, source[0]).every((w) => /^\p{Ll}+$/u.test(w))) source = [head, source[1]];
  }
  const leftEdge = source && source[1] <= c.i ? source[0] : c.i;
  const rightEdge = source && source[0] >= c.j ? source[1] : c.j;
  // Shared only after the edges are fixed: the earlier quotation is not this cue's content.
  if (!source && participle && prev?.source && v.sent[prev.cue.i] === s) source = prev.source;
  // "Council leader Peter Arnott dismissed … and said …": the subject the first verb found.
  else if (!source && v.low[c.i - 1] === 'and' && prev?.source?.[0] === lo && v.sent[prev.cue.i] === s) source = prev.source;
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
  const close = quoteBefore(leftEdge);
  // A quotation that opens mid-sentence ("This is a “raw time,” he said") or goes on a sentence
  // ("Sooner or later, he said, “it starts to pay off.”") takes the words before it along.
  const openedBy = (open: number): number => {
    const partial = open > lo && isWord(v, open - 1);
    const goesOn = /^\p{Ll}/u.test(v.raw[open + 1] ?? '') && leftEdge > lo && v.raw[leftEdge - 1] === ',';
    return partial || goesOn ? lo : open;
  };
  // Words may stand between cue and quotation ("told reporters: “…”") only before a colon or comma;
  // a quotation that the sentence goes on after is a quoted phrase inside indirect speech.
  let that = -1;
  for (let k = rightEdge; k < Math.min(n, rightEdge + 9); k++) {
    if (v.quote[k] === 1 && v.partner[k]! > k) {
      const p = v.partner[k]!;
      const joined = k === rightEdge || that === k - 1 || v.raw[k - 1] === ':' || v.raw[k - 1] === ',';
      const whole = p + 1 >= n || v.sent[p + 1] !== v.sent[p] || !isWord(v, p + 1);
      if (!joined || !whole) break;
      // "“Word is,” Trump said, “that …”": both parts. A quotation right after the cue or its
      // source starts the content: the word before it is no content ("Petrova said “…”" had
      // taken the whole sentence).
      const start = close >= 0 ? v.partner[close]! : that >= 0 ? that : k === rightEdge ? k : openedBy(k);
      return direct([start, continuation(p + 1)]);
    }
    if (v.quote[k] || /^[.!?;]$/.test(v.raw[k]!)) break;
    if (v.low[k] === 'that') {
      if (that >= 0 || k > rightEdge + 3) break;
      that = k;
    } else if (that >= 0) break;
  }
  // Direct speech before it: "“…,” said Petrova", "“…,” she said, “…”", and a quotation that
  // goes on in the next sentence: "“…,” she said. “…”".
  if (close >= 0) {
    let end = close + 1;
    if (v.raw[rightEdge] === ',' && v.quote[rightEdge + 1] === 1 && v.partner[rightEdge + 1]! > rightEdge) {
      end = v.partner[rightEdge + 1]! + 1;
    } else if (nextCue >= hi) {
      end = continuation(end);
    }
    return direct([openedBy(v.partner[close]!), end]);
  }
  // Indirect speech before a frame that a time phrase or a participle clause goes on from: "The
  // mill will close, the owners announced on Friday." / "…, the owners announced, putting 340
  // jobs at risk." (the participle tells what the news does, not what was said).
  // A verb of telling may name whom it told first: "…, the head of the administration told
  // journalists on Sunday." (the object had been taken for the content).
  const afterTime = skipTimePhrase(v, OBJECT_CUES.test(v.low[found.i]!) ? listenersEnd(v, rightEdge, hi) : rightEdge, hi);
  const endsFrame = afterTime >= hi || /^[.!?]$/.test(v.raw[afterTime]!) || (v.raw[afterTime] === ',' && /ing$/.test(v.low[afterTime + 1] ?? ''));
  if (endsFrame && leftEdge - 1 > lo && v.raw[leftEdge - 1] === ',') {
    return { cue: c, source, content: [lo, leftEdge - 1], direct: false };
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
  let end = clauseEnd(v, start, hi, nextCue);
  // "cited “military sources” but gave no evidence": a quotation that is all of the content so
  // far, followed by "but", ends what was said; the rest is what the speaker did.
  if (v.quote[start] === 1 && v.partner[start]! > start && v.partner[start]! < end - 1 && v.low[v.partner[start]! + 1] === 'but') end = v.partner[start]! + 1;
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
    // "Some argue the closure reflects decline; others say …": a semicolon ends the clause.
    if (v.raw[end] === ';' && end > start) break;
    if (end === nextCue && end > start) {
      // Stop before the next cue's own source too: "…, he added". But when that source opens the
      // content ("The minister said [the report] showed that …"), the next attribution is the
      // content: it nests, and cutting before its source left "the".
      // The walk starts before the next cue's auxiliaries and negation ("outlets [have not]
      // reported"): from the verb it met "not" at once, found no source and cut there.
      let cue = end;
      while (cue - 1 > start && end - cue < MAX_MODIFIERS && (CUE_MODIFIERS.has(v.low[cue - 1]!) || /^[a-z]+ly$/.test(v.raw[cue - 1]!))) cue--;
      const src = phraseLeft(v, cue, start + 1);
      const source = src > start + 1 && src < cue ? plausibleSource(v, src, cue) : null;
      // The next report is inside this content, not a cut in it, when also: the walk crossed a
      // verb and found no source ("had [ignored three studies] showing …"), or a subordinate
      // clause opens the report ("fired after warning that …", "hours after Donald Trump proposed …").
      const nested = src <= start + 1 || (src < cue && !source) || SUBORDINATORS.has(v.low[(source ? source[0] : cue) - 1] ?? '');
      if (nested) {
        end++;
        continue;
      }
      end = source ? source[0] : cue;
      break;
    }
    end++;
  }
  end = trimEnd(v, start, end);
  while (end > start + 1 && TRAILING.has(v.low[end - 1]!)) end = trimEnd(v, start, end - 1);
  return end;
}

/** Labels a headline opens with before a colon, which name no speaker: "BREAKING: …", "Exclusive: …". */
const KICKERS = new Set(['breaking', 'exclusive', 'watch', 'update', 'updated', 'live', 'video', 'photos', 'opinion', 'analysis', 'comment', 'editorial', 'explainer', 'revealed', 'shocking', 'urgent', 'alert', 'review', 'podcast', 'listen', 'factcheck', 'warning', 'confirmed']);

/**
 * Headline-style statements with the speaker's name and a colon: "Lavrov: “The West has lost …”"
 * anywhere, and "Lavrov: West Has Lost Its Mind" as the title.
 */
export function colonQuotes(v: TokenView): TokenAttribution[] {
  const out: TokenAttribution[] = [];
  const title = v.doc.title;
  for (let s = 0; s < v.sentStart.length; s++) {
    const lo = v.sentStart[s]!;
    const hi = v.sentEnd[s]!;
    let k = lo;
    while (k < hi && k - lo < 4 && isCap(v, k) && isWord(v, k)) k++;
    if (k === lo || v.raw[k] !== ':' || k + 1 >= hi || (k === lo + 1 && KICKERS.has(v.low[lo]!))) continue;
    const cue = { i: k, j: k + 1, key: ':', prior: 0 };
    const open = k + 1;
    if (v.quote[open] === 1 && v.partner[open]! > open) {
      out.push({ cue, source: [lo, k], content: [open, v.partner[open]! + 1], direct: true });
    } else if (title && v.doc.tokens[lo]!.start >= title.start && v.doc.tokens[hi - 1]!.end <= title.end) {
      const end = trimEnd(v, open, hi);
      if (end > open) out.push({ cue, source: [lo, k], content: [open, end], direct: false });
    }
  }
  return out;
}

/**
 * A quotation next to its speaker and a verb the cue lexicon does not know: "“…,” Petrova
 * retorted." / "“…,” retorted Petrova." / "“…,” she grumbled." / "Petrova retorted: “…”".
 */
export function speakerQuotes(v: TokenView, known: (word: string) => boolean): TokenAttribution[] {
  const out: TokenAttribution[] = [];
  const n = v.low.length;
  for (let q = 0; q < n; q++) {
    // "Petrova retorted: “…”"
    if (v.quote[q] === 1 && v.partner[q]! > q && (v.raw[q - 1] === ':' || v.raw[q - 1] === ',') && q - 3 >= 0) {
      const cue = q - 2;
      let start = cue;
      while (start - 1 >= 0 && cue - start < 4 && isCap(v, start - 1) && isWord(v, start - 1) && v.sent[start - 1] === v.sent[cue]) start--;
      if (start === cue && /^(he|she|they)$/.test(v.low[cue - 1] ?? '')) start = cue - 1;
      const isVerb = /^\p{Ll}+$/u.test(v.raw[cue]!) && /(ed|es|s)$/.test(v.raw[cue]!) && !known(v.low[cue]!);
      if (start < cue && isVerb) out.push({ cue: { i: cue, j: cue + 1, key: v.low[cue]!, prior: 0 }, source: [start, cue], content: [q, v.partner[q]! + 1], direct: true });
      continue;
    }
    if (v.quote[q] !== 2) continue;
    const inner = v.raw[q - 1] ?? '';
    let k = q + 1;
    if (v.raw[k] === ',') k++;
    else if (!/^[,?!]$/.test(inner) && !(v.quote[q - 1] === 3 && /^[,?!]$/.test(v.raw[q - 2] ?? ''))) continue;
    const name = (from: number): number => {
      if (/^(he|she|they)$/.test(v.low[from] ?? '')) return from + 1;
      let e = from;
      while (e < n && e - from < 4 && isCap(v, e) && isWord(v, e)) e++;
      return e;
    };
    // Verbs the lexicon knows were already judged by the cue classifier.
    const verb = (at: number) => at < n && /^\p{Ll}+$/u.test(v.raw[at]!) && /(ed|es|s)$/.test(v.raw[at]!) && !known(v.low[at]!);
    const ends = (at: number) => at >= n || /^[.,;!?]$/.test(v.raw[at]!);
    const open = v.partner[q]!;
    const nameEnd = name(k);
    if (nameEnd > k && verb(nameEnd) && ends(nameEnd + 1)) {
      out.push({ cue: { i: nameEnd, j: nameEnd + 1, key: v.low[nameEnd]!, prior: 0 }, source: [k, nameEnd], content: [open, q + 1], direct: true });
    } else if (verb(k) && name(k + 1) > k + 1 && ends(name(k + 1))) {
      out.push({ cue: { i: k, j: k + 1, key: v.low[k]!, prior: 0 }, source: [k + 1, name(k + 1)], content: [open, q + 1], direct: true });
    }
  }
  return out;
}

export function toSpan(v: TokenView, [i, j]: [number, number]): Span {
  return { start: v.doc.tokens[i]!.start, end: v.doc.tokens[j - 1]!.end };
}
