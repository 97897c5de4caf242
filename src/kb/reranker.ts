import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LinearModel, hash32, type SparseRow } from '../learn/linear.ts';
import { listFeatures, type Analysed, type Candidate } from './features.ts';
import type { Scorer } from './scorer.ts';
import { Associations } from './assoc.ts';
import { Synonyms } from './synonyms.ts';
import { QueryMemory } from './memory.ts';
import { QueryMap } from './querymap.ts';
import { EntryVectors } from './vectors.ts';
import { ENCODER_NAME } from './encoder.ts';
import { WORD_VECTORS_FILE, WordVectors } from './wordvectors.ts';

export const RERANKER_BITS = 16;
export const ASSOC_FILE = 'associations.bin';
export const MEMORY_FILE = 'memory.bin';

/** Platt scaling fitted on held-apart queries: maps the model's logit to a probability of a true match. */
export interface Calibration {
  a: number;
  b: number;
  /** The score above which a match is shown as a match in reports. */
  threshold: number;
  /**
   * Reports also need the entry to have at least this IDF-weighted share of the claim's words
   * (`MIN_SHOWN_COVER` when trained; absent in older files: no such floor). Kept here with the
   * threshold so that a change of either is a new model version for resumed batches.
   */
  minCover?: number;
  /**
   * Reports also look up an article's sentences beyond its 8 places that have at least this
   * IDF-weighted share of the words some entry states (claim and title), and show there only
   * matches with that share
   * (`REST_MIN_ENTRY_COVER` when trained; absent in older files: no such look-ups).
   */
  restMinEntryCover?: number;
  /** KBs whose shown matches must share a name with the claim (`NAMED_KBS`; absent in older files: none). */
  namedKbs?: string[];
  /**
   * Platt parameters fitted on a KB's own kind of data, replacing `a`, `b` for its entries: a
   * paraphrase of a disinformation case is worded unlike a tweet about a Snopes claim, so one
   * mapping cannot make one threshold mean the same for both.
   */
  kbs?: Record<string, { a: number; b: number }>;
  /**
   * The semantic stage (`kb search`): for a candidate whose sentence cosines are known, the
   * score is sigmoid(a * (logit + claim * cos(claim) + title * cos(title)) + b) instead. The
   * weights are chosen on the Snopes train queries, `a` and `b` fitted as the lexical Platt
   * parameters are (absent: no semantic stage).
   */
  semantic?: SemanticCalibration;
  /**
   * The file of the word vectors in the model folder whose cosines the re-ranker was trained on
   * (`wordvectors.ts`; absent in older files: a re-ranker trained without them).
   */
  wordVectors?: string;
  /** The synonym table's file in the model folder (`synonyms.ts`; absent in older files: none). */
  synonyms?: string;
  /** What a claim word the entry has a synonym of counts towards a report's cover (`SYNONYM_COVER`; absent: nothing). */
  synonymCover?: number;
}

export interface SemanticCalibration {
  /** The sentence encoder the entry vectors and weights belong to (`encoder.ts`). */
  encoder: string;
  claim: number;
  title: number;
  a: number;
  b: number;
  /**
   * The file of the query map in the model folder (`querymap.ts`), which turns an encoded query
   * into the vector the weights were fitted on (absent in older files: queries are used as encoded).
   */
  queryMap?: string;
}

/** A candidate's score from the linear model's probability `p`: by the semantic stage when its cosines are known, else by its KB's Platt parameters. */
export function calibrated(cal: Calibration, p: number, c: Pick<Candidate, 'kb' | 'cos'>): number {
  if (cal.semantic && c.cos) return sigmoid(cal.semantic.a * fusedLogit(p, c.cos, cal.semantic) + cal.semantic.b);
  const { a, b } = cal.kbs?.[c.kb] ?? cal;
  return sigmoid(a * logit(p) + b);
}

/** The logit of the semantic stage, before its Platt scaling. */
export const fusedLogit = (p: number, cos: readonly [number, number], w: Pick<SemanticCalibration, 'claim' | 'title'>) => logit(p) + w.claim * cos[0] + w.title * cos[1];

const MASK = (1 << RERANKER_BITS) - 1;
/** Feature names repeat across every pair (about 60 distinct), so their hashes are kept. */
const slots = new Map<string, number>();
const slot = (name: string) => {
  let j = slots.get(name);
  if (j === undefined) slots.set(name, (j = hash32(name) & MASK));
  return j;
};

/**
 * The same rows as `toRow(features, RERANKER_BITS)` (slots in first-seen order, a repeated slot
 * summed), without hashing each name again and without a Map per row: a row has about 40
 * features, so finding a repeated slot by scanning is cheaper than hashing it. With `scratch`,
 * the row lives in buffers reused by the next call (for scoring, which reads it at once).
 */
function row(features: Array<[string, number]>, scratch = false): SparseRow {
  const idx = scratch ? scratchIdx(features.length) : new Uint32Array(features.length);
  const sums = scratchSums(features.length);
  let n = 0;
  for (const [name, v] of features) {
    const j = slot(name);
    let k = 0;
    while (k < n && idx[k] !== j) k++;
    if (k === n) {
      idx[n] = j;
      sums[n++] = 0;
    }
    sums[k]! += v;
  }
  const val = scratch ? scratchVal.subarray(0, n) : new Float32Array(n);
  for (let k = 0; k < n; k++) val[k] = sums[k]!;
  return { idx: idx.subarray(0, n), val };
}

let bufIdx = new Uint32Array(64), bufSums = new Float64Array(64), scratchVal = new Float32Array(64);
function scratchIdx(n: number): Uint32Array {
  if (bufIdx.length < n) bufIdx = new Uint32Array(n * 2);
  return bufIdx;
}
function scratchSums(n: number): Float64Array {
  if (bufSums.length < n) bufSums = new Float64Array(n * 2);
  if (scratchVal.length < n) scratchVal = new Float32Array(n * 2);
  return bufSums;
}

export const rowsFor = (q: Analysed, cands: Candidate[], assoc: Associations | null = null) => listFeatures(q, cands, assoc).map((f) => row(f));

export const logit = (p: number) => Math.log(Math.max(p, 1e-9) / Math.max(1 - p, 1e-9));
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The trained re-ranker: the linear model's match probability, recalibrated. */
export class Reranker implements Scorer {
  constructor(
    readonly model: LinearModel,
    readonly calibration: Calibration,
    readonly assoc: Associations | null = null,
    readonly memory: QueryMemory | null = null,
    /** The model folder holding the semantic stage's entry vectors, read on first use: reports never need them. */
    private readonly vectorsDir: string | null = null,
  ) {}

  private loadedVectors: EntryVectors | null | undefined;

  /** Whether a search given a query vector can use the semantic stage (weights, entry vectors and the query map they name). */
  get semanticReady(): boolean {
    return this.semanticProblem === null;
  }

  /**
   * Why the semantic stage cannot run, or null when it can: its weights, entry vectors and query
   * map must all be there and all belong to the encoder this version runs (`ENCODER_NAME`), since
   * another encoder's vectors would be compared with this one's as if they meant the same.
   */
  get semanticProblem(): string | null {
    const semantic = this.calibration.semantic;
    if (!semantic) return 'the model has no semantic stage';
    const other = (what: string, encoder: string) => `${what} belongs to another sentence encoder (${encoder}; this version runs ${ENCODER_NAME})`;
    if (semantic.encoder !== ENCODER_NAME) return other('the model\'s semantic stage', semantic.encoder);
    const vectors = this.vectors;
    if (!vectors?.size) return 'the model has no entry vectors (semantic-*.bin)';
    if (vectors.encoder !== ENCODER_NAME) return other('the entry vectors', vectors.encoder);
    if (semantic.queryMap) {
      const map = this.queryMap;
      if (!map) return `the query map ${semantic.queryMap} is missing`;
      if (map.encoder !== ENCODER_NAME) return other('the query map', map.encoder);
    }
    return null;
  }

  private loadedMap: QueryMap | null | undefined;

  /** The semantic stage's query map, or null when this model has none. */
  get queryMap(): QueryMap | null {
    const file = this.calibration.semantic?.queryMap;
    if (this.loadedMap === undefined) this.loadedMap = file && this.vectorsDir ? QueryMap.load(join(this.vectorsDir, file)) : null;
    return this.loadedMap;
  }

  /** An encoded query as the semantic stage compares it with entries: through the query map when the model has one. */
  queryVector(encoded: Float32Array): Float32Array {
    return this.queryMap?.apply(encoded) ?? encoded;
  }

  /** The entry vectors of the semantic stage, or null when this model has none. */
  get vectors(): EntryVectors | null {
    if (this.loadedVectors === undefined) this.loadedVectors = this.calibration.semantic && this.vectorsDir ? EntryVectors.loadDir(this.vectorsDir) : null;
    return this.loadedVectors;
  }

  private loadedWordVectors: WordVectors | null | undefined;

  /** The bag-of-words student of the sentence encoder (`wordvectors.ts`), or null when this model was trained without one. */
  get wordVectors(): WordVectors | null {
    if (this.loadedWordVectors === undefined) this.loadedWordVectors = this.vectorsDir ? WordVectors.load(join(this.vectorsDir, this.calibration.wordVectors ?? WORD_VECTORS_FILE)) : null;
    return this.loadedWordVectors;
  }

  private loadedSynonyms: Synonyms | null | undefined;

  /** The synonym table a report's cover reads (`synonyms.ts`), or null when this model names none. */
  get synonyms(): Synonyms | null {
    if (this.loadedSynonyms === undefined) this.loadedSynonyms = this.vectorsDir && this.calibration.synonyms ? Synonyms.load(join(this.vectorsDir, this.calibration.synonyms)) : null;
    return this.loadedSynonyms;
  }

  raw(q: Analysed, cands: Candidate[]): number[] {
    return listFeatures(q, cands, this.assoc).map((f) => this.model.prob(row(f, true), 'match'));
  }

  score(q: Analysed, cands: Candidate[]): number[] {
    return this.raw(q, cands).map((p, i) => calibrated(this.calibration, p, cands[i]!));
  }

  static load(dir: string): Reranker | null {
    const modelPath = join(dir, 'reranker.bin');
    const calPath = join(dir, 'calibration.json');
    if (!existsSync(modelPath) || !existsSync(calPath)) return null;
    // The association table is optional: a re-ranker trained without it never reads its features.
    // So is the query memory: without it, no candidate carries remembered queries. And so are the
    // entry vectors of the semantic stage, read only by a search given a query vector.
    const calibration = JSON.parse(readFileSync(calPath, 'utf8')) as Calibration;
    // Without the word vectors it was trained with, the re-ranker would score every candidate
    // without its `sem` features, lower than it learnt to: a clear error instead.
    if (calibration.wordVectors && !existsSync(join(dir, calibration.wordVectors))) {
      throw new Error(`${dir}: the re-ranker was trained with word vectors (${calibration.wordVectors}), which are missing; restore the model folder or retrain with \`npm run train -- narratives\``);
    }
    // Without its synonym table a report's cover would count fewer words than it was calibrated with.
    if (calibration.synonyms && !existsSync(join(dir, calibration.synonyms))) {
      throw new Error(`${dir}: the model's report rules read a synonym table (${calibration.synonyms}), which is missing; restore the model folder or retrain with \`npm run train -- narratives\``);
    }
    return new Reranker(LinearModel.load(modelPath), calibration, Associations.load(join(dir, ASSOC_FILE)), QueryMemory.load(join(dir, MEMORY_FILE)), dir);
  }
}
