import { test } from 'node:test';
import assert from 'node:assert/strict';
import { principalDirections, project } from './pca.ts';

const unit = (xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs, (x) => x / n);
};
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i]!, 0);

test('principal directions keep a plane the vectors lie in, and cosines within it', () => {
  // Vectors in the plane of (1, 1, 0, 0) and (0, 0, 1, -1) of a 4-dimensional space.
  const u = unit([1, 1, 0, 0]), v = unit([0, 0, 1, -1]);
  const vectors = [[3, 1], [1, 2], [-1, 4], [2, -2], [5, 1]].map(([a, b]) => unit(Array.from(u, (x, i) => a! * x + b! * v[i]!)));
  const { basis, energy } = principalDirections(vectors, 4, 2);
  assert.ok(Math.abs(energy - 1) < 1e-6, `energy ${energy}`);
  // Each kept direction is a unit vector in the plane.
  for (let j = 0; j < 2; j++) {
    const d = basis.subarray(j * 4, j * 4 + 4);
    assert.ok(Math.abs(dot(d, d) - 1) < 1e-6);
    assert.ok(Math.abs(dot(d, u) ** 2 + dot(d, v) ** 2 - 1) < 1e-6);
  }
  // Projected, the vectors keep their lengths and their cosines.
  const p = vectors.map((x) => project(x, 0, basis, 4, 2));
  assert.ok(Math.abs(dot(p[0]!, p[0]!) - 1) < 1e-6);
  assert.ok(Math.abs(dot(p[0]!, p[2]!) - dot(vectors[0]!, vectors[2]!)) < 1e-6);
});

test('one direction keeps the heaviest one and says how much of the energy that is', () => {
  // Mostly along the first axis, a little along the second.
  const vectors = [[1, 0.1, 0], [1, -0.1, 0], [0.9, 0, 0.05]].map(unit);
  const { basis, energy } = principalDirections(vectors, 3, 1);
  assert.ok(Math.abs(Math.abs(basis[0]!) - 1) < 0.01, `first direction ${Array.from(basis)}`);
  assert.ok(energy > 0.98 && energy < 1, `energy ${energy}`);
});
