import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Doc } from '../../doc/doc.ts';
import type { Span } from '../../doc/span.ts';
import { LinearModel } from '../../learn/linear.ts';
import { fileKey, sharedArray } from '../../learn/shared-arrays.ts';
import { loadHashedWordClusters, type HashedWordClusters } from '../../learn/embeddings.ts';
import { TECHNIQUES, type Technique } from './taxonomy.ts';
import { loadLexicon, type Lexicon } from './lexicon.ts';
import { STACK_MAX, denseIds, denseWindow, sentenceStats, spanRows, stackFeatures, tokenIds, viewArticle, type ArticleView, type DenseUse } from './features.ts';
import { DENSE_FILE, DENSE_STEPS, DenseWords } from './dense.ts';

/** The trained span identifier (SI) and technique classifier (TC). */
export interface TechniqueModel {
  /** Non-overlapping propaganda spans, sorted, each with a confidence in [0,1]. */
  identify(doc: Doc): Array<Span & { score: number }>;
  /** One technique per given span, in order, with its probability. */
  classify(doc: Doc, spans: readonly Span[]): Array<{ technique: Technique; score: number }>;
}

/** Decoding settings chosen by cross-validation (see learn.ts), stored beside the weights. */
export interface DecodeConfig {
  /** A token is inside a span when its smoothed probability reaches this. */
  threshold: number;
  /** Weight of each neighbour's probability in the smoothing (0 = none). */
  smooth: number;
  /** Runs shorter than this many word tokens are dropped. */
  minTokens: number;
  /** Runs extend over tokens at or above this (hysteresis); defaults to `threshold`. */
  low?: number;
  /** A run that reads as a short technique is cut back to its tokens at or above this. */
  lowShort?: number;
  /** Trim articles, prepositions, conjunctions and pronouns off a span's end ("regime", not "regime in"). */
  trimFunctionWords?: boolean;
}

export const DEFAULT_DECODE: DecodeConfig = { threshold: 0.3, smooth: 0, minTokens: 1 };

const FUNCTION_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'of', 'in', 'on', 'at', 'to', 'for', 'by', 'with', 'from', 'as',
  'that', 'which', 'who', 'whom', 'whose', 'this', 'these', 'those', 'it', 'its', 'we', 'he', 'she', 'they',
  'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'will', 'would', 'than', 'then', 'so', 'if',
]);

const isPunct = (v: ArticleView, i: number) => {
  const k = v.doc.tokens[i]!.kind;
  return k === 'punct' || k === 'symbol';
};

const ID_BLOCK = 4096;

/**
 * Calls `fn` with each token's SI feature ids (ids[a..b)), computed in blocks of tokens so a
 * 5 MB input does not hold ~50 ids for every token at once.
 */
function eachTokenIds(v: ArticleView, bits: number, fn: (i: number, ids: Uint32Array, a: number, b: number) => void): void {
  for (let from = 0; from < v.n; from += ID_BLOCK) {
    const { ids, offsets } = tokenIds(v, bits, from, Math.min(v.n, from + ID_BLOCK));
    for (let r = 0; r + 1 < offsets.length; r++) fn(from + r, ids, offsets[r]!, offsets[r + 1]!);
  }
}

/** Adds the weights of feature ids[a..b) (value 1 each) of `m` into z (unscaled). */
function addWeights(m: LinearModel, ids: Uint32Array, a: number, b: number, z: Float64Array): void {
  const C = z.length;
  const w = m.weights;
  for (let k = a; k < b; k++) {
    const base = ids[k]! * C;
    for (let c = 0; c < C; c++) z[c]! += w[base + c]!;
  }
}

/**
 * The dense features are linear in the word vectors, so each word's part of the logits can be
 * summed once per model: per dense row and class, its vector's weight as a token (`tok`) and as
 * a neighbour (`win`). A token then costs a few additions instead of a 100-value dot product:
 * with the dot product one `npm run bench:techniques` read 3.9 times the tokenize-only floor,
 * with these sums 2.3-3.2 times, as without dense features (2.6-2.7).
 */
interface DenseScores {
  tok: Float32Array;
  win: Float32Array;
}
const denseScoresOf = new WeakMap<LinearModel, { dense: DenseWords; scores: DenseScores }>();

/**
 * `m`'s dense scores for `dense`, computed once per model. `file` (the loaded si.bin) lets the
 * threads of a batch share them (1.2 MB) instead of each computing its own.
 */
function denseScores(m: LinearModel, dense: DenseWords, file?: string): DenseScores {
  const known = denseScoresOf.get(m);
  if (known?.dense === dense) return known.scores;
  let computed: DenseScores | null = null;
  const compute = () => (computed ??= computeDenseScores(m, dense));
  const part = (name: 'tok' | 'win') =>
    file ? sharedArray(fileKey(file, `dense-scores-${name}`), Float32Array, dense.size * m.classes, (out) => out.set(compute()[name])) : compute()[name];
  const scores = { tok: part('tok'), win: part('win') };
  denseScoresOf.set(m, { dense, scores });
  return scores;
}

function computeDenseScores(m: LinearModel, dense: DenseWords): DenseScores {
  const C = m.classes, d = dense.dims, n = dense.size, w = m.weights, rows = dense.rows;
  const ids = denseIds(d, m.bits);
  const tok = new Float32Array(n * C), win = new Float32Array(n * C);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < d; k++) {
      const x = rows[r * d + k]! / DENSE_STEPS;
      if (x === 0) continue;
      const bt = ids[k]! * C, bw = ids[d + k]! * C;
      for (let c = 0; c < C; c++) {
        tok[r * C + c]! += w[bt + c]! * x;
        win[r * C + c]! += w[bw + c]! * x;
      }
    }
  }
  return { tok, win };
}

/** Adds token i's dense features' weights into z (unscaled): its own row's, and the mean of its ±2 sentence neighbours'. */
function addDense(scores: DenseScores, v: ArticleView, i: number, z: Float64Array): void {
  const C = z.length, dRow = v.dRow!;
  const r = dRow[i]!;
  if (r >= 0) for (let c = 0; c < C; c++) z[c]! += scores.tok[r * C + c]!;
  const [from, to] = denseWindow(v, i);
  let count = 0;
  for (let j = from; j <= to; j++) if (j !== i && dRow[j]! >= 0) count++;
  if (!count) return;
  for (let j = from; j <= to; j++) {
    const q = dRow[j]!;
    if (j === i || q < 0) continue;
    for (let c = 0; c < C; c++) z[c]! += scores.win[q * C + c]! / count;
  }
}

/** From logits z: P(inside) = 1 - P(O) and P(L) / P(inside), written at i. */
function insideOf(z: Float64Array, out: number, long: number, i: number, inside: Float64Array, longShare: Float64Array): void {
  // Softmax relative to O, computed stably enough for linear-model logits.
  let sumIn = 0;
  for (let c = 0; c < z.length; c++) if (c !== out) sumIn += Math.exp(z[c]! - z[out]!);
  inside[i] = Number.isFinite(sumIn) ? sumIn / (1 + sumIn) : 1;
  longShare[i] = long >= 0 && sumIn > 0 && Number.isFinite(sumIn) ? Math.exp(z[long]! - z[out]!) / sumIn : 0;
}

/** Per token: P(inside a span) = 1 - P(O), and the share of that mass on long techniques (L). */
export function tokenClassProbs(si: LinearModel, v: ArticleView): { inside: Float64Array; longShare: Float64Array } {
  const C = si.classes;
  const out = si.labels.indexOf('O');
  const long = si.labels.indexOf('L');
  if (out < 0) throw new Error('SI model has no O label');
  const inside = new Float64Array(v.n);
  const longShare = new Float64Array(v.n);
  const z = new Float64Array(C);
  const dense = v.dense?.si ? denseScores(si, v.dense.words) : null;
  eachTokenIds(v, si.bits, (i, ids, a, b) => {
    z.fill(0);
    addWeights(si, ids, a, b, z);
    if (dense) addDense(dense, v, i, z);
    for (let c = 0; c < C; c++) z[c] = si.bias[c]! + si.scale * z[c]!;
    insideOf(z, out, long, i, inside, longShare);
  });
  return { inside, longShare };
}

/**
 * Stacked SI: stage 1 (`si`) gives every token's probabilities; stage 2 (`si2`, same labels)
 * reads the stacked features of those probabilities (features.ts `stackFeatures`).
 */
export function stackedClassProbs(si: LinearModel, si2: LinearModel, v: ArticleView): { inside: Float64Array; longShare: Float64Array } {
  if (si2.labels.join() !== si.labels.join()) throw new Error('stage-2 SI model does not match stage 1 (labels differ)');
  const p1 = tokenClassProbs(si, v);
  const stats = sentenceStats(v, p1.inside);
  const C = si2.classes;
  const mask = (1 << si2.bits) - 1;
  const ids = new Uint32Array(STACK_MAX);
  const vals = new Float32Array(STACK_MAX);
  const inside = new Float64Array(v.n);
  const longShare = new Float64Array(v.n);
  const z = new Float64Array(C);
  const out = si2.labels.indexOf('O');
  const long = si2.labels.indexOf('L');
  const { weights, scale, bias } = si2;
  for (let i = 0; i < v.n; i++) {
    z.fill(0);
    const k = stackFeatures(v, p1, stats, i, mask, ids, vals);
    for (let f = 0; f < k; f++) {
      const at = ids[f]! * C;
      const x = vals[f]!;
      for (let c = 0; c < C; c++) z[c]! += weights[at + c]! * x;
    }
    for (let c = 0; c < C; c++) z[c] = bias[c]! + scale * z[c]!;
    insideOf(z, out, long, i, inside, longShare);
  }
  return { inside, longShare };
}

/** P(inside a span) per token. */
export const tokenProbs = (si: LinearModel, v: ArticleView): Float64Array => tokenClassProbs(si, v).inside;

/** SI end to end on one article: token probabilities (stacked when `si2` is given), then decoding. */
export function identifySpans(si: LinearModel, v: ArticleView, cfg: DecodeConfig, si2: LinearModel | null = null): Array<Span & { score: number }> {
  const p = si2 ? stackedClassProbs(si, si2, v) : tokenClassProbs(si, v);
  return decodeSpans(v, p.inside, cfg, p.longShare);
}

/** Inclusive token runs in [from, to] at or above `low`, within one sentence, peaking at `high` or more. */
function hysteresisRuns(v: ArticleView, sm: Float64Array, low: number, high: number, from: number, to: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let i = from;
  while (i <= to) {
    if (sm[i]! < low) {
      i++;
      continue;
    }
    let j = i;
    let peak = sm[i]!;
    while (j + 1 <= to && sm[j + 1]! >= low && v.sent[j + 1] === v.sent[i]) peak = Math.max(peak, sm[++j]!);
    if (peak >= high) runs.push([i, j]);
    i = j + 1;
  }
  return runs;
}

/**
 * Turns token probabilities into spans, with hysteresis: runs of tokens at or above `low` that
 * reach `threshold` somewhere, always within one sentence, trimmed of edge punctuation. When
 * `longShare` (P(long technique | inside) per token) is given, a run that reads as a short
 * technique is cut back to its tokens at or above `lowShort`, so loaded words and labels stay
 * tight while clause-long appeals keep their extent.
 */
export function decodeSpans(
  v: ArticleView,
  probs: ArrayLike<number>,
  cfg: DecodeConfig,
  longShare?: ArrayLike<number>,
): Array<Span & { score: number }> {
  const toks = v.doc.tokens;
  const low = Math.min(cfg.low ?? cfg.threshold, cfg.threshold);
  const lowShort = Math.min(Math.max(cfg.lowShort ?? low, low), cfg.threshold);
  const sm = new Float64Array(v.n);
  for (let i = 0; i < v.n; i++) {
    const l = i > 0 && v.sent[i - 1] === v.sent[i] ? probs[i - 1]! : probs[i]!;
    const r = i + 1 < v.n && v.sent[i + 1] === v.sent[i] ? probs[i + 1]! : probs[i]!;
    sm[i] = (probs[i]! + cfg.smooth * (l + r)) / (1 + 2 * cfg.smooth);
  }
  const runs: Array<[number, number]> = [];
  for (const [a, b] of hysteresisRuns(v, sm, low, cfg.threshold, 0, v.n - 1)) {
    // Without the long/short split every run is treated as short: tight is the safer default.
    let long = 0;
    let short = 1;
    if (longShare && lowShort > low) {
      short = 0;
      for (let k = a; k <= b; k++) {
        long += probs[k]! * longShare[k]!;
        short += probs[k]! * (1 - longShare[k]!);
      }
    }
    if (short > long && lowShort > low) runs.push(...hysteresisRuns(v, sm, lowShort, cfg.threshold, a, b));
    else runs.push([a, b]);
  }
  const out: Array<Span & { score: number }> = [];
  for (let [a, b] of runs) {
    while (a <= b && isPunct(v, a)) a++;
    while (b >= a && (isPunct(v, b) || (cfg.trimFunctionWords && FUNCTION_WORDS.has(v.lower[b]!)))) b--;
    if (b < a) continue;
    let words = 0;
    let sum = 0;
    for (let k = a; k <= b; k++) {
      sum += probs[k]!;
      if (!isPunct(v, k)) words++;
    }
    if (words >= cfg.minTokens) out.push({ start: toks[a]!.start, end: toks[b]!.end, score: Math.min(1, Math.max(0, sum / (b - a + 1))) });
  }
  return out;
}

/**
 * Labels spans; a span given k times (PTC gives one row per label) gets its k best techniques,
 * since one fragment can use several techniques at once.
 */
export function classifySpans(tc: LinearModel, v: ArticleView, spans: readonly Span[]): Array<{ technique: Technique; score: number }> {
  const rows = spanRows(v, spans, tc.bits);
  const seen = new Map<string, number>();
  return spans.map((s, k) => {
    const key = `${s.start}:${s.end}`;
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    const p = tc.probs(rows[k]!);
    const order = Array.from(p.keys()).sort((x, y) => p[y]! - p[x]!);
    const c = order[Math.min(rank, order.length - 1)]!;
    return { technique: tc.labels[c] as Technique, score: p[c]! };
  });
}

export const MODEL_FILES = { si: 'si.bin', tc: 'tc.bin', lexicon: 'lexicon.json', decode: 'decode.json' } as const;
/** Optional stacked second SI stage (see stackedClassProbs): used when present, else stage 1 alone. */
export const STAGE2_FILE = 'si2.bin';
/**
 * What the folder holds: `clusters` when the models were trained with word-cluster features
 * (models/embeddings/), `stacked` when it has a stage-2 SI model (si2.bin), `dense` when a model
 * reads dense word vectors (dense.bin): their dimensions and which models. All optional: a folder
 * from before a feature lacks its key.
 */
export const FEATURES_FILE = 'features.json';
export interface FeaturesInfo {
  clusters?: boolean;
  stacked?: boolean;
  dense?: { dims: number; si: boolean; tc: boolean };
}

export class TrainedTechniqueModel implements TechniqueModel {
  constructor(
    readonly si: LinearModel,
    readonly tc: LinearModel,
    readonly lexicon: Lexicon,
    readonly decode: DecodeConfig,
    readonly clusters: HashedWordClusters | null = null,
    /** Stage-2 SI (si2.bin); null: stage 1 alone. */
    readonly si2: LinearModel | null = null,
    /** Dense word vectors and the models that read them (dense.bin); null: none. */
    readonly dense: DenseUse | null = null,
  ) {}

  // The last Doc's view is reused: the component calls identify then classify on the same Doc.
  private cache: { doc: Doc; view: ArticleView } | null = null;
  view(doc: Doc): ArticleView {
    if (this.cache?.doc !== doc) this.cache = { doc, view: viewArticle(doc, this.lexicon, this.clusters, this.dense) };
    return this.cache.view;
  }

  identify(doc: Doc): Array<Span & { score: number }> {
    return identifySpans(this.si, this.view(doc), this.decode, this.si2);
  }

  classify(doc: Doc, spans: readonly Span[]): Array<{ technique: Technique; score: number }> {
    return classifySpans(this.tc, this.view(doc), spans);
  }
}

/** dense.bin as features.json describes it; a folder that lost the file is broken, not old. */
function loadDense(dir: string, info: FeaturesInfo['dense']): DenseUse | null {
  if (!info || (!info.si && !info.tc)) return null;
  if (!existsSync(join(dir, DENSE_FILE))) throw new Error(`${dir}: ${FEATURES_FILE} says the models read dense word vectors but ${DENSE_FILE} is missing (run npm run train -- techniques)`);
  const words = DenseWords.load(join(dir, DENSE_FILE));
  if (words.dims !== info.dims) throw new Error(`${dir}: ${DENSE_FILE} has ${words.dims} dimensions, ${FEATURES_FILE} says ${info.dims}`);
  return { words, si: !!info.si, tc: !!info.tc };
}

export async function loadTechniqueModel(modelDir: string): Promise<TechniqueModel> {
  const dir = join(modelDir, 'techniques');
  const missing = Object.values(MODEL_FILES).filter((f) => !existsSync(join(dir, f)));
  if (missing.length) throw new Error(`technique model not trained yet: ${dir} lacks ${missing.join(', ')} (run npm run train -- techniques)`);
  const tc = LinearModel.load(join(dir, MODEL_FILES.tc));
  const unknown = tc.labels.filter((l) => !(TECHNIQUES as readonly string[]).includes(l));
  if (unknown.length) throw new Error(`${dir}: unknown technique labels ${unknown.join(', ')}`);
  const decode = { ...DEFAULT_DECODE, ...(JSON.parse(readFileSync(join(dir, MODEL_FILES.decode), 'utf8')) as Partial<DecodeConfig>) };
  const features = existsSync(join(dir, FEATURES_FILE)) ? (JSON.parse(readFileSync(join(dir, FEATURES_FILE), 'utf8')) as FeaturesInfo) : {};
  // Clusters only, not the vectors: the techniques-only process must stay under its RSS budget.
  const clusters = features.clusters ? loadHashedWordClusters(modelDir) : null;
  const si = LinearModel.load(join(dir, MODEL_FILES.si));
  // Stage 2 only when its file is there: older folders (and `train --from label-studio` ones made
  // before stacking) run stage 1 alone with their own decode.json. A folder that says it is
  // stacked but lost the file is broken, not old.
  const has2 = existsSync(join(dir, STAGE2_FILE));
  if (features.stacked && !has2) throw new Error(`${dir}: ${FEATURES_FILE} says the SI model is stacked but ${STAGE2_FILE} is missing (run npm run train -- techniques)`);
  const si2 = has2 ? LinearModel.load(join(dir, STAGE2_FILE)) : null;
  if (si2 && si2.labels.join() !== si.labels.join()) throw new Error(`${dir}: ${STAGE2_FILE} does not match ${MODEL_FILES.si} (labels differ)`);
  const dense = loadDense(dir, features.dense);
  if (dense?.si) denseScores(si, dense.words, join(dir, MODEL_FILES.si));
  return new TrainedTechniqueModel(si, tc, loadLexicon(join(dir, MODEL_FILES.lexicon)), decode, clusters, si2, dense);
}
