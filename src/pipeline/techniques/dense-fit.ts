/**
 * Builds the SI tagger's dense word table (`dense.ts`) from the derived GloVe vectors in
 * models/embeddings: each vector made unit, taken into the top DENSE_DIMS principal directions of
 * all of them (`src/learn/pca.ts`) and made unit again. 50 of 100 directions scored as well as all
 * 100 in CV (the model card's "Tried") at half the table.
 */
import { hash32 } from '../../learn/linear.ts';
import { loadEmbeddings } from '../../learn/embeddings.ts';
import { principalDirections, project } from '../../learn/pca.ts';
import { DenseWords } from './dense.ts';

export const DENSE_DIMS = 50;

const unit = (v: Float32Array): Float32Array => {
  let n = 0;
  for (const x of v) n += x * x;
  const s = n > 0 ? 1 / Math.sqrt(n) : 0;
  return v.map((x) => x * s);
};

/** `modelsRoot` is the models/ folder that holds embeddings/. */
export function fitDenseWords(modelsRoot: string, dims = DENSE_DIMS): { dense: DenseWords; energy: number } {
  const { vectors } = loadEmbeddings(modelsRoot);
  const rows = Array.from({ length: vectors.size }, (_, i) => unit(vectors.row(i)));
  const { basis, energy } = principalDirections(rows, vectors.dims, dims);
  const out = new Float32Array(rows.length * dims);
  rows.forEach((v, i) => out.set(unit(project(v, 0, basis, vectors.dims, dims)), i * dims));
  return { dense: DenseWords.fromUnitRows(Uint32Array.from(vectors.words, (w) => hash32(w)), out, dims), energy };
}
