import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPlatt } from './platt.ts';

test('Platt scaling recovers the slope and offset that generated the labels', () => {
  // Labels drawn from sigmoid(2x - 1) with a fixed-seed generator.
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < 20000; i++) {
    const x = rand() * 8 - 4;
    xs.push(x);
    ys.push(rand() < 1 / (1 + Math.exp(-(2 * x - 1))) ? 1 : 0);
  }
  const { a, b } = fitPlatt(xs, ys);
  assert.ok(Math.abs(a - 2) < 0.1 && Math.abs(b + 1) < 0.1, `a ${a}, b ${b}`);
});

test('Platt scaling: a weight counts as that many copies of the example; far-spread scores do not diverge', () => {
  const xs = [-1, 0, 1, 2], ys = [0, 1, 0, 1];
  const weighted = fitPlatt(xs, ys, [1, 3, 1, 2]);
  const copied = fitPlatt([-1, 0, 0, 0, 1, 2, 2], [0, 1, 1, 1, 0, 1, 1]);
  assert.ok(Math.abs(weighted.a - copied.a) < 1e-6 && Math.abs(weighted.b - copied.b) < 1e-6);
  const far = fitPlatt([-60, -40, -35, 30, 45, 38, -50, 41], [0, 0, 1, 1, 1, 0, 0, 1]);
  assert.ok(Number.isFinite(far.a) && Number.isFinite(far.b) && far.a > 0);
});
