import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Span } from './span.ts';
import { BLANK } from './blank.ts';
import { cutLongRuns, toTextOffsets } from './runs.ts';

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
//
// wink keeps every word its model lacks as new vocabulary, and later texts read with it: after
// "more than Clinton's." a later "Mrs. Clinton's position" keeps "Clinton's" whole, where a fresh
// process splits it. A text's tokens, and every layer on them, would then depend on what the
// process read before (a batch thread, a server worker, the order of a training set). So the
// words a text adds are forgotten once it is read (`forgetNewWords`). Forgotten words still take
// room in wink's tables, which have no way to cut them back, so the instance is rebuilt from the
// model after REBUILD_AFTER of them; that also bounds memory over millions of texts.
interface Lexemes {
  hash: Record<string, number>;
  list: string[];
}
type Core = { features: Record<string, Lexemes> };
const wink = model as unknown as { core(): Core; metaCER(): unknown };
// wink's model package re-serialises its pattern machines on every call of metaCER (its module
// keeps the string), so a second instance would get them twice encoded: one result serves all.
const metaCER = wink.metaCER();
/**
 * The model as wink decodes it (about 100 ms), once. Each instance gets a copy-on-write view:
 * its own lists of feature values, and tables that read the model's through their prototype and
 * take added words as their own. A rebuild then costs no decoding, and no decoded copy to discard
 * (it had raised the techniques bench's peak RSS by up to 50 MB in one run in four).
 */
const pristine = wink.core();
const GROWING = ['prefix', 'suffix', 'shape', 'lexeme'];
for (const k of GROWING) {
  const f = pristine.features[k];
  // What follows reads wink's model tables; another layout would fail later and obscurely.
  if (!f || typeof f.hash !== 'object' || !Array.isArray(f.list)) {
    throw new Error(`wink-nlp's model has no ${k} table of the layout unspin reads: install the wink-nlp and wink-eng-lite-web-model versions in package-lock.json`);
  }
}
function freshCore(): Core {
  const features = { ...pristine.features };
  for (const k of GROWING) {
    const f = pristine.features[k]!;
    features[k] = { ...f, hash: Object.create(f.hash) as Record<string, number>, list: f.list.slice() };
  }
  return { ...pristine, features };
}
/**
 * Forgotten words after which wink is rebuilt: the 400 news-unlabeled articles add about 33,000
 * when each text's are forgotten (a throwaway probe). Without rebuilds the techniques bench's
 * peak RSS read 314 and 325 MB; rebuilt after 50,000, 280-283 MB in four runs. After 20,000:
 * 267-280 MB (median 276) in seven runs interleaved with five of 50,000 (281-293, median 283), at
 * the same speed within the machine's noise; 10,000 gave no less (263-281 MB in three).
 */
const REBUILD_AFTER = 20_000;

let nlp: ReturnType<typeof winkNLP>;
let its: ReturnType<typeof winkNLP>['its'];
let lexemes: Lexemes;
let modelWords = 0;
let loads = 0;
/** How often wink was (re)built in this thread: for tests. */
export const winkLoads = (): number => loads;

function loadWink(): void {
  loads++;
  const core = freshCore();
  lexemes = core.features.lexeme!;
  nlp = winkNLP({ ...model, core: () => core, metaCER: () => metaCER } as typeof model, ['sbd']);
  its = nlp.its;
  modelWords = lexemes.list.length;
}
loadWink();
selfCheck();

/**
 * Whether wink still keeps a text's new words where `forgetNewWords` looks for them: a wink-nlp
 * that kept them elsewhere would make results depend on earlier texts again, silently. Checked
 * once, on a made-up word (well under a millisecond).
 */
function selfCheck(): void {
  const word = 'Zqxvbelmorian';
  const before = lexemes.list.length;
  nlp.readDoc(`${word} spoke.`);
  const added = lexemes.list.indexOf(word, before) >= 0;
  forgetNewWords(before);
  if (!added || Object.prototype.hasOwnProperty.call(lexemes.hash, word)) {
    throw new Error('wink-nlp no longer keeps new words where unspin forgets them, so tokens would depend on earlier texts: install the wink-nlp version in package-lock.json');
  }
}

/** Forgets the words wink added since its vocabulary had `before` of them. */
function forgetNewWords(before: number): void {
  const { hash, list } = lexemes;
  for (let i = before; i < list.length; i++) delete hash[list[i]!];
  if (list.length - modelWords > REBUILD_AFTER) loadWink();
}

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
const SKIPPABLE = new RegExp(`^[${BLANK}]*$`);

function locate(text: string, value: string, pos: number, spaces: number): number {
  if (text.startsWith(value, pos + spaces)) return pos + spaces;
  const at = text.indexOf(value, pos);
  if (at < 0 || !SKIPPABLE.test(text.slice(pos, at))) {
    throw new Error(`segmenter lost its place at offset ${pos} (token ${JSON.stringify(value.slice(0, 20))})`);
  }
  return at;
}

/** Line breaks in text[from, to): CRLF counts once. */
function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** What a line that finishes a sentence, a heading aside, ends with. */
const FINISHED = /[.!?:;"”'’)\]…]/;
const LOWER_START = /^\p{Ll}/u;

/**
 * Which single line breaks are soft wraps rather than ends of paragraphs. Scraped news puts
 * one paragraph per line, but a hard-wrapped text breaks lines mid-sentence ("Speaking to
 * a⏎crowd"), and a sentence cut there loses its claim and its quote. A single break after an
 * unfinished line is a wrap when the next line goes on in lower case; in a text wrapped
 * throughout (most unfinished lines go on in lower case, and lines are short), every one is.
 * Blank lines always end paragraphs. Over the 371 PTC training articles (one sentence or
 * paragraph per line) this joins 31 lines, all broken mid-sentence, and judges none wrapped.
 */
function softWraps(text: string, tokens: Token[], breaks: number[]): boolean[] {
  const soft = tokens.map(() => false);
  const unfinished: number[] = [];
  let lower = 0;
  for (let i = 1; i < tokens.length; i++) {
    if (breaks[i] !== 1 || FINISHED.test(text[tokens[i - 1]!.end - 1]!)) continue;
    unfinished.push(i);
    if (LOWER_START.test(text.slice(tokens[i]!.start, tokens[i]!.start + 1))) {
      soft[i] = true;
      lower++;
    }
  }
  if (lower >= 3 && lower >= 0.6 * unfinished.length) {
    const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim());
    if (lines.filter((l) => l.length <= 100).length >= 0.9 * lines.length) for (const i of unfinished) soft[i] = true;
  }
  return soft;
}

export function segment(text: string): Segmentation {
  // wink reads a view of the text with long runs cut (see runs.ts); offsets are found in the view
  // and mapped back, so every token still indexes `text`.
  const { view, cuts } = cutLongRuns(text);
  const before = lexemes.list.length;
  try {
    return fromWink(text, view, cuts, nlp.readDoc(view));
  } finally {
    forgetNewWords(before);
  }
}

/** Tokens and sentences of a wink doc of `view`, offsets in `text`. */
function fromWink(text: string, view: string, cuts: ReturnType<typeof cutLongRuns>['cuts'], wdoc: ReturnType<typeof nlp.readDoc>): Segmentation {
  const toText = toTextOffsets(cuts);
  const tokens: Token[] = [];
  // wink token index -> our token index (whitespace tokens such as CRLF are dropped).
  const map: number[] = [];
  // Line breaks between each token and the one before (2 for a blank line or more).
  const breaks: number[] = [];
  // Where the last token ended, in the view.
  let pos = 0;
  let sawBreak = 0;
  // Bulk reads: one array per property instead of a closure call per token.
  const all = wdoc.tokens();
  const values = all.out() as string[];
  const types = all.out(its.type) as string[];
  const spaces = all.out(its.precedingSpaces) as string[];
  for (let w = 0; w < values.length; w++) {
    const value = values[w]!;
    const type = types[w]!;
    const at = locate(view, value, pos, spaces[w]!.length);
    const prevEnd = tokens.length ? tokens[tokens.length - 1]!.end : 0;
    pos = at + value.length;
    map.push(tokens.length);
    if (type === 'tabCRLF' || SKIPPABLE.test(value)) {
      sawBreak += lineBreaks(value, 0, value.length);
      continue;
    }
    const start = toText(at);
    breaks.push(Math.min(2, Math.max(sawBreak, lineBreaks(text, prevEnd, start))));
    sawBreak = 0;
    tokens.push({ start, end: toText(pos), kind: KIND[type] ?? 'other' });
  }
  // wink drops trailing white space; anything else missing would mean shifted offsets.
  if (!SKIPPABLE.test(view.slice(pos))) throw new Error(`segmenter lost characters (${pos} of ${view.length})`);

  // Sentence starts: wink's boundaries, plus every line break but soft wraps; minus boundaries
  // with no white space before them (wink splits "www.rt.com" into three).
  const soft = softWraps(text, tokens, breaks);
  const isStart = new Uint8Array(tokens.length);
  wdoc.sentences().each((s: any) => {
    const [first] = s.out(its.span) as [number, number];
    const i = map[first];
    if (i !== undefined && i < tokens.length) isStart[i] = 1;
  });
  for (let i = 0; i < tokens.length; i++) {
    if (soft[i]) isStart[i] = 0;
    else if (breaks[i]) isStart[i] = 1;
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
