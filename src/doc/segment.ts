import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Span } from './span.ts';

/** Coarse token classes, from wink-nlp's token types. */
export type TokenKind = 'word' | 'number' | 'punct' | 'symbol' | 'other';

export interface Token extends Span {
  kind: TokenKind;
}

export interface Segmentation {
  tokens: Token[];
  /** Sentences as character spans; `tokenStart`/`tokenEnd` index `tokens` (end exclusive). */
  sentences: Array<Span & { tokenStart: number; tokenEnd: number }>;
}

// wink-nlp measured fastest here with correct abbreviations (STACK.md); only its sentence
// boundary pipe is enabled. It has no offset API, so offsets are rebuilt from preceding spaces.
const nlp = winkNLP(model, ['sbd']);
const its = nlp.its;

const KIND: Record<string, TokenKind> = {
  word: 'word',
  number: 'number',
  punctuation: 'punct',
  quoted_phrase: 'word',
  symbol: 'symbol',
  currency: 'symbol',
  emoji: 'symbol',
  emoticon: 'symbol',
};

// wink silently drops some invisible characters (a BOM in mid-text, say), so a running sum of
// preceding spaces can drift. Each token is found at or after the expected position instead,
// and only white space or invisible format characters may be skipped.
const SKIPPABLE = /^[\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]*$/;

function locate(text: string, value: string, pos: number, spaces: number): number {
  if (text.startsWith(value, pos + spaces)) return pos + spaces;
  const at = text.indexOf(value, pos);
  if (at < 0 || !SKIPPABLE.test(text.slice(pos, at))) {
    throw new Error(`segmenter lost its place at offset ${pos} (token ${JSON.stringify(value.slice(0, 20))})`);
  }
  return at;
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

export function segment(text: string): Segmentation {
  const wdoc = nlp.readDoc(text);
  const tokens: Token[] = [];
  // wink token index -> our token index (whitespace tokens such as CRLF are dropped).
  const map: number[] = [];
  const lineBreakBefore: boolean[] = [];
  let pos = 0;
  let sawBreak = false;
  // Bulk reads: one array per property instead of a closure call per token.
  const all = wdoc.tokens();
  const values = all.out() as string[];
  const types = all.out(its.type) as string[];
  const spaces = all.out(its.precedingSpaces) as string[];
  for (let w = 0; w < values.length; w++) {
    const value = values[w]!;
    const type = types[w]!;
    const start = locate(text, value, pos, spaces[w]!.length);
    const prevEnd = tokens.length ? tokens[tokens.length - 1]!.end : 0;
    pos = start + value.length;
    map.push(tokens.length);
    if (type === 'tabCRLF' || SKIPPABLE.test(value)) {
      if (value.includes('\n') || value.includes('\r')) sawBreak = true;
      continue;
    }
    lineBreakBefore.push(sawBreak || hasLineBreak(text, prevEnd, start));
    sawBreak = false;
    tokens.push({ start, end: pos, kind: KIND[type] ?? 'other' });
  }
  // wink drops trailing white space; anything else missing would mean shifted offsets.
  if (!SKIPPABLE.test(text.slice(pos))) throw new Error(`segmenter lost characters (${pos} of ${text.length})`);

  // Sentence starts: wink's boundaries, plus every line break; minus boundaries with no
  // white space before them (wink splits "www.rt.com" into three).
  const isStart = new Uint8Array(tokens.length);
  wdoc.sentences().each((s: any) => {
    const [first] = s.out(its.span) as [number, number];
    const i = map[first];
    if (i !== undefined && i < tokens.length) isStart[i] = 1;
  });
  for (let i = 0; i < tokens.length; i++) {
    if (lineBreakBefore[i]) isStart[i] = 1;
    else if (i > 0 && isStart[i] && tokens[i]!.start === tokens[i - 1]!.end) isStart[i] = 0;
  }
  if (tokens.length) isStart[0] = 1;

  const sentences: Segmentation['sentences'] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isStart[i]) continue;
    let j = i + 1;
    while (j < tokens.length && !isStart[j]) j++;
    sentences.push({ start: tokens[i]!.start, end: tokens[j - 1]!.end, tokenStart: i, tokenEnd: j });
    i = j - 1;
  }
  return { tokens, sentences };
}
