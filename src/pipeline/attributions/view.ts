import type { Doc } from '../../doc/doc.ts';

const OPEN = new Set(['“', '«', '„']);
const CLOSE = new Set(['”', '»']);
const STRAIGHT = '"';
const STRAIGHT_MARKS = new Set([STRAIGHT, "'", "''"]);

/** Per-token strings and flags the cue finder, features and extent rules share; built once per doc. */
export interface TokenView {
  doc: Doc;
  /** Lower-cased token text. */
  low: string[];
  raw: string[];
  /** Index of the token's clause-level sentence (see `sentenceOf`). */
  sent: Int32Array;
  sentStart: number[];
  sentEnd: number[];
  /** For a quote-mark token: the index of its partner mark, else -1. */
  partner: Int32Array;
  /** Index of the opening mark of the quotation a token stands in, else -1. */
  inQuote: Int32Array;
  /** 1 for an opening quote mark, 2 for a closing one, 3 inside a two-token mark (''), 0 otherwise. */
  quote: Uint8Array;
}

export function buildView(doc: Doc): TokenView {
  const { tokens, text } = doc;
  const n = tokens.length;
  const raw = new Array<string>(n);
  const low = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    raw[i] = text.slice(tokens[i]!.start, tokens[i]!.end);
    low[i] = raw[i]!.toLowerCase();
  }
  const { partner, quote } = pairQuotes(doc, raw);
  // Sentences, further split after a closing quote that ends a sentence ("…No.” According to…"),
  // which wink keeps together.
  const sent = new Int32Array(n);
  const sentStart: number[] = [];
  const sentEnd: number[] = [];
  for (const s of doc.sentences) {
    let begin = s.tokenStart;
    for (let i = s.tokenStart; i < s.tokenEnd; i++) {
      const split = quote[i] === 2 && i + 1 < s.tokenEnd && /[.!?]$/.test(raw[quote[i - 1] === 3 ? i - 2 : i - 1] ?? '') && /^[A-Z]/.test(raw[i + 1]!);
      if (split) {
        sentStart.push(begin);
        sentEnd.push(i + 1);
        begin = i + 1;
      }
    }
    sentStart.push(begin);
    sentEnd.push(s.tokenEnd);
  }
  for (let k = 0; k < sentStart.length; k++) for (let i = sentStart[k]!; i < sentEnd[k]!; i++) sent[i] = k;
  const inQuote = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (quote[i] !== 1) continue;
    for (let k = i + 1; k < partner[i]!; k++) inQuote[k] = i;
    i = partner[i]!;
  }
  return { doc, low, raw, sent, sentStart, sentEnd, partner, quote, inQuote };
}

/**
 * Pairs quote marks: curly ones by direction, straight ones (and the two-apostrophe '' of some
 * newspapers) alternately. A quotation may run over several sentences, and over paragraphs when
 * the next one reopens it with an opening mark (newspapers do not close a quotation that goes on
 * into the next paragraph); a paragraph that ends inside one and does not go on so drops it.
 */
function pairQuotes(doc: Doc, raw: string[]): { partner: Int32Array; quote: Uint8Array } {
  const n = raw.length;
  const partner = new Int32Array(n).fill(-1);
  const quote = new Uint8Array(n);
  let open = -1;
  let openLast = -1;
  let lastEnd = 0;
  for (let i = 0; i < n; i++) {
    const tok = doc.tokens[i]!;
    if (open >= 0 && tok.start > lastEnd && doc.text.slice(lastEnd, tok.start).includes('\n')) {
      // A quotation that goes on into the next paragraph is reopened there and closed only at its
      // end ("…He laughed.⏎⏎“Two months later …”"): the new opening mark continues it.
      lastEnd = tok.end;
      if (OPEN.has(raw[i]!) || (raw[i] === STRAIGHT && raw[open] === STRAIGHT)) continue;
      open = -1;
    }
    lastEnd = tok.end;
    let t = raw[i]!;
    let last = i;
    if (t === "'" && raw[i + 1] === "'" && doc.tokens[i + 1]!.start === tok.end) {
      t = STRAIGHT;
      last = i + 1;
    } else if (t === "''") {
      t = STRAIGHT;
    }
    const straight = t === STRAIGHT;
    const isOpen = OPEN.has(t) || (straight && open < 0);
    const isClose = CLOSE.has(t) || (straight && open >= 0 && STRAIGHT_MARKS.has(raw[open]!));
    if (isClose && open >= 0) {
      partner[last] = open;
      partner[open] = last;
      quote[open] = 1;
      if (openLast !== open) quote[openLast] = 3;
      quote[last] = 2;
      if (last !== i) quote[i] = 3;
      open = -1;
    } else if (isOpen) {
      open = i;
      openLast = last;
    }
    i = last;
  }
  pairSingles(doc, raw, partner, quote);
  return { partner, quote };
}

/** Single quote marks, as British news quotes with them: ‘…’ or '…'. */
const SINGLE_MARKS = new Set(['‘', '’', "'"]);

/**
 * Pairs single quote marks, after the double ones and outside their quotations, so that a stray
 * single mark can never unpair a double quotation. A mark opens when it stands after white space
 * before a word it is glued to; it closes an open single quotation when it is glued to what comes
 * before, unless it reads as a plural's possessive (after a word in -s, before a lower-case word:
 * "the workers’ union"). Apostrophes inside words are tokens of their own ("'s") and never pair;
 * a paragraph ends an open one.
 */
function pairSingles(doc: Doc, raw: string[], partner: Int32Array, quote: Uint8Array): void {
  const n = raw.length;
  const glued = (a: number, b: number) => a >= 0 && b < n && doc.tokens[a]!.end === doc.tokens[b]!.start;
  let open = -1;
  for (let i = 0; i < n; i++) {
    // A double quotation is skipped whole: single marks in it quote within it, and one may sit
    // inside a single quotation (‘He told me “never again”,’ she said).
    if (quote[i] === 1) {
      i = partner[i]!;
      continue;
    }
    if (open >= 0 && doc.text.slice(doc.tokens[i - 1]!.end, doc.tokens[i]!.start).includes('\n')) open = -1;
    const t = raw[i]!;
    if (!SINGLE_MARKS.has(t) || quote[i] !== 0) continue;
    if (open < 0) {
      if (t !== '’' && !glued(i - 1, i) && glued(i, i + 1) && /^[\p{L}\p{N}]/u.test(raw[i + 1]!)) open = i;
      continue;
    }
    const possessive = /s$/i.test(raw[i - 1]!) && !glued(i, i + 1) && /^\p{Ll}/u.test(raw[i + 1] ?? '');
    if (t === '‘' || !glued(i - 1, i) || possessive) continue;
    partner[i] = open;
    partner[open] = i;
    quote[open] = 1;
    quote[i] = 2;
    open = -1;
  }
}
