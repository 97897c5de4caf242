import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_DIR } from '../pipeline/registry.ts';
import { WordClusters, WordVectors, loadEmbeddings } from './embeddings.ts';
import { mulberry32 } from './linear.ts';

const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let k = 0; k < a.length; k++) (dot += a[k]! * b[k]!), (na += a[k]! ** 2), (nb += b[k]! ** 2);
  return dot / Math.sqrt(na * nb);
};

test('the committed embeddings look words up, ignore case and know no made-up words', () => {
  const { vectors, clusters } = loadEmbeddings(DEFAULT_MODEL_DIR);
  assert.equal(vectors.dims, 100);
  assert.ok(vectors.size >= 40_000 && vectors.size === clusters.size);
  const president = vectors.vector('president');
  assert.ok(president);
  assert.deepEqual(vectors.vector('President'), president);
  assert.equal(vectors.vector('qzxv-unspin-nonword'), null);
  assert.equal(vectors.index('qzxv-unspin-nonword'), -1);
  assert.equal(clusters.of('qzxv-unspin-nonword'), null);
  // Meaning survives the Int8 table: neighbours are closer than unrelated words.
  assert.ok(cosine(vectors.vector('monday')!, vectors.vector('tuesday')!) > cosine(vectors.vector('monday')!, vectors.vector('chlorine')!) + 0.3);
  assert.ok(cosine(president, vectors.vector('minister')!) > cosine(president, vectors.vector('banana')!) + 0.3);
  // Loaded once per process.
  assert.equal(loadEmbeddings(DEFAULT_MODEL_DIR).vectors, vectors);
});

test('clusters are nested and put weekdays together', () => {
  const { clusters } = loadEmbeddings(DEFAULT_MODEL_DIR);
  assert.deepEqual(clusters.sizes, [64, 256, 1024]);
  for (const [word, ids] of clusters.entries()) {
    for (let l = 0; l < ids.length; l++) assert.ok(ids[l]! < clusters.sizes[l]!, word);
    for (let l = 1; l < ids.length; l++) assert.equal(Math.floor(ids[l]! / (clusters.sizes[l]! / clusters.sizes[l - 1]!)), ids[l - 1], word);
  }
  const fine = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((w) => clusters.of(w)![1]);
  assert.equal(new Set(fine).size, 1, `k=256 clusters of weekdays: ${fine}`);
  assert.notEqual(clusters.of('monday')![0], clusters.of('chlorine')![0]);
});

test('vector and cluster files round-trip (Int8 error within half a step per value)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unspin-emb-'));
  try {
    const rand = mulberry32(3);
    const words = ['alpha', 'beta', 'gamma', 'naïve', 'zero'];
    const d = 7;
    const data = Float32Array.from({ length: words.length * d }, () => (rand() - 0.5) * 6);
    data.fill(0, 4 * d); // an all-zero vector must survive too
    new WordVectors(words, d, data).save(join(dir, 'v.bin'));
    const back = WordVectors.load(join(dir, 'v.bin'));
    assert.deepEqual(back.words, words);
    for (let i = 0; i < words.length; i++) {
      const row = data.subarray(i * d, i * d + d);
      const step = Math.max(...row.map(Math.abs)) / 127;
      back.row(i).forEach((v, k) => assert.ok(Math.abs(v - row[k]!) <= step / 2 + 1e-6, `${words[i]}[${k}]`));
    }
    const acc = new Float64Array(d);
    back.addTo(acc, 0, 2);
    assert.ok(Math.abs(acc[0]! - 2 * back.row(0)[0]!) < 1e-6);

    const clusters = new WordClusters([2, 8], [['alpha', [1, 5]], ['naïve', [0, 3]]]);
    clusters.save(join(dir, 'c.tsv'));
    const c = WordClusters.load(join(dir, 'c.tsv'));
    assert.deepEqual(c.sizes, [2, 8]);
    assert.deepEqual([...c.entries()], [...clusters.entries()]);
    assert.deepEqual([...c.of('Alpha')!], [1, 5]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
