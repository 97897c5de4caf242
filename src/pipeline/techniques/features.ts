import { countOccurrences } from './occurrences.ts';
import type { Doc } from '../../doc/doc.ts';
import type { Span } from '../../doc/span.ts';
import type { HashedWordClusters } from '../../learn/embeddings.ts';
import { hash32, type SparseRow } from '../../learn/linear.ts';
import { LEX_TAGS, type Lexicon } from './lexicon.ts';
import { mix, tpl, RowBuilder, IdRowsBuilder, toSparseRows, type IdRows } from './hashing.ts';
import { DENSE_STEPS, type DenseWords } from './dense.ts';

/** Per-article token views shared by the SI and TC feature functions (computed once). */
export interface ArticleView {
  doc: Doc;
  n: number;
  lower: string[];
  hWord: Uint32Array;
  hShape: Uint32Array;
  hPre: Uint32Array;
  hSuf: Uint32Array;
  lex: Uint16Array;
  sent: Uint32Array;
  /** 1 when an odd number of double quotes precede the token in its sentence. */
  inQuote: Uint8Array;
  /** How often the bigram around the token recurs in the article (max of left and right bigram). */
  rep: Uint8Array;
  /** How often the token's word (content words only) occurs in the article. */
  freq: Uint16Array;
  sentInfo: Array<{ excl: boolean; quest: boolean; strong: number; title: boolean; len: number; index: number }>;
  /**
   * Word-cluster ids + 1 per token at the coarse (256) and fine (1024) granularities, 0 for a
   * word without a vector; null when the model was trained without cluster features.
   */
  cCoarse: Uint16Array | null;
  cFine: Uint16Array | null;
  /** Dense word vectors (`dense.ts`), which models read them, and each token's row in them (-1: none); null when no model does. */
  dense: DenseUse | null;
  dRow: Int32Array | null;
}

/** The dense word table and the models that read it: TC (the span's and its context's mean vectors), SI stage 1 (the token's and its window's). */
export interface DenseUse {
  words: DenseWords;
  si: boolean;
  tc: boolean;
}

/** Cluster granularities used as features (must exist in models/embeddings/clusters.tsv). */
export const CLUSTER_SIZES = [256, 1024] as const;

const QUOTES = new Set(['"', '“', '”', '«', '»', '„']);

function shapeOf(s: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < s.length && out.length < 6; i++) {
    const c = s.charCodeAt(i);
    const k = c >= 65 && c <= 90 ? 'X' : c >= 97 && c <= 122 ? 'x' : c >= 48 && c <= 57 ? 'd' : s[i]!;
    if (k !== last) out += k;
    last = k;
  }
  return out;
}

const isContent = (w: string) => {
  const c = w.charCodeAt(0);
  return w.length > 3 && c >= 97 && c <= 122;
};

export function viewArticle(doc: Doc, lexicon: Lexicon, clusters: HashedWordClusters | null = null, dense: DenseUse | null = null): ArticleView {
  const toks = doc.tokens;
  const n = toks.length;
  const lower: string[] = new Array(n);
  const hWord = new Uint32Array(n);
  const hShape = new Uint32Array(n);
  const hPre = new Uint32Array(n);
  const hSuf = new Uint32Array(n);
  const lex = new Uint16Array(n);
  const sent = new Uint32Array(n);
  const inQuote = new Uint8Array(n);
  const rep = new Uint8Array(n);
  const freq = new Uint16Array(n);
  const wordCount = new Map<string, number>();
  const coarse = clusters ? clusters.sizes.indexOf(CLUSTER_SIZES[0]) : -1;
  const fine = clusters ? clusters.sizes.indexOf(CLUSTER_SIZES[1]) : -1;
  if (clusters && (coarse < 0 || fine < 0)) throw new Error(`word clusters lack granularities ${CLUSTER_SIZES.join('/')} (have ${clusters.sizes.join('/')})`);
  const cCoarse = clusters ? new Uint16Array(n) : null;
  const cFine = clusters ? new Uint16Array(n) : null;
  const dRow = dense ? new Int32Array(n) : null;
  for (let i = 0; i < n; i++) {
    const raw = doc.text.slice(toks[i]!.start, toks[i]!.end);
    let w = raw.toLowerCase();
    if (w.includes('’') || w.includes('‘')) w = w.replace(/[’‘]/g, "'");
    lower[i] = w;
    hWord[i] = hash32(w);
    hShape[i] = hash32(shapeOf(raw));
    hPre[i] = hash32(w.slice(0, 3));
    hSuf[i] = hash32(w.slice(-3));
    lex[i] = lexicon.get(w) ?? 0;
    if (isContent(w)) wordCount.set(w, (wordCount.get(w) ?? 0) + 1);
    if (clusters) {
      cCoarse![i] = clusters.idAt(hWord[i]!, coarse) + 1;
      cFine![i] = clusters.idAt(hWord[i]!, fine) + 1;
    }
    if (dense) dRow![i] = dense.words.rowOf(hWord[i]!);
  }
  const title = doc.title;
  const sentInfo: ArticleView['sentInfo'] = doc.sentences.map((s, index) => {
    let quotes = 0;
    let excl = false;
    let quest = false;
    let strong = 0;
    for (let i = s.tokenStart; i < s.tokenEnd; i++) {
      sent[i] = index;
      const w = lower[i]!;
      if (QUOTES.has(w)) quotes++;
      else inQuote[i] = quotes & 1;
      if (w === '!') excl = true;
      if (w === '?') quest = true;
      if (lex[i]! & 1) strong++;
    }
    return { excl, quest, strong, title: !!title && s.start < title.end, len: s.tokenEnd - s.tokenStart, index };
  });
  // Repetition is ~10% of PTC spans: flag bigrams of content words that recur in the article.
  const bigramCount = new Map<number, number>();
  const bigramAt = new Uint32Array(n);
  for (let i = 0; i + 1 < n; i++) {
    if (!isContent(lower[i]!) && !isContent(lower[i + 1]!)) continue;
    const h = mix(hWord[i]!, hWord[i + 1]!) || 1;
    bigramAt[i] = h;
    bigramCount.set(h, (bigramCount.get(h) ?? 0) + 1);
  }
  for (let i = 0; i < n; i++) {
    const l = i > 0 && bigramAt[i - 1] ? bigramCount.get(bigramAt[i - 1]!)! : 0;
    const r = bigramAt[i] ? bigramCount.get(bigramAt[i]!)! : 0;
    rep[i] = Math.min(255, Math.max(l, r));
    freq[i] = isContent(lower[i]!) ? Math.min(65535, wordCount.get(lower[i]!)!) : 0;
  }
  return { doc, n, lower, hWord, hShape, hPre, hSuf, lex, sent, inQuote, rep, freq, sentInfo, cCoarse, cFine, dense, dRow };
}

const bucket = (x: number, edges: number[]): number => {
  let b = 0;
  while (b < edges.length && x >= edges[b]!) b++;
  return b;
};

const T = {
  w: tpl('w'), shape: tpl('shape'), pre: tpl('pre'), suf: tpl('suf'), lex: tpl('lex'),
  wl1: tpl('w-1'), wr1: tpl('w+1'), wl2: tpl('w-2'), wr2: tpl('w+2'),
  bl: tpl('w-1|w'), br: tpl('w|w+1'), lexCtx: tpl('lexctx'), shapeCtx: tpl('shapectx'),
  quote: tpl('inquote'), excl: tpl('excl'), quest: tpl('quest'), slen: tpl('slen'),
  spos: tpl('spos'), strong: tpl('sstrong'), title: tpl('title'), rep: tpl('rep'), freq: tpl('freq'),
  artPos: tpl('artpos'), bias: tpl('bias'), wTitle: tpl('w|title'), wQuote: tpl('w|quote'),
  c: tpl('c256'), cf: tpl('c1024'), cCtx: tpl('c256ctx'), cfCtx: tpl('c1024ctx'),
  dTok: tpl('dense'), dWin: tpl('dense±2'),
};

/** Number of hashed feature ids a model has: 2^bits. */
export const SI_BITS = 20;

const SLEN_EDGES = [4, 8, 15, 25, 40, 60];
const STRONG_EDGES = [1, 2, 3, 5];
const REP_EDGES = [2, 3, 5];
const FREQ_EDGES = [2, 3, 5, 8];
const ARTPOS_EDGES = [0.1, 0.3, 0.6, 0.9];

/** The word hash at token k, or a fixed "outside the sentence" value. */
const wordAt = (v: ArticleView, k: number, lo: number, hi: number) => (k >= lo && k < hi ? v.hWord[k]! : 0x51ed);

/** SI token features (rows for tokens [from, to)): the word, its shape and affixes, a ±2 window, lexicons, sentence context, repetition. */
export function tokenIds(v: ArticleView, bits = SI_BITS, from = 0, to = v.n): IdRows {
  const rb = new IdRowsBuilder((1 << bits) - 1, (to - from) * 56);
  const nSent = v.sentInfo.length;
  for (let i = from; i < to; i++) {
    const si = v.sentInfo[v.sent[i]!]!;
    const s = v.doc.sentences[si.index]!;
    const lo = s.tokenStart;
    const hi = s.tokenEnd;
    rb.add(T.bias);
    rb.add(mix(T.w, v.hWord[i]!));
    rb.add(mix(T.shape, v.hShape[i]!));
    rb.add(mix(T.pre, v.hPre[i]!));
    rb.add(mix(T.suf, v.hSuf[i]!));
    rb.add(mix(T.wl1, wordAt(v, i - 1, lo, hi)));
    rb.add(mix(T.wr1, wordAt(v, i + 1, lo, hi)));
    rb.add(mix(T.wl2, wordAt(v, i - 2, lo, hi)));
    rb.add(mix(T.wr2, wordAt(v, i + 2, lo, hi)));
    rb.add(mix(T.bl, mix(wordAt(v, i - 1, lo, hi), v.hWord[i]!)));
    rb.add(mix(T.br, mix(v.hWord[i]!, wordAt(v, i + 1, lo, hi))));
    for (let d = -2; d <= 2; d++) {
      const k = i + d;
      if (k < s.tokenStart || k >= s.tokenEnd) continue;
      const bits = v.lex[k]!;
      for (let t = 0; t < LEX_TAGS.length; t++) if (bits & (1 << t)) rb.add(mix(d === 0 ? T.lex : mix(T.lexCtx, d + 8), t));
      if (d === -1 || d === 1) rb.add(mix(mix(T.shapeCtx, d + 8), v.hShape[k]!));
    }
    const q = v.inQuote[i]!;
    rb.add(mix(T.quote, q));
    if (q) rb.add(mix(T.wQuote, v.hWord[i]!));
    if (si.excl) rb.add(T.excl);
    if (si.quest) rb.add(T.quest);
    rb.add(mix(T.slen, bucket(si.len, SLEN_EDGES)));
    const fromStart = i - s.tokenStart;
    const toEnd = s.tokenEnd - 1 - i;
    rb.add(mix(T.spos, fromStart < 3 ? fromStart : toEnd < 3 ? 10 + toEnd : 5));
    rb.add(mix(T.strong, bucket(si.strong, STRONG_EDGES)));
    if (si.title) {
      rb.add(T.title);
      rb.add(mix(T.wTitle, v.hWord[i]!));
    }
    rb.add(mix(T.rep, bucket(v.rep[i]!, REP_EDGES)));
    rb.add(mix(T.freq, bucket(v.freq[i]!, FREQ_EDGES)));
    rb.add(mix(T.artPos, bucket(si.index / Math.max(1, nSent), ARTPOS_EDGES)));
    // Cluster ids generalise the word features to words unseen in 371 training articles.
    const cc = v.cCoarse;
    const cf = v.cFine;
    if (cc && cf) {
      rb.add(mix(T.c, cc[i]!));
      rb.add(mix(T.cf, cf[i]!));
      for (let d = -2; d <= 2; d++) {
        if (d === 0) continue;
        const k = i + d;
        const inside = k >= lo && k < hi;
        rb.add(mix(mix(T.cCtx, d + 8), inside ? cc[k]! : 0xffff));
        if (d === -1 || d === 1) rb.add(mix(mix(T.cfCtx, d + 8), inside ? cf[k]! : 0xffff));
      }
    }
    rb.endRow();
  }
  return rb.finish();
}

/**
 * The real-valued SI features' ids for `dims`-dimensional dense vectors: the token's vector (dims
 * ids) then the mean of its ±2 neighbours' within the sentence (dims more).
 */
export function denseIds(dims: number, bits = SI_BITS): Uint32Array {
  const mask = (1 << bits) - 1;
  return Uint32Array.from({ length: 2 * dims }, (_, k) => mix(k < dims ? T.dTok : T.dWin, k % dims) & mask);
}

/** The SI window of token i: the tokens within ±2 of it in its sentence, as inclusive bounds. */
export function denseWindow(v: ArticleView, i: number): [number, number] {
  const s = v.doc.sentences[v.sentInfo[v.sent[i]!]!.index]!;
  return [Math.max(s.tokenStart, i - 2), Math.min(s.tokenEnd - 1, i + 2)];
}

/**
 * Adds the Int8 rows of tokens [from, to) that have one (token `skip` left out) into
 * acc[at .. at + dims); returns how many were added.
 */
function addRows(v: ArticleView, from: number, to: number, skip: number, acc: Float32Array | Float64Array, at = 0): number {
  const dense = v.dense!.words, rows = dense.rows, d = dense.dims, dRow = v.dRow!;
  let count = 0;
  for (let j = Math.max(0, from); j < Math.min(v.n, to); j++) {
    const r = dRow[j]!;
    if (j === skip || r < 0) continue;
    for (let k = 0, o = r * d; k < d; k++) acc[at + k]! += rows[o + k]!;
    count++;
  }
  return count;
}

/** Token i's dense feature values into `out` (2 x dims, in `denseIds` order); false when all are 0. */
export function denseValues(v: ArticleView, i: number, out: Float32Array): boolean {
  out.fill(0);
  const d = v.dense!.words.dims;
  const own = addRows(v, i, i + 1, -1, out);
  const [from, to] = denseWindow(v, i);
  const count = addRows(v, from, to + 1, i, out, d);
  for (let k = 0; k < d; k++) out[k]! /= DENSE_STEPS;
  if (count) for (let k = d; k < 2 * d; k++) out[k]! /= DENSE_STEPS * count;
  return own + count > 0;
}

/** tokenIds as one SparseRow per token, with the dense features when SI reads them (training and tests). */
export function tokenRows(v: ArticleView, bits = SI_BITS): SparseRow[] {
  const rows = toSparseRows(tokenIds(v, bits));
  if (!v.dense?.si) return rows;
  const ids = denseIds(v.dense.words.dims, bits);
  const vals = new Float32Array(ids.length);
  return rows.map((r, i) => {
    if (!denseValues(v, i, vals)) return r;
    const idx = new Uint32Array(r.idx.length + ids.length), val = new Float32Array(r.idx.length + ids.length);
    idx.set(r.idx);
    val.set(r.val);
    idx.set(ids, r.idx.length);
    val.set(vals, r.idx.length);
    return { idx, val };
  });
}


/** Tokens overlapping a character span, as [first, last+1) token indices (binary search). */
export function tokenRange(v: ArticleView, span: Span): [number, number] {
  const toks = v.doc.tokens;
  let lo = 0;
  let hi = toks.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (toks[m]!.end <= span.start) lo = m + 1;
    else hi = m;
  }
  let e = lo;
  while (e < toks.length && toks[e]!.start < span.end) e++;
  return [lo, e];
}

const S = {
  bias: tpl('s:bias'), w: tpl('s:w'), bi: tpl('s:bi'), first: tpl('s:first'), last: tpl('s:last'),
  ntok: tpl('s:ntok'), nchar: tpl('s:nchar'), occ: tpl('s:occ'), left: tpl('s:left'), right: tpl('s:right'),
  lex: tpl('s:lex'), excl: tpl('s:excl'), quest: tpl('s:quest'), cover: tpl('s:cover'), quote: tpl('s:quote'),
  title: tpl('s:title'), caps: tpl('s:caps'), same: tpl('s:same'), rep: tpl('s:rep'), shape: tpl('s:shape'),
  sfirst: tpl('s:sentfirst'), suf: tpl('s:suf'), c: tpl('s:c256'), cf: tpl('s:c1024'),
  dSpan: tpl('s:dense'), dLeft: tpl('s:dense-3'), dRight: tpl('s:dense+3'),
};

/** Tokens on each side of a span whose mean word vector TC reads, as it reads their words (±3). */
const DENSE_CONTEXT = 3;

/** The mean of the unit word vectors of tokens [from, to) that have one, added to `rb` under `tpl` (nothing when none has). */
function addMeanVector(v: ArticleView, from: number, to: number, tplId: number, rb: RowBuilder): void {
  const d = v.dense!.words.dims;
  const acc = new Float64Array(d);
  const count = addRows(v, from, to, -1, acc);
  if (!count) return;
  const scale = 1 / (DENSE_STEPS * count);
  for (let k = 0; k < d; k++) if (acc[k]) rb.add(mix(tplId, k), acc[k]! * scale);
}

/** Hashed feature ids a TC model has: 2^bits. */
export const TC_BITS = 18;

/** Occurrences of `needle` in `hay` (both lower-cased), at most 9. */
function occurrencesOf(hay: string, needle: string): number {
  if (needle.length < 2) return 0;
  let c = 0;
  for (let at = hay.indexOf(needle); at >= 0 && c < 9; at = hay.indexOf(needle, at + 1)) c++;
  return c;
}

/** From this length on, an article's span texts are counted in one pass (`countOccurrences`). */
export const ONE_PASS_FROM = 50_000;

/**
 * `occurrencesOf` for each span text. Searching per span is quadratic in the article's length, and
 * one pass is slower on a short article (30 spans in 5 KB: 0.34 against 0.08 ms; a throwaway
 * timing), so each is used where it is the faster; both give the same counts.
 */
export function occurrenceCounts(hay: string, needles: readonly string[]): number[] {
  if (hay.length < ONE_PASS_FROM) return needles.map((n) => occurrencesOf(hay, n));
  return countOccurrences(hay, needles).map((c, i) => (needles[i]!.length < 2 ? 0 : Math.min(9, c)));
}

/**
 * TC span features: the span's words and bigrams, first/last word, length, how often its text
 * recurs in the article and among the other spans, ±3 context words, lexicon hits, sentence cues,
 * word clusters and, when TC reads dense vectors, the span's and its context's mean word vectors.
 */
export function spanRows(v: ArticleView, spans: readonly Span[], bits = TC_BITS): SparseRow[] {
  const rb = new RowBuilder((1 << bits) - 1);
  const lowerText = v.doc.text.toLowerCase();
  const spanTexts = spans.map((s) => lowerText.slice(s.start, s.end).trim());
  const textCount = new Map<string, number>();
  for (const t of spanTexts) textCount.set(t, (textCount.get(t) ?? 0) + 1);
  const occurrences = occurrenceCounts(lowerText, spanTexts);
  return spans.map((span, k) => {
    const [a, b] = tokenRange(v, span);
    rb.add(S.bias);
    for (let i = a; i < b; i++) {
      rb.add(mix(S.w, v.hWord[i]!));
      if (i + 1 < b) rb.add(mix(S.bi, mix(v.hWord[i]!, v.hWord[i + 1]!)));
      const lb = v.lex[i]!;
      for (let t = 0; t < LEX_TAGS.length; t++) if (lb & (1 << t)) rb.add(mix(S.lex, t));
      rb.add(mix(S.rep, bucket(v.rep[i]!, [2, 3, 5])));
      if (v.cCoarse && v.cFine) {
        rb.add(mix(S.c, v.cCoarse[i]!));
        rb.add(mix(S.cf, v.cFine[i]!));
      }
    }
    if (b > a) {
      rb.add(mix(S.first, v.hWord[a]!));
      rb.add(mix(S.last, v.hWord[b - 1]!));
      rb.add(mix(S.suf, v.hSuf[b - 1]!));
      if (b - a <= 3) for (let i = a; i < b; i++) rb.add(mix(S.shape, v.hShape[i]!));
    }
    const ntok = b - a;
    rb.add(mix(S.ntok, bucket(ntok, [2, 3, 4, 6, 9, 14, 20, 30])));
    rb.add(mix(S.nchar, bucket(span.end - span.start, [10, 20, 40, 80, 160])));
    rb.add(mix(S.occ, occurrences[k]!));
    rb.add(mix(S.same, Math.min(3, textCount.get(spanTexts[k]!)! - 1)));
    for (let d = 1; d <= 3; d++) {
      rb.add(mix(mix(S.left, d), a - d >= 0 ? v.hWord[a - d]! : 0));
      rb.add(mix(mix(S.right, d), b - 1 + d < v.n ? v.hWord[b - 1 + d]! : 0));
    }
    if (ntok > 0) {
      const si = v.sentInfo[v.sent[a]!]!;
      const s = v.doc.sentences[si.index]!;
      if (si.excl) rb.add(S.excl);
      if (si.quest) rb.add(S.quest);
      if (si.title) rb.add(S.title);
      if (a === s.tokenStart) rb.add(S.sfirst);
      rb.add(mix(S.cover, bucket(ntok / Math.max(1, si.len), [0.2, 0.4, 0.7, 0.95])));
      if (v.inQuote[a]) rb.add(S.quote);
      const raw = v.doc.text.slice(span.start, span.end);
      if (raw.length > 3 && raw === raw.toUpperCase() && /[A-Z]/.test(raw)) rb.add(S.caps);
    }
    // Mean word vectors of the span and of its ±3 context: its sense where the words are unseen.
    if (v.dense?.tc) {
      addMeanVector(v, a, b, S.dSpan, rb);
      addMeanVector(v, a - DENSE_CONTEXT, a, S.dLeft, rb);
      addMeanVector(v, b, b + DENSE_CONTEXT, S.dRight, rb);
    }
    return rb.build();
  });
}

/*
 * Stacked SI (stage 2, `si2.bin`): a second O/S/L tagger over features of the stage-1
 * probabilities of the token and its neighbours (stacked sequential learning, Cohen & Carvalho
 * 2005). Neighbours count only within the token's sentence, as decoding does.
 */
const ST = {
  p: tpl('st:p'), pv: tpl('st:pv'), p0v: tpl('st:p0v'), ls: tpl('st:ls'), lsv: tpl('st:lsv'),
  smax: tpl('st:smax'), smean: tpl('st:smean'), lr: tpl('st:lr'), w: tpl('st:w'),
};

/** Neighbours within this many tokens (same sentence) give their stage-1 probability. */
export const STACK_WINDOW = 3;
// Template × offset (and × left/right pattern) ids, mixed once.
const ST_P = Array.from({ length: 2 * STACK_WINDOW + 1 }, (_, k) => mix(ST.p, k - STACK_WINDOW + 8));
const ST_PV = Array.from({ length: 2 * STACK_WINDOW + 1 }, (_, k) => mix(ST.pv, k - STACK_WINDOW + 8));
const ST_LR = [0, 1, 2, 3].map((x) => mix(ST.lr, x));
/**
 * A neighbour "is inside" for the left/right pattern feature at this stage-1 probability. Fixed,
 * not the decode threshold: re-tuning decode.json must not change the stage-2 features.
 */
export const STACK_NEIGHBOUR_AT = 0.35;
/** Most stacked feature ids a token gets (see stackFeatures). */
export const STACK_MAX = 4 * STACK_WINDOW + 8;

/** Stage-1 output per token: P(inside) and the share of it on long techniques (tokenClassProbs). */
export interface StageOneProbs {
  inside: ArrayLike<number>;
  longShare: ArrayLike<number>;
}

/** Per sentence: the max and mean stage-1 P(inside) of its tokens. */
export function sentenceStats(v: ArticleView, inside: ArrayLike<number>): { max: Float64Array; mean: Float64Array } {
  const nSent = v.sentInfo.length;
  const max = new Float64Array(nSent);
  const mean = new Float64Array(nSent);
  const count = new Uint32Array(nSent);
  for (let i = 0; i < v.n; i++) {
    const s = v.sent[i]!;
    max[s] = Math.max(max[s]!, inside[i]!);
    mean[s]! += inside[i]!;
    count[s]!++;
  }
  for (let s = 0; s < nSent; s++) if (count[s]) mean[s]! /= count[s]!;
  return { max, mean };
}

const tenth = (x: number) => Math.min(9, Math.max(0, Math.floor(x * 10)));

/**
 * The stacked features of token i, written into ids/vals (masked ids, real values); returns how
 * many (at most STACK_MAX): the binned stage-1 P(inside) at offsets -3..+3 within the sentence
 * (a fixed bin outside it) and the neighbours' values, the token's own value, its long share
 * binned and as a value, the sentence's max and mean bins, whether the left/right neighbours are
 * inside × the own bin, and the own bin × the word.
 */
export function stackFeatures(
  v: ArticleView,
  p: StageOneProbs,
  stats: { max: ArrayLike<number>; mean: ArrayLike<number> },
  i: number,
  mask: number,
  ids: Uint32Array,
  vals: Float32Array,
): number {
  let k = 0;
  const s = v.sent[i]!;
  const { inside, longShare } = p;
  for (let d = -STACK_WINDOW; d <= STACK_WINDOW; d++) {
    const j = i + d;
    const within = j >= 0 && j < v.n && v.sent[j] === s;
    ids[k] = mix(ST_P[d + STACK_WINDOW]!, within ? tenth(inside[j]!) : 10) & mask;
    vals[k++] = 1;
    if (d !== 0 && within) {
      ids[k] = ST_PV[d + STACK_WINDOW]! & mask;
      vals[k++] = inside[j]!;
    }
  }
  const own = tenth(inside[i]!);
  const l = i > 0 && v.sent[i - 1] === s && inside[i - 1]! >= STACK_NEIGHBOUR_AT ? 2 : 0;
  const r = i + 1 < v.n && v.sent[i + 1] === s && inside[i + 1]! >= STACK_NEIGHBOUR_AT ? 1 : 0;
  ids[k] = ST.p0v & mask;
  vals[k++] = inside[i]!;
  ids[k] = mix(ST.ls, tenth(longShare[i]!)) & mask;
  vals[k++] = 1;
  ids[k] = ST.lsv & mask;
  vals[k++] = longShare[i]!;
  ids[k] = mix(ST.smax, tenth(stats.max[s]!)) & mask;
  vals[k++] = 1;
  ids[k] = mix(ST.smean, tenth(stats.mean[s]!)) & mask;
  vals[k++] = 1;
  ids[k] = mix(ST_LR[l + r]!, own) & mask;
  vals[k++] = 1;
  ids[k] = mix(mix(ST.w, own), v.hWord[i]!) & mask;
  vals[k++] = 1;
  return k;
}

/**
 * Hashed feature ids of the stage-2 model: its features are the stacked ones only (about 20 a
 * token), so a small space does. With stage 1's ~50 ids a token in 2^20 as well (as first built),
 * nested CV gave SI F1 42.3 instead of 42.0 (threshold 0.3, low 0.05), but stage 2 then fetched
 * a second 6 MB weight row per id: the techniques pipeline ran about a third slower, against
 * issue 2's 100 articles/s bar.
 */
export const STACK_BITS = 18;

/** Stage-2 training rows: each token's stacked features over the stage-1 probabilities `p`. */
export function stackRows(v: ArticleView, p: StageOneProbs, bits = STACK_BITS): SparseRow[] {
  const mask = (1 << bits) - 1;
  const stats = sentenceStats(v, p.inside);
  // One flat pair of arrays per article (rows are views into it).
  const allIdx = new Uint32Array(v.n * STACK_MAX);
  const allVal = new Float32Array(v.n * STACK_MAX);
  const rows: SparseRow[] = new Array(v.n);
  for (let i = 0; i < v.n; i++) {
    const at = i * STACK_MAX;
    const k = stackFeatures(v, p, stats, i, mask, allIdx.subarray(at, at + STACK_MAX), allVal.subarray(at, at + STACK_MAX));
    rows[i] = { idx: allIdx.subarray(at, at + k), val: allVal.subarray(at, at + k) };
  }
  return rows;
}
