import { DocFreq, gramKeys, wordKey } from './stats.ts';
import { countKeys, yearsOf, type EntryFeatures, type KeyCounts } from './entryfeatures.ts';
import { contentWords, hasNegation, names, numbers, signatureYear } from './text.ts';

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
}

/** 1 + ln(tf) for every stored term count. */
const TF_WEIGHT = Float64Array.from({ length: 256 }, (_, tf) => (tf ? 1 + Math.log(tf) : 0));

export function toVec(c: KeyCounts, idf: Float64Array): Vec {
  let norm = 0, sum = 0;
  for (let i = 0; i < c.keys.length; i++) {
    const x = TF_WEIGHT[c.tf[i]!]! * idf[c.keys[i]!]!;
    norm += x * x;
    sum += x;
  }
  return { keys: c.keys, tf: c.tf, norm: Math.sqrt(norm) || 1, sum };
}

/** A query's analysis; `raw` is the text before cleaning, where a tweet signature dates it. */
export function analyse(text: string, df: DocFreq, raw = text): Analysed {
  const nums = numbers(text);
  return {
    words: toVec(countKeys(contentWords(text).map(wordKey)), df.idfs),
    grams: toVec(countKeys(gramKeys(text)), df.idfs),
    names: [...names(text)], numbers: [...nums], years: yearsOf(nums),
    negated: hasNegation(text), year: signatureYear(raw), idf: df.idfs,
  };
}

/** An entry's analysis from the features stored with it. */
export function analyseStored(f: EntryFeatures, df: DocFreq): Analysed {
  const c = f.cues;
  return { words: toVec(f.words, df.idfs), grams: toVec(f.grams, df.idfs), names: c.names, numbers: c.numbers, years: c.years, negated: c.negated, year: null, idf: df.idfs };
}

/** Dot product of two vectors and the weight each has on the keys they share (one merge). */
function overlap(a: Vec, b: Vec, idf: Float64Array): { dot: number; aShared: number; bShared: number } {
  let i = 0, j = 0, dot = 0, aShared = 0, bShared = 0;
  const ak = a.keys, bk = b.keys;
  while (i < ak.length && j < bk.length) {
    const x = ak[i]!, y = bk[j]!;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      const w = idf[x]!;
      const wa = TF_WEIGHT[a.tf[i]!]! * w, wb = TF_WEIGHT[b.tf[j]!]! * w;
      dot += wa * wb;
      aShared += wa;
      bShared += wb;
      i++;
      j++;
    }
  }
  return { dot, aShared, bShared };
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
}

const RELATIVE_FLOOR = 0.35;

function base(q: Analysed, d: Analysed, idf = q.idf): Base {
  const w = overlap(q.words, d.words, idf);
  const g = overlap(q.grams, d.grams, idf);
  return {
    wcos: w.dot / (q.words.norm * d.words.norm),
    ccos: g.dot / (q.grams.norm * d.grams.norm),
    // IDF-weighted share of one side's words that the other also has.
    qcov: q.words.sum ? w.aShared / q.words.sum : 0,
    dcov: d.words.sum ? w.bShared / d.words.sum : 0,
  };
}

/**
 * Features of every candidate of one query. Besides each pair's own features, each similarity
 * is also given relative to the best candidate of the list and as a rank within it: a
 * pointwise model then learns "clearly the closest of these", which is what MAP rewards.
 */
export function listFeatures(q: Analysed, cands: Candidate[]): Array<Array<[string, number]>> {
  const bases = cands.map((c) => base(q, c.doc));
  const keys = ['wcos', 'ccos', 'dcov'] as const;
  // The floor keeps "best of a short, weak list" from looking like a strong match: with one
  // candidate sharing one rare word, the ratio would otherwise be 1.
  const best = Object.fromEntries(keys.map((k) => [k, Math.max(RELATIVE_FLOOR, ...bases.map((b) => b[k]))])) as Record<(typeof keys)[number], number>;
  const ranks = Object.fromEntries(keys.map((k) => {
    const order = bases.map((b, i) => [b[k], i] as const).sort((x, y) => y[0] - x[0]);
    const r = new Array<number>(bases.length);
    order.forEach(([, i], pos) => (r[i] = pos));
    return [k, r];
  })) as Record<(typeof keys)[number], number[]>;
  return cands.map((c, i) => {
    const f = pairFeatures(q, c, bases[i]!);
    for (const k of keys) {
      const ratio = bases[i]![k] / best[k];
      f.push([`${k}_ratio`, ratio], [`${k}_gap`, best[k] - bases[i]![k]], [`${k}_rank${Math.min(ranks[k][i]!, 5)}`, 1]);
    }
    return f;
  });
}

export function pairFeatures(q: Analysed, c: Candidate, b: Base = base(q, c.doc)): Array<[string, number]> {
  const d = c.doc;
  const { wcos, ccos, qcov, dcov } = b;
  const rel = c.bestBm25 ? c.bm25 / c.bestBm25 : 0;
  const f: Array<[string, number]> = [
    ['bias', 1],
    ['wcos', wcos], ['ccos', ccos], ['qcov', qcov], ['dcov', dcov], ['bm25rel', rel],
    ['wcos2', wcos * wcos], ['ccos2', ccos * ccos], ['dcov2', dcov * dcov],
    ['wcos*dcov', wcos * dcov], ['ccos*rel', ccos * rel],
    [`wcos_b${bin(wcos, 0.1, 9)}`, 1], [`ccos_b${bin(ccos, 0.1, 9)}`, 1], [`dcov_b${bin(dcov, 0.1, 9)}`, 1],
    [`rel_b${bin(rel, 0.1, 9)}`, 1], [`rank_${Math.min(c.rank, 10)}`, 1],
    ['top1', c.rank === 0 ? 1 : 0],
  ];
  const nm = share(d.names, q.names);
  if (nm >= 0) f.push(['names', nm], [`names_b${bin(nm, 0.25, 3)}`, 1]);
  const nu = share(d.numbers, q.numbers);
  if (nu >= 0) f.push(['nums', nu], [`nums_miss`, nu === 0 ? 1 : 0]);
  if (q.negated !== d.negated) f.push(['neg_mismatch', 1]);
  const dy = q.year ?? (q.years.length ? Math.max(...q.years) : null);
  const cy = d.years.length ? Math.max(...d.years) : c.dateYear;
  if (dy && cy) f.push([`dyear_${Math.min(3, Math.abs(dy - cy))}`, 1], [`future_${cy > dy ? 1 : 0}`, 1]);
  return f;
}
