/**
 * Builds the technique models' dense word table (`dense.ts`) from the derived GloVe vectors in
 * models/embeddings: each vector made unit, taken into the top DENSE_DIMS principal directions of
 * all of them (`src/learn/pca.ts`) and made unit again. For SI stage 1, 50 of 100 directions scored as
 * well as all 100 in CV (the model card's "Tried") at half the table.
 */
import { hash32 } from '../../learn/linear.ts';
import { loadEmbeddings } from '../../learn/embeddings.ts';
import { principalDirections, project } from '../../learn/pca.ts';
import { DenseWords } from './dense.ts';

export const DENSE_DIMS = 50;
/**
 * The most frequent words kept (models/embeddings stores them in GloVe's frequency order): TC
 * scored 62.00 with 20,000 or 30,000 and 62.29 with all 50,000 (index folds; 61.49, 61.46 and
 * 61.61 by id hash), and 20,000 take 1.5 MB of every process instead of 3.6 (rows and table).
 * UNSPIN_TECHNIQUES_DENSE_WORDS=N trains with another count, to rerun those figures.
 */
export const DENSE_WORDS = Number(process.env.UNSPIN_TECHNIQUES_DENSE_WORDS ?? 20000);

const unit = (v: Float32Array): Float32Array => {
  let n = 0;
  for (const x of v) n += x * x;
  const s = n > 0 ? 1 / Math.sqrt(n) : 0;
  return v.map((x) => x * s);
};

/** `modelsRoot` is the models/ folder that holds embeddings/. */
export function fitDenseWords(modelsRoot: string, dims = DENSE_DIMS, words = DENSE_WORDS): { dense: DenseWords; energy: number } {
  const { vectors } = loadEmbeddings(modelsRoot);
  const rows = Array.from({ length: Math.min(words, vectors.size) }, (_, i) => unit(vectors.row(i)));
  const { basis, energy } = principalDirections(rows, vectors.dims, dims);
  const out = new Float32Array(rows.length * dims);
  rows.forEach((v, i) => out.set(unit(project(v, 0, basis, vectors.dims, dims)), i * dims));
  return { dense: DenseWords.fromUnitRows(Uint32Array.from(vectors.words.slice(0, rows.length), (w) => hash32(w)), out, dims), energy };
}
