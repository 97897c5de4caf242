/**
 * Rows of floats as Int8 with one Float32 scale per row: value = int8 * scale, with scale =
 * max|row| / 127, so the error per value is at most scale / 2. A quarter of the Float32 size;
 * the word embeddings, the entries' sentence vectors and the word vectors are all stored so.
 */
export function quantizeRows(rows: Float32Array, dims: number): { scales: Float32Array; data: Int8Array } {
  const n = rows.length / dims;
  const scales = new Float32Array(n), data = new Int8Array(n * dims);
  for (let i = 0, o = 0; i < n; i++, o += dims) {
    let max = 0;
    for (let k = 0; k < dims; k++) max = Math.max(max, Math.abs(rows[o + k]!));
    const s = max / 127 || 1;
    scales[i] = s;
    for (let k = 0; k < dims; k++) data[o + k] = Math.round(rows[o + k]! / s);
  }
  return { scales, data };
}
