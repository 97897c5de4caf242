import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunks, scoreEntities } from './bio.ts';

test('chunks: B starts, I continues the same type, a type change or stray I opens a new chunk', () => {
  assert.deepEqual(chunks(['B-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC', 'I-ORG', 'I-ORG', 'O', 'I-MISC']), [
    { type: 'PER', start: 0, end: 2 },
    { type: 'LOC', start: 3, end: 4 },
    { type: 'LOC', start: 4, end: 5 },
    { type: 'ORG', start: 5, end: 7 },
    { type: 'MISC', start: 8, end: 9 },
  ]);
});

test('scoreEntities: only exact span and type count', () => {
  const gold = [['B-PER', 'I-PER', 'O', 'B-LOC'], ['B-ORG', 'O']];
  const pred = [['B-PER', 'O', 'O', 'B-LOC'], ['B-ORG', 'B-MISC']];
  const { overall, perType } = scoreEntities(gold, pred);
  // gold: PER(0-2), LOC, ORG = 3; pred: PER(0-1), LOC, ORG, MISC = 4; correct: LOC, ORG = 2.
  assert.equal(overall.gold, 3);
  assert.equal(overall.pred, 4);
  assert.ok(Math.abs(overall.precision - 0.5) < 1e-9);
  assert.ok(Math.abs(overall.recall - 2 / 3) < 1e-9);
  assert.ok(Math.abs(overall.f1 - 4 / 7) < 1e-9);
  assert.equal(perType.PER!.f1, 0);
  assert.equal(perType.LOC!.f1, 1);
  assert.equal(perType.MISC!.gold, 0);
});

test('scoreEntities refuses misaligned predictions', () => {
  assert.throws(() => scoreEntities([['O', 'O']], [['O']]));
  assert.throws(() => scoreEntities([['O']], []));
});
