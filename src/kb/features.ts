import { DF_BITS, DocFreq, wordKey } from './stats.ts';
import { gramKeysOf, indexOfKey } from './keys.ts';
import { TF_WEIGHT, countKeys, yearsOf, type EntryFeatures, type KeyCounts } from './entryfeatures.ts';
import { contentWords, hasNegation, names, numbers, signatureYear } from './text.ts';
import type { Associations } from './assoc.ts';

/**
 * A TF-IDF vector kept as its distinct keys (ascending) and term counts: the weights
 * (1 + ln tf) * idf are applied only to the keys two vectors share, during the merge that
 * computes their cosine, so an entry's vector is never materialised.
 */
export interface Vec extends KeyCounts {
  norm: number;
  /** Sum of the weights (the denominator of coverage). */
  sum: number;
}

/** A text's vectors and cues, computed once per query and per candidate. */
export interface Analysed {
  words: Vec;
  grams: Vec;
  /** Distinct capitalised names, numbers and years, as arrays: they are a handful each. */
  names: string[];
  numbers: string[];
  years: number[];
  negated: boolean;
  /** Year of the query (tweet signature) when known. */
  year: number | null;
  /** The IDF of every key (the KB's `DocFreq.idfs`), which weighs the vectors. */
  idf: Float64Array;
  /**
   * The text's vector by the bag-of-words student of the sentence encoder (`wordvectors.ts`),
   * set by the searcher before a list is scored (`KbSearcher.embed`); null when none of its
   * words has a vector, absent when the model has no word vectors.
   */
  sem?: Float32Array | null;
}

export interface Candidate {
  /** The entry's row id; `KbSearcher.entry(rid)` reads the row when it is shown. */
  rid: number;
  kb: string;
  bm25: number;
  rank: number;
  bestBm25: number;
  doc: Analysed;
  /** Year of the entry's date field. */
  dateYear: number | null;
  /** The training queries remembered for this entry (`memory.ts`), as TF-IDF vectors. */
  memory?: readonly RememberedVectors[];
  /** Cosines of the query's sentence vector with the entry's claim and title (`vectors.ts`), when both are known. */
  cos?: readonly [number, number];
}

/** A remembered query (`memory.ts`) as the features read it: its id and TF-IDF vectors. */
export interface RememberedVectors {
  query: string;
  words: Vec;
  grams: Vec;
}

/** 1 + ln(tf) for every stored term count. */

export function toVec(c: KeyCounts, idf: Float64Array): Vec {
  let norm = 0, sum = 0;
  for (let i = 0; i < c.keys.length; i++) {
    const x = TF_WEIGHT[c.tf[i]!]! * idf[c.keys[i]!]!;
    norm += x * x;
    sum += x;
  }
  return { keys: c.keys, tf: c.tf, norm: Math.sqrt(norm) || 1, sum };
}

/** The TF-IDF vector of a text's content words. */
export const wordVector = (cw: string[], df: DocFreq): Vec => toVec(countKeys(cw.map(wordKey)), df.idfs);

/**
 * A query's analysis; `raw` is the text before cleaning, where a tweet signature dates it.
 * `words` is the vector of `cw` when the caller already made it.
 */
export function analyse(text: string, df: DocFreq, raw = text, cw = contentWords(text), words = wordVector(cw, df)): Analysed {
  const nums = numbers(text);
  return {
    words,
    grams: toVec(countKeys(gramKeysOf(cw)), df.idfs),
    names: [...names(text)], numbers: [...nums], years: yearsOf(nums),
    negated: hasNegation(text), year: signatureYear(raw), idf: df.idfs,
  };
}

/** An entry's analysis from the features stored with it. */
export function analyseStored(f: EntryFeatures, df: DocFreq, norms?: { all: Float64Array; rid: number }): Analysed {
  const c = f.cues;
  const o = norms ? 4 * norms.rid : -1;
  // The norms `storeEntryDigest` computed with the same IDF table, when the KB has them for this row.
  const stored = norms && o + 3 < norms.all.length && !Number.isNaN(norms.all[o]!);
  const words = stored ? { keys: f.words.keys, tf: f.words.tf, norm: norms.all[o]!, sum: norms.all[o + 1]! } : toVec(f.words, df.idfs);
  const grams = stored ? { keys: f.grams.keys, tf: f.grams.tf, norm: norms.all[o + 2]!, sum: norms.all[o + 3]! } : toVec(f.grams, df.idfs);
  return { words, grams, names: c.names, numbers: c.numbers, years: c.years, negated: c.negated, year: null, idf: df.idfs };
}

/**
 * The query's term counts spread over the whole key space (keys are DF_BITS wide), set for the
 * list being scored and cleared after: a candidate's overlap is then one pass over its own keys
 * with a direct look-up each, instead of a merge that branches on every key of both vectors.
 */
const queryTf = { words: new Uint8Array(1 << DF_BITS), grams: new Uint8Array(1 << DF_BITS) };
/** One bit per key of either query vector (128 kB, stays in cache): most candidate keys miss. */
const queryBits = new Uint32Array((1 << DF_BITS) >>> 5);

function spread(v: Vec, into: Uint8Array, on: boolean): void {
  for (let i = 0; i < v.keys.length; i++) {
    const k = v.keys[i]!;
    into[k] = on ? v.tf[i]! : 0;
    if (on) queryBits[k >>> 5]! |= 1 << (k & 31);
    else queryBits[k >>> 5] = 0;
  }
}

/**
 * Dot product of the spread query vector with `d`, and the weight each has on the keys they
 * share. Keys are visited in ascending order, as a merge would, so the sums are the same.
 */
function overlap(qTf: Uint8Array, d: Vec, idf: Float64Array): { dot: number; aShared: number; bShared: number } {
  let dot = 0, aShared = 0, bShared = 0;
  const dk = d.keys, dtf = d.tf;
  for (let j = 0; j < dk.length; j++) {
    const k = dk[j]!;
    if (!(queryBits[k >>> 5]! & (1 << (k & 31)))) continue;
    const t = qTf[k]!;
    if (t === 0) continue;
    const w = idf[k]!;
    const wa = TF_WEIGHT[t]! * w, wb = TF_WEIGHT[dtf[j]!]! * w;
    dot += wa * wb;
    aShared += wa;
    bShared += wb;
  }
  return { dot, aShared, bShared };
}

/**
 * The IDF-weighted share of the query's words that the entry also has (the re-ranker's `qcov`),
 * by a merge of the two ascending key lists. Search computes it apart from the features, from the
 * query's word vector alone, to drop candidates a report cannot show before scoring them.
 */
export function queryCoverage(q: Pick<Analysed, 'words' | 'idf'>, d: { words: Pick<Vec, 'keys'> }): number {
  const a = q.words, b = d.words;
  if (!a.sum) return 0;
  let shared = 0;
  // A binary search per query word, not a merge of both lists: a claim has a dozen words and an
  // entry with its summary often a hundred, and every look-up covers 40 candidates.
  for (let i = 0; i < a.keys.length; i++) {
    const k = a.keys[i]!;
    if (indexOfKey(b.keys, k) >= 0) shared += TF_WEIGHT[a.tf[i]!]! * q.idf[k]!;
  }
  return shared / a.sum;
}

/** Share of `a`'s items that `b` also has; -1 when `a` has none. */
function share<T>(a: T[], b: T[]): number {
  if (!a.length) return -1;
  let n = 0;
  for (const x of a) if (b.includes(x)) n++;
  return n / a.length;
}

const bin = (x: number, step: number, max: number) => Math.min(max, Math.floor(x / step));

/**
 * Feature names of the form prefix + small integer, made once: a name built per candidate is a
 * new string whose hash the re-ranker's slot look-up recomputes every time.
 */
function family(prefix: string, size: number): (i: number) => string {
  const names = Array.from({ length: size }, (_, i) => `${prefix}${i}`);
  return (i) => names[i] ?? `${prefix}${i}`;
}
const F = {
  wcos_b: family('wcos_b', 10), ccos_b: family('ccos_b', 10), dcov_b: family('dcov_b', 10), rel_b: family('rel_b', 10),
  rank_: family('rank_', 11), memw_b: family('memw_b', 10), memc_b: family('memc_b', 10), tm_b: family('tm_b', 6), sem_b: family('sem_b', 10), names_b: family('names_b', 4), dyear_: family('dyear_', 4), future_: family('future_', 2),
};
const RATIO = { wcos: 'wcos_ratio', ccos: 'ccos_ratio', dcov: 'dcov_ratio' } as const;
const GAP = { wcos: 'wcos_gap', ccos: 'ccos_gap', dcov: 'dcov_gap' } as const;
const RANK = { wcos: family('wcos_rank', 6), ccos: family('ccos_rank', 6), dcov: family('dcov_rank', 6) } as const;

/**
 * The re-ranker's features for a (query, candidate) pair: BM25 relative to the best candidate,
 * word and character n-gram TF-IDF cosines, coverage both ways, name and number overlap,
 * negation mismatch and date distance. Continuous values are also binned so a linear model can
 * bend them.
 */
interface Base {
  wcos: number;
  ccos: number;
  qcov: number;
  dcov: number;
  /** Learned-association coverage of the query words the entry lacks (0 without a table). */
  tm: number;
  /** Best word and character n-gram cosine to a query remembered for the entry; -1 with none. */
  memW: number;
  memC: number;
}

const RELATIVE_FLOOR = 0.35;

/** The similarities of the query (spread into `queryTf`) and one candidate. */
function base(q: Analysed, d: Analysed, assoc: Associations | null, memory: readonly RememberedVectors[] | undefined, idf = q.idf): Base {
  const w = overlap(queryTf.words, d.words, idf);
  const g = overlap(queryTf.grams, d.grams, idf);
  let memW = -1, memC = -1;
  for (const m of memory ?? []) {
    memW = Math.max(memW, overlap(queryTf.words, m.words, idf).dot / (q.words.norm * m.words.norm));
    memC = Math.max(memC, overlap(queryTf.grams, m.grams, idf).dot / (q.grams.norm * m.grams.norm));
  }
  return {
    memW, memC,
    wcos: w.dot / (q.words.norm * d.words.norm),
    ccos: g.dot / (q.grams.norm * d.grams.norm),
    // IDF-weighted share of one side's words that the other also has.
    qcov: q.words.sum ? w.aShared / q.words.sum : 0,
    dcov: d.words.sum ? w.bShared / d.words.sum : 0,
    tm: assoc ? assoc.soft(q.words, d.words, idf) : 0,
  };
}

/**
 * Features of every candidate of one query. Besides each pair's own features, each similarity
 * is also given relative to the best candidate of the list and as a rank within it: a
 * pointwise model then learns "clearly the closest of these", which is what MAP rewards.
 */
/** `base` for each candidate of one query. */
function basesOf(q: Analysed, docs: Analysed[], assoc: Associations | null = null, memories: Array<readonly RememberedVectors[] | undefined> = []): Base[] {
  spread(q.words, queryTf.words, true);
  spread(q.grams, queryTf.grams, true);
  assoc?.prepare(q.words);
  try {
    return docs.map((d, i) => base(q, d, assoc, memories[i]));
  } finally {
    spread(q.words, queryTf.words, false);
    spread(q.grams, queryTf.grams, false);
  }
}

export function listFeatures(q: Analysed, cands: Candidate[], assoc: Associations | null = null): Array<Array<[string, number]>> {
  const bases = basesOf(q, cands.map((c) => c.doc), assoc, cands.map((c) => c.memory));
  const keys = ['wcos', 'ccos', 'dcov'] as const;
  // The floor keeps "best of a short, weak list" from looking like a strong match: with one
  // candidate sharing one rare word, the ratio would otherwise be 1.
  const best = Object.fromEntries(keys.map((k) => [k, Math.max(RELATIVE_FLOOR, ...bases.map((b) => b[k]))])) as Record<(typeof keys)[number], number>;
  const ranks = Object.fromEntries(keys.map((k) => {
    // Equal values share a rank, as BM25 ties do (`tiedRanks`): twin entries must not differ by it.
    const order = bases.map((b, i) => [b[k], i] as const).sort((x, y) => y[0] - x[0]);
    const r = new Array<number>(bases.length);
    order.forEach(([v, i], pos) => (r[i] = pos > 0 && v === order[pos - 1]![0] ? r[order[pos - 1]![1]]! : pos));
    return [k, r];
  })) as Record<(typeof keys)[number], number[]>;
  const tmBest = Math.max(0, ...bases.map((b) => b.tm));
  const sems = cands.map((c) => semCosine(q.sem, c.doc.sem));
  const semBest = Math.max(RELATIVE_FLOOR, ...sems.map((x) => x ?? 0));
  return cands.map((c, i) => {
    const f = pairFeatures(q, c, bases[i]!);
    for (const k of keys) {
      const ratio = bases[i]![k] / best[k];
      f.push([RATIO[k], ratio], [GAP[k], best[k] - bases[i]![k]], [RANK[k](Math.min(ranks[k][i]!, 5)), 1]);
    }
    const { memW, memC } = bases[i]!;
    if (memW >= 0) {
      f.push(['mem_wcos', memW], ['mem_ccos', memC], [F.memw_b(bin(memW, 0.1, 9)), 1], [F.memc_b(bin(memC, 0.1, 9)), 1]);
    }
    const sem = sems[i];
    if (sem !== undefined) f.push(['sem', sem], ['sem2', sem * sem], [F.sem_b(bin(Math.max(0, sem), 0.1, 9)), 1], ['sem_gap', semBest - sem]);
    if (assoc) {
      const tm = bases[i]!.tm;
      f.push(['tm', tm * 20], [F.tm_b(bin(tm, 0.004, 5)), 1], ['tm_ratio', tmBest ? tm / tmBest : 0], ['tm+qcov', tm * 20 + bases[i]!.qcov]);
    }
    return f;
  });
}

/** The cosine of two student vectors (`Analysed.sem`); undefined unless both texts have one. */
function semCosine(a: Float32Array | null | undefined, b: Float32Array | null | undefined): number | undefined {
  if (!a || !b) return undefined;
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

export function pairFeatures(q: Analysed, c: Candidate, b: Base = basesOf(q, [c.doc])[0]!): Array<[string, number]> {
  const d = c.doc;
  const { wcos, ccos, qcov, dcov } = b;
  const rel = c.bestBm25 ? c.bm25 / c.bestBm25 : 0;
  const f: Array<[string, number]> = [
    ['bias', 1],
    ['wcos', wcos], ['ccos', ccos], ['qcov', qcov], ['dcov', dcov], ['bm25rel', rel],
    ['wcos2', wcos * wcos], ['ccos2', ccos * ccos], ['dcov2', dcov * dcov],
    ['wcos*dcov', wcos * dcov], ['ccos*rel', ccos * rel],
    [F.wcos_b(bin(wcos, 0.1, 9)), 1], [F.ccos_b(bin(ccos, 0.1, 9)), 1], [F.dcov_b(bin(dcov, 0.1, 9)), 1],
    [F.rel_b(bin(rel, 0.1, 9)), 1], [F.rank_(Math.min(c.rank, 10)), 1],
    ['top1', c.rank === 0 ? 1 : 0],
  ];
  const nm = share(d.names, q.names);
  if (nm >= 0) f.push(['names', nm], [F.names_b(bin(nm, 0.25, 3)), 1]);
  const nu = share(d.numbers, q.numbers);
  if (nu >= 0) f.push(['nums', nu], [`nums_miss`, nu === 0 ? 1 : 0]);
  if (q.negated !== d.negated) f.push(['neg_mismatch', 1]);
  const dy = q.year ?? (q.years.length ? Math.max(...q.years) : null);
  const cy = d.years.length ? Math.max(...d.years) : c.dateYear;
  if (dy && cy) f.push([F.dyear_(Math.min(3, Math.abs(dy - cy))), 1], [F.future_(cy > dy ? 1 : 0), 1]);
  return f;
}
