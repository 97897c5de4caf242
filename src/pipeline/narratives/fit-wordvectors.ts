/*
 * Fits the bag-of-words student of the sentence encoder (`src/kb/wordvectors.ts`): one vector
 * per word key such that a text's TF-IDF-weighted sum of them, made unit, comes near the
 * encoder's vector of the text. Least squares by stochastic gradient descent over catalogue
 * texts and news sentences, then kept in the encoder's top principal directions; no labels are
 * read, and no Snopes query, paraphrase fixture or news file that calibrates or measures the
 * matcher is among the texts.
 * models/narratives/NOTES.md, "A bag-of-words student of the sentence encoder".
 */
import type { DB } from '../../kb/db.ts';
import { ENCODER_DIMS } from '../../kb/encoder.ts';
import { TF_WEIGHT } from '../../kb/entryfeatures.ts';
import type { KbSearcher } from '../../kb/search.ts';
import { EntryVectors, entryTexts } from '../../kb/vectors.ts';
import { WordVectors } from '../../kb/wordvectors.ts';
import { Doc } from '../../doc/doc.ts';
import { principalDirections, project } from '../../learn/pca.ts';
import { newsArticles } from './data.ts';
import { queryVectors } from './semantic.ts';

/**
 * Passes over the texts, the rate falling linearly: held-out cosine 0.8054, 0.8165, 0.8219, 0.8245
 * after each (train's log). More were not tried on this corpus; a 10-pass probe on a similar one
 * gained under 0.002 a pass after the sixth.
 */
const EPOCHS = 4;
const LEARNING_RATE = 0.5;
/**
 * The vectors are kept in the encoder's first this-many principal directions (of its vectors of
 * the training texts): they hold 92.2% of those vectors' energy (`train` prints it; on the Snopes
 * entry vectors alone 64 directions held 83.6%, 128 91.8%, 256 96.5%), and a report embeds about
 * 1,900 texts per 400 articles, whose 512-value sums had taken about a twelfth of matching's
 * time (a throwaway profile). The held-out cosine in the kept directions is 0.8521.
 */
export const STUDENT_DIMS = 128;
/** A word needs this many texts to get a vector: one text cannot tell its sense from its company's. */
const MIN_TEXTS = 2;
/** Every tenth text is held out to report the fit. */
const HOLD_OUT = 10;

/**
 * The texts the student learns from (the encoder's vectors of the Snopes entries come from
 * `semantic-snopes.bin`, the rest are encoded once and kept in .cache): every EUvsDisinfo and
 * Ukraine-war claim and title with the first sentence of a case's summary, a third of
 * PolitiFact's statements, and up to 40 sentences of each news file in `news` (the files the
 * re-ranker's news negatives come from, never those that calibrate or measure it).
 */
export function studentTexts(db: DB, root: string, news: [number, number]): string[] {
  const out: string[] = [];
  for (const r of db.prepare("SELECT title, claim, summary FROM entries WHERE kb IN ('euvsdisinfo', 'ukraine-war') ORDER BY rid").all() as Array<{ title: string; claim: string | null; summary: string | null }>) {
    out.push(...entryTexts(r));
    const first = r.summary?.split(/(?<=[.!?])\s+(?=[A-Z“"])/)[0]?.trim();
    if (first && first.length > 30 && first.length < 400) out.push(first);
  }
  const statements = db.prepare("SELECT title FROM entries WHERE kb = 'politifact' ORDER BY rid").pluck().all() as string[];
  for (let i = 0; i < statements.length; i += 3) out.push(statements[i]!);
  for (const { text } of newsArticles(root, news[0], news[1])) {
    const doc = Doc.fromText(text);
    out.push(...doc.bodySentences.map((s) => doc.slice(s).trim()).filter((s) => s.length > 40 && s.length < 400).slice(0, 40));
  }
  return out;
}

export async function fitWordVectors(searcher: KbSearcher, snopes: EntryVectors, root: string, news: [number, number]): Promise<{ vectors: WordVectors; heldOutCosine: number; projectedCosine: number; texts: number }> {
  const db = searcher.db;
  const texts = studentTexts(db, root, news);
  const targets = await queryVectors(texts, 'texts for the word vectors');
  // The Snopes entries' vectors as `train` encoded them (claim, then title).
  const snopesRows = new Map((db.prepare("SELECT id, title, claim FROM entries WHERE kb = 'snopes'").all() as Array<{ id: string; title: string; claim: string | null }>).map((r) => [r.id, r]));
  snopes.keys.forEach((key, i) => {
    const [kb, id] = key.split('\u0000');
    const e = kb === 'snopes' ? snopesRows.get(id!) : undefined;
    if (!e) return;
    const own = entryTexts(e), vecs = snopes.textVectors(i);
    own.forEach((t, j) => {
      texts.push(t);
      targets.push(vecs[j]!);
    });
  });
  const idf = searcher.df.idfs;
  const counts = texts.map((t) => searcher.analyseQuery(t).words);
  const textsOf = new Map<number, number>();
  for (const c of counts) for (const k of c.keys) textsOf.set(k, (textsOf.get(k) ?? 0) + 1);
  const keys = Uint32Array.from([...textsOf].filter(([, n]) => n >= MIN_TEXTS).map(([k]) => k)).sort();
  const at = new Map<number, number>();
  keys.forEach((k, i) => at.set(k, i));
  // Each text as its words' rows and unit TF-IDF weights.
  const rows = counts.map((c) => {
    const idx: number[] = [], x: number[] = [];
    c.keys.forEach((k, j) => {
      const i = at.get(k);
      if (i === undefined) return;
      idx.push(i);
      x.push(TF_WEIGHT[c.tf[j]!]! * idf[k]!);
    });
    const n = Math.hypot(...x) || 1;
    return { idx: Int32Array.from(idx), x: Float32Array.from(x, (v) => v / n) };
  });
  const D = ENCODER_DIMS, E = new Float32Array(keys.length * D), p = new Float32Array(D);
  const predict = (r: (typeof rows)[number]) => {
    p.fill(0);
    for (let j = 0; j < r.idx.length; j++) {
      const o = r.idx[j]! * D, x = r.x[j]!;
      for (let k = 0; k < D; k++) p[k]! += x * E[o + k]!;
    }
  };
  /** Mean cosine of the prediction and the encoder's vector over the held-out texts, both seen through `view`. */
  const heldOut = (view: (v: Float32Array) => Float32Array = (v) => v) => {
    let sum = 0, n = 0;
    for (let t = 0; t < rows.length; t += HOLD_OUT) {
      if (!rows[t]!.idx.length) continue;
      predict(rows[t]!);
      sum += cosine(view(p), view(targets[t]!));
      n++;
    }
    return sum / n;
  };
  const order = rows.map((_, i) => i).filter((i) => i % HOLD_OUT !== 0 && rows[i]!.idx.length);
  let seed = 1;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let heldOutCosine = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rate = LEARNING_RATE * (1 - epoch / EPOCHS);
    for (const t of order) {
      const r = rows[t]!, y = targets[t]!;
      predict(r);
      for (let k = 0; k < D; k++) p[k]! -= y[k]!;
      for (let j = 0; j < r.idx.length; j++) {
        const o = r.idx[j]! * D, g = rate * r.x[j]!;
        for (let k = 0; k < D; k++) E[o + k]! -= g * p[k]!;
      }
    }
    heldOutCosine = heldOut();
    console.error(`narratives: word vectors, pass ${epoch + 1}/${EPOCHS}: held-out cosine to the encoder ${heldOutCosine.toFixed(4)}`);
  }
  const { basis, energy } = principalDirections(targets, D, STUDENT_DIMS);
  // The cosine a feature reads: of the prediction and the target, both in the kept directions.
  const projectedCosine = heldOut((v) => project(v, 0, basis, D, STUDENT_DIMS));
  const rowsOut = new Float32Array(keys.length * STUDENT_DIMS);
  for (let i = 0; i < keys.length; i++) rowsOut.set(project(E, i * D, basis, D, STUDENT_DIMS), i * STUDENT_DIMS);
  console.error(`narratives: word vectors kept in the encoder's ${STUDENT_DIMS} principal directions (${(100 * energy).toFixed(1)}% of its vectors' energy): held-out cosine there ${projectedCosine.toFixed(4)}`);
  return { vectors: WordVectors.fromFloats(STUDENT_DIMS, keys, rowsOut), heldOutCosine, projectedCosine, texts: texts.length };
}

function cosine(x: Float32Array, y: Float32Array): number {
  let dot = 0, xx = 0, yy = 0;
  for (let k = 0; k < x.length; k++) {
    dot += x[k]! * y[k]!;
    xx += x[k]! * x[k]!;
    yy += y[k]! * y[k]!;
  }
  return xx && yy ? dot / Math.sqrt(xx * yy) : 0;
}
