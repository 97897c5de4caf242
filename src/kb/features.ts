import type { Entry } from './db.ts';
import { DocFreq, gramKeys, wordKey } from './stats.ts';
import { contentWords, hasNegation, names, numbers, signatureYear, stem } from './text.ts';

/** A text's vectors and cues, computed once per query and per candidate. */
export interface Analysed {
  text: string;
  words: Map<number, number>;
  grams: Map<number, number>;
  wordNorm: number;
  gramNorm: number;
  stems: Set<string>;
  names: Set<string>;
  numbers: Set<string>;
  years: Set<number>;
  negated: boolean;
  /** Year of the query (tweet signature) when known. */
  year: number | null;
}

export interface Candidate {
  entry: Entry;
  bm25: number;
  rank: number;
  bestBm25: number;
  doc: Analysed;
}

function tfidf(keys: Iterable<number>, df: DocFreq): [Map<number, number>, number] {
  const v = new Map<number, number>();
  for (const k of keys) v.set(k, (v.get(k) ?? 0) + 1);
  let norm = 0;
  v.forEach((tf, k) => {
    const w = (1 + Math.log(tf)) * df.idf(k);
    v.set(k, w);
    norm += w * w;
  });
  return [v, Math.sqrt(norm) || 1];
}

export function analyse(text: string, df: DocFreq, raw = text): Analysed {
  const cw = contentWords(text);
  const [words, wordNorm] = tfidf(cw.map(wordKey), df);
  const [grams, gramNorm] = tfidf(gramKeys(text), df);
  const nums = numbers(text);
  const years = new Set([...nums].map(Number).filter((n) => n >= 1900 && n <= 2100));
  return {
    text, words, grams, wordNorm, gramNorm, stems: new Set(cw.map(stem)), names: names(text), numbers: nums, years,
    negated: hasNegation(text), year: signatureYear(raw),
  };
}

function cosine(a: Map<number, number>, an: number, b: Map<number, number>, bn: number): number {
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  // forEach, not for-of over entries: no [key, value] array per element in this hot loop.
  let dot = 0;
  small.forEach((w, k) => {
    const o = big.get(k);
    if (o) dot += w * o;
  });
  return dot / (an * bn);
}

/** IDF-weighted share of `a`'s words that `b` also has. */
function coverage(a: Map<number, number>, b: Map<number, number>): number {
  let inter = 0, all = 0;
  a.forEach((w, k) => {
    all += w;
    if (b.has(k)) inter += w;
  });
  return all ? inter / all : 0;
}

const share = (a: Set<string>, b: Set<string>) => {
  if (!a.size) return -1;
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n / a.size;
};

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

function base(q: Analysed, d: Analysed): Base {
  return {
    wcos: cosine(q.words, q.wordNorm, d.words, d.wordNorm),
    ccos: cosine(q.grams, q.gramNorm, d.grams, d.gramNorm),
    qcov: coverage(q.words, d.words),
    dcov: coverage(d.words, q.words),
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
  const dy = q.year ?? (q.years.size ? Math.max(...q.years) : null);
  const cy = d.years.size ? Math.max(...d.years) : (c.entry.date ? Number(c.entry.date.slice(0, 4)) : null);
  if (dy && cy) f.push([`dyear_${Math.min(3, Math.abs(dy - cy))}`, 1], [`future_${cy > dy ? 1 : 0}`, 1]);
  return f;
}
