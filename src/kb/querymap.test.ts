import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryMap } from './querymap.ts';
import { crossFittedVectors, fitQueryMap, nearestRows, type MapExample } from '../pipeline/narratives/fit-querymap.ts';

const dir = mkdtempSync(join(tmpdir(), 'unspin-qmap-'));
const unit = (v: Float32Array) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

/** Seeded pseudo-random numbers in [-0.5, 0.5). */
function rng(seed: number) {
  let x = seed;
  return () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x / 2 ** 32 - 0.5);
}

test('a zero map leaves a unit vector as it is; a map is applied and normalised', () => {
  const q = unit(Float32Array.from([3, 4, 0]));
  assert.deepEqual([...new QueryMap('enc', 3, new Float32Array(9)).apply(q)], [...q]);
  // A = diag(-1, 0, 0): (q + A q) keeps only the 2nd and 3rd values.
  const m = new QueryMap('enc', 3, Float32Array.from([-1, 0, 0, 0, 0, 0, 0, 0, 0]));
  assert.deepEqual([...m.apply(q)], [0, 1, 0]);
  assert.deepEqual([...m.apply(new Float32Array(3))], [0, 0, 0]);
  assert.throws(() => m.apply(new Float32Array(4)), /4 dimensions for a query map of 3/);
  assert.throws(() => new QueryMap('enc', 3, new Float32Array(8)), /needs 9 values/);
});

test('a query map is saved and loaded exactly; a wrong or truncated file is refused', () => {
  const m = new QueryMap('enc', 2, Float32Array.from([0.5, -0.25, 1e-7, 3]));
  const path = join(dir, 'map.bin');
  m.save(path);
  const back = QueryMap.load(path)!;
  assert.equal(back.encoder, 'enc');
  assert.deepEqual([...back.delta], [...m.delta]);
  assert.equal(QueryMap.load(join(dir, 'none.bin')), null);
  writeFileSync(join(dir, 'bad.bin'), 'not a map');
  assert.throws(() => QueryMap.load(join(dir, 'bad.bin')), /not a query-map file/);
});

test('the fitted map moves queries written in another "register" onto their entries, for queries it was not fitted on', () => {
  // Entries are random unit vectors. A query is its gold entry with its values reversed (a
  // systematic shift, as a tweet's wording is from its fact-check's) plus noise: unmapped, its
  // nearest entry is rarely its gold.
  const dims = 16, n = 40, r = rng(7);
  const entryVecs = Array.from({ length: n }, () => unit(Float32Array.from({ length: dims }, r)));
  const entries = new Float32Array(n * dims);
  entryVecs.forEach((v, i) => entries.set(v, i * dims));
  const query = (g: number): MapExample => ({ vector: unit(Float32Array.from({ length: dims }, (_, k) => entryVecs[g]![dims - 1 - k]! + 0.1 * r())), gold: [g] });
  const train = Array.from({ length: 80 }, (_, i) => query(i % n));
  const held = Array.from({ length: n }, (_, i) => query(i));
  const hits = (vs: Float32Array[]) => held.filter((e, i) => nearestRows(entries, dims, vs[i]!, 1)[0] === e.gold[0]).length;
  const settings = { negatives: n, scale: 10, l2: 1e-4, rate: 1, epochs: 300 };
  const map = fitQueryMap(train, entries, dims, 'enc', settings);
  const before = hits(held.map((e) => e.vector)), after = hits(held.map((e) => map.apply(e.vector)));
  assert.ok(before <= 8, `unmapped: ${before}/${n} right`);
  assert.ok(after >= 36, `mapped: ${after}/${n} right`);
  // Deterministic, and examples without gold entries are skipped.
  assert.deepEqual([...fitQueryMap([...train, { vector: held[0]!.vector, gold: [] }], entries, dims, 'enc', settings).delta], [...map.delta]);
  // Cross-fitted: each vector through a map fitted on the other folds, so every one is mapped.
  const cross = crossFittedVectors(train, entries, dims, 'enc', 4, settings);
  assert.equal(cross.length, train.length);
  assert.ok(cross.filter((v, i) => nearestRows(entries, dims, v, 1)[0] === train[i]!.gold[0]).length >= 72);
});
