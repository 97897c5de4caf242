import type { Lexicon } from './lexicon.ts';
import type { SparseRow } from '../../learn/linear.ts';
import type { Embeddings } from '../../learn/embeddings.ts';
import { FNV_OFFSET, RowBuilder, fnv } from './hashing.ts';
import { detached } from '../../doc/detach.ts';

/** Word, number and punctuation pieces of one sentence; cheap enough to run per sentence. */
const PIECE_RE = /[\p{L}\p{M}]+(?:['’][\p{L}]+)*|\d+(?:[.,:]\d+)*|[^\s\p{L}\p{M}\d]/gu;

export function tokenize(text: string): string[] {
  return text.match(PIECE_RE) ?? [];
}

const LETTER = /\p{L}/uy;
const MARK = /\p{M}/uy;
const SPACE = /\s/uy;
const at = (re: RegExp, text: string, i: number) => {
  re.lastIndex = i;
  return re.test(text);
};
const isLetter = (text: string, i: number, c: number) => (c < 128 ? ((c | 32) >= 97 && (c | 32) <= 122) : at(LETTER, text, i));
const isLetterOrMark = (text: string, i: number, c: number) => isLetter(text, i, c) || (c >= 128 && at(MARK, text, i));
const isDigit = (c: number) => c >= 48 && c <= 57;
/** UTF-16 length of the code point at i (2 for a surrogate pair). */
const cpLen = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
};

/**
 * The pieces of `tokenize` as [start, end) offsets, without building strings or running the
 * regular expression: a hand-written scanner with the same rules, for the hot path.
 */
export function scanPieces(text: string, visit: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isLetterOrMark(text, i, c)) {
      let j = i + cpLen(text, i);
      while (j < n && isLetterOrMark(text, j, text.charCodeAt(j))) j += cpLen(text, j);
      // Apostrophe groups: ' or ’ followed by letters (not marks), any number of times.
      while (j + 1 < n && (text.charCodeAt(j) === 39 || text.charCodeAt(j) === 0x2019) && isLetter(text, j + 1, text.charCodeAt(j + 1))) {
        j += 1 + cpLen(text, j + 1);
        while (j < n && isLetter(text, j, text.charCodeAt(j))) j += cpLen(text, j);
      }
      visit(i, j);
      i = j;
    } else if (isDigit(c)) {
      let j = i + 1;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      for (;;) {
        const s = text.charCodeAt(j);
        if (j + 1 < n && (s === 46 || s === 44 || s === 58) && isDigit(text.charCodeAt(j + 1))) {
          j += 2;
          while (j < n && isDigit(text.charCodeAt(j))) j++;
        } else break;
      }
      visit(i, j);
      i = j;
    } else {
      const len = cpLen(text, i);
      if (!(c === 32 || (c >= 9 && c <= 13) || (c >= 128 && at(SPACE, text, i)))) visit(i, i + len);
      i += len;
    }
  }
}

const PRONOUNS: Record<string, string> = {
  i: '1s', me: '1s', my: '1s', mine: '1s', "i'm": '1s', "i've": '1s',
  we: '1p', us: '1p', our: '1p', ours: '1p', "we're": '1p', "we've": '1p',
  you: '2', your: '2', yours: '2', "you're": '2', "you've": '2',
};

const MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);
const NUMBER_WORDS = new Set(['hundred', 'hundreds', 'thousand', 'thousands', 'million', 'millions', 'billion', 'billions', 'trillion', 'percent', 'half', 'third', 'quarter', 'twice', 'double', 'doubled', 'tripled', 'dozens']);

const bucket = (n: number, edges: number[]) => {
  let i = 0;
  while (i < edges.length && n >= edges[i]!) i++;
  return i;
};

/** What one token contributes, whatever its neighbours: computed once per distinct token. */
export interface TokenInfo {
  /** Lower-cased, numbers folded to shapes such as <num3> or <year>. */
  norm: string;
  word: boolean;
  number: boolean;
  /** Starts with a capital letter. */
  capital: boolean;
  /** Token-level feature names (shapes, pronoun person, lexicon classes, word ending). */
  features: string[];
}

export function tokenInfo(t: string, lex: Lexicon): TokenInfo {
  const lower = t.toLowerCase();
  const c = t.charCodeAt(0);
  const features: string[] = [];
  if (c >= 48 && c <= 57) {
    const year = /^(1[89]|20)\d\d$/.test(t);
    features.push(year ? 'shape:year' : 'shape:number');
    return { norm: year ? '<year>' : `<num${Math.min(t.replace(/\D/g, '').length, 4)}>`, word: false, number: true, capital: false, features };
  }
  const word = /\p{L}/u.test(t);
  const capital = /^\p{Lu}/u.test(t);
  if (word) {
    const p = PRONOUNS[lower.replace('’', "'")];
    if (p) features.push(`pron:${p}`);
    if (MONTHS.has(lower) && capital) features.push('shape:month');
    if (NUMBER_WORDS.has(lower)) features.push('shape:numword');
    for (const l of lex.lookup(lower)) features.push(`lex:${l}`);
    // Word endings stand in for part of speech and tense (-ed, -ing, -ion, -ly), which a
    // tagger would give at ~250 µs per sentence: too slow for the pipeline budget.
    if (lower.length > 4) features.push(`suf:${lower.slice(-3)}`);
  } else if (t === '%' || t === '$' || t === '€' || t === '£') features.push(`shape:${t}`);
  return { norm: lower, word, number: false, capital, features };
}

/**
 * Word-embedding features (models/embeddings/), chosen by cross-validation (cv.ts). The sentence
 * vector is the mean of its words' vectors scaled to unit length, so long and short sentences
 * weigh alike; `scale` sets its size against the 0/1 word features for Adagrad.
 */
export interface EmbeddingOptions {
  /** Mean-pooled sentence vector as dense features `e:<dim>`, times this; 0 leaves it out. */
  mean: number;
  /** Element-wise max-pooled vector as dense features `x:<dim>`, times this; 0 leaves it out. */
  max: number;
  /** Cluster granularities (e.g. [256, 1024]) whose id becomes a feature `c<k>:<id>` per word. */
  clusters: number[];
  /**
   * Down-weights frequent words in the mean (rows are in GloVe frequency order): row r weighs
   * r / (r + sif), a rank-based stand-in for SIF weighting (Arora et al. 2017); 0 = plain mean.
   */
  sif?: number;
  /** Granularity whose ids of adjacent words become pair features `p:<id>_<id>`; 0 leaves them out. */
  pairs?: number;
}

export interface EmbeddingFeatures {
  embeddings: Embeddings;
  options: EmbeddingOptions;
}

/** Vector row (-1 when unknown) and cluster feature names of one token. */
function tokenEmbedding(token: string, emb: EmbeddingFeatures | undefined): { vec: number; names: string[]; cluster: string } {
  if (!emb) return { vec: -1, names: [], cluster: '' };
  const lower = token.toLowerCase();
  const vec = emb.embeddings.vectors.index(lower);
  const ids = emb.embeddings.clusters.of(lower);
  const names: string[] = [];
  if (ids) emb.options.clusters.forEach((k) => {
    const level = emb.embeddings.clusters.sizes.indexOf(k);
    if (level < 0) throw new Error(`no word clusters with k = ${k} (have ${emb.embeddings.clusters.sizes.join(', ')})`);
    names.push(`c${k}:${ids[level]}`);
  });
  const pairLevel = emb.embeddings.clusters.sizes.indexOf(emb.options.pairs ?? 0);
  return { vec, names, cluster: ids && pairLevel >= 0 ? String(ids[pairLevel]) : '?' };
}

/**
 * Pooled vectors over the tokens' vector rows (-1 = no vector): [mean, max] as configured, each
 * already scaled, or null when off or no token has a vector. Shared by both featurizer paths.
 */
function pooledVectors(rows: readonly number[], emb: EmbeddingFeatures | undefined): { mean: Float64Array | null; max: Float64Array | null } | null {
  if (!emb || (!emb.options.mean && !emb.options.max)) return null;
  const v = emb.embeddings.vectors;
  const d = v.dims;
  let known = 0;
  for (const r of rows) if (r >= 0) known++;
  if (!known) return null;
  let mean: Float64Array | null = null;
  let max: Float64Array | null = null;
  if (emb.options.mean) {
    mean = new Float64Array(d);
    const sif = emb.options.sif ?? 0;
    for (const r of rows) if (r >= 0) v.addTo(mean, r, sif ? r / (r + sif) : 1);
    let norm = 0;
    for (let k = 0; k < d; k++) norm += mean[k]! * mean[k]!;
    const f = emb.options.mean / (Math.sqrt(norm) || 1);
    for (let k = 0; k < d; k++) mean[k]! *= f;
  }
  if (emb.options.max) {
    max = new Float64Array(d).fill(-Infinity);
    for (const r of rows) if (r >= 0) v.maxInto(max, r);
    for (let k = 0; k < d; k++) max[k]! *= emb.options.max;
  }
  return { mean, max };
}

/** Dense features `e:<dim>` (mean) and `x:<dim>` (max), by name: the reference path. */
function pooledFeatures(rows: readonly number[], emb: EmbeddingFeatures | undefined, emit: (name: string, value: number) => void): void {
  const p = pooledVectors(rows, emb);
  p?.mean?.forEach((x, k) => emit(`e:${k}`, x));
  p?.max?.forEach((x, k) => emit(`x:${k}`, x));
}

const LEN_EDGES = [4, 7, 11, 16, 22, 30, 40];
const CAPS_EDGES = [1, 2, 4];
const NUMS_EDGES = [1, 2, 3];

/** Sentence-level features from the token infos; shared by the string and the hashed paths. */
function sentenceFeatures(toks: readonly string[], infos: readonly TokenInfo[], emit: (name: string) => void): void {
  // toks[i] is the original text of infos[i].
  let caps = 0;
  let numbers = 0;
  let words = 0;
  let quote = false;
  for (let i = 0; i < infos.length; i++) {
    const x = infos[i]!;
    const t = toks[i]!;
    if (t === '"' || t === '“' || t === '”') quote = true;
    if (x.number) numbers++;
    if (!x.word) continue;
    words++;
    const prev = i > 0 ? infos[i - 1]!.norm : '';
    if (i > 0 && x.capital && prev !== '"' && prev !== '“' && prev !== ':') caps++;
  }
  emit('bias');
  const last = toks[toks.length - 1];
  if (last === '?') emit('form:question');
  if (last === '!') emit('form:exclaim');
  if (quote) emit('form:quote');
  emit(`len:${bucket(words, LEN_EDGES)}`);
  emit(`caps:${bucket(caps, CAPS_EDGES)}`);
  emit(`nums:${bucket(numbers, NUMS_EDGES)}`);
}

/**
 * Check-worthiness features of one sentence, as names: lower-cased words and word pairs (digits
 * folded), number/date/money shapes, capitalised words inside the sentence (named-entity-ish),
 * pronoun person, word endings, lexicon classes (report verbs, hedges, subjectivity, ...),
 * question form and length. `ClaimFeaturizer.row` hashes exactly these, faster.
 */
export function claimFeatures(text: string, lex: Lexicon, emb?: EmbeddingFeatures): (string | [string, number])[] {
  const toks = tokenize(text);
  const infos = toks.map((t) => tokenInfo(t, lex));
  const embs = toks.map((t) => tokenEmbedding(t, emb));
  const f: (string | [string, number])[] = [];
  sentenceFeatures(toks, infos, (n) => f.push(n));
  pooledFeatures(embs.map((e) => e.vec), emb, (n, v) => f.push([n, v]));
  let prev = '<s>';
  let prevCluster = '<s>';
  const pairs = !!emb?.options.pairs;
  infos.forEach((x, i) => {
    f.push(...x.features, ...embs[i]!.names, `w:${x.norm}`, `b:${prev}_${x.norm}`);
    if (pairs) f.push(`p:${prevCluster}_${embs[i]!.cluster}`);
    prev = x.norm;
    prevCluster = embs[i]!.cluster;
  });
  f.push(`b:${prev}_</s>`);
  if (pairs) f.push(`p:${prevCluster}_</s>`);
  return f;
}

/** Distinct tokens kept (about 350 bytes each); past it the cache starts over. */
const TOKEN_CACHE = 50_000;
const NO_FEATURES: string[] = [];

interface HashedToken {
  token: string;
  info: TokenInfo;
  /** Hashes of the token-level features and of `w:<norm>`. */
  hashes: number[];
  /** FNV state after "b:<norm>_", to be continued with the next token's norm. */
  pairState: number;
  /** Row in the word vectors, -1 when unknown or without embeddings. */
  vec: number;
  /** Cluster id for pair features ('?' when unknown), and FNV state after "p:<id>_". */
  cluster: string;
  clusterState: number;
}

/** Hashed rows of `claimFeatures`, with per-token work memoised across sentences. */
export class ClaimFeaturizer {
  /** Keyed by the FNV hash of the token's characters; the entry's token is checked on a hit. */
  private readonly tokens = new Map<number, HashedToken>();
  private readonly names = new Map<string, number>();
  private readonly builder: RowBuilder;
  private readonly startState = fnv(FNV_OFFSET, 'b:<s>_');
  private readonly clusterStartState = fnv(FNV_OFFSET, 'p:<s>_');
  private hs: HashedToken[] = [];
  private text = '';

  /** `merge: false` for scoring only (see RowBuilder). */
  constructor(
    readonly lex: Lexicon,
    readonly bits: number,
    merge = true,
    readonly emb?: EmbeddingFeatures,
  ) {
    this.builder = new RowBuilder(bits, merge);
    const dims = emb?.embeddings.vectors.dims ?? 0;
    this.meanHashes = Array.from({ length: dims }, (_, k) => fnv(FNV_OFFSET, `e:${k}`));
    this.maxHashes = Array.from({ length: dims }, (_, k) => fnv(FNV_OFFSET, `x:${k}`));
  }

  /** Empties the memo of tokens met, and the lexicon's. */
  forget(): void {
    this.tokens.clear();
    this.lex.forget();
  }

  private make(token: string): HashedToken {
    const info = tokenInfo(token, this.lex);
    const e = tokenEmbedding(token, this.emb);
    const hashes = [...info.features, ...e.names, `w:${info.norm}`].map((f) => fnv(FNV_OFFSET, f));
    // The feature names live on as hashes; a cached token keeps only what sentence features read.
    const slim: TokenInfo = { norm: info.norm, word: info.word, number: info.number, capital: info.capital, features: NO_FEATURES };
    return { token, info: slim, hashes, pairState: fnv(FNV_OFFSET, `b:${info.norm}_`), vec: e.vec, cluster: e.cluster, clusterState: fnv(FNV_OFFSET, `p:${e.cluster}_`) };
  }

  private readonly visit = (start: number, end: number): void => {
    const text = this.text;
    let key = FNV_OFFSET;
    for (let i = start; i < end; i++) key = Math.imul(key ^ text.charCodeAt(i), 0x01000193);
    key &= 0x3fffffff; // small-integer keys keep the Map fast
    let e = this.tokens.get(key);
    if (!e || e.token.length !== end - start || !text.startsWith(e.token, start)) {
      e = this.make(detached(text.slice(start, end)));
      // Bounded: news vocabularies are large but repetitive. A colliding key keeps its first token.
      if (this.tokens.size >= TOKEN_CACHE) this.tokens.clear();
      if (!this.tokens.has(key)) this.tokens.set(key, e);
    }
    this.hs.push(e);
  };

  private nameHash(name: string): number {
    let h = this.names.get(name);
    if (h === undefined) this.names.set(name, (h = fnv(FNV_OFFSET, name)));
    return h;
  }

  private readonly emitName = (name: string): void => this.builder.add(this.nameHash(name));
  /** Hashes of the dense feature names `e:<dim>` and `x:<dim>`, made once. */
  private readonly meanHashes: number[];
  private readonly maxHashes: number[];

  row(text: string): SparseRow {
    this.text = text;
    const hs: HashedToken[] = [];
    this.hs = hs;
    scanPieces(text, this.visit);
    this.text = '';
    const b = this.builder;
    sentenceFeatures(hs.map((h) => h.token), hs.map((h) => h.info), this.emitName);
    const pooled = pooledVectors(hs.map((h) => h.vec), this.emb);
    if (pooled?.mean) for (let k = 0; k < pooled.mean.length; k++) b.addValue(this.meanHashes[k]!, pooled.mean[k]!);
    if (pooled?.max) for (let k = 0; k < pooled.max.length; k++) b.addValue(this.maxHashes[k]!, pooled.max[k]!);
    let state = this.startState;
    let clusterState = this.clusterStartState;
    const pairs = !!this.emb?.options.pairs;
    for (let i = 0; i < hs.length; i++) {
      const h = hs[i]!;
      for (let k = 0; k < h.hashes.length; k++) b.add(h.hashes[k]!);
      b.add(fnv(state, h.info.norm));
      state = h.pairState;
      if (pairs) {
        b.add(fnv(clusterState, h.cluster));
        clusterState = h.clusterState;
      }
    }
    b.add(fnv(state, '</s>'));
    if (pairs) b.add(fnv(clusterState, '</s>'));
    return b.build();
  }
}
