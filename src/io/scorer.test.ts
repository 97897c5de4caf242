import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreSI, scoreTC } from './scorer.ts';
import { parseLabels, FormatError } from './semeval.ts';

const rows = (s: string) => parseLabels(s.trim().replace(/ +/g, '\t'));

test('SI: merges overlapping gold spans, keeps adjacent ones apart (issue example)', () => {
  const gold = rows('a1 0 10\na1 0 10\na1 5 20\na1 20 30\na2 0 10');
  const s = scoreSI(gold, rows('a1 0 30'));
  assert.equal(s.precision, 1);
  assert.ok(Math.abs(s.recall - 2 / 3) < 1e-9);
  assert.ok(Math.abs(s.f1 - 0.8) < 1e-9);
});

test('SI: both sides empty is a perfect score; one side empty is zero', () => {
  assert.equal(scoreSI([], []).f1, 1);
  assert.equal(scoreSI(rows('a 0 5'), []).f1, 0);
  assert.equal(scoreSI([], rows('a 0 5')).f1, 0);
});

test('SI: partial overlap gives partial credit on both sides', () => {
  const s = scoreSI(rows('a 0 10'), rows('a 5 25'));
  assert.ok(Math.abs(s.precision - 5 / 20) < 1e-9);
  assert.ok(Math.abs(s.recall - 5 / 10) < 1e-9);
});

test('TC: micro-F1, pairing equal labels first on a span with several gold labels', () => {
  const gold = rows('a Doubt 0 5\na Loaded_Language 0 5\na Repetition 6 9');
  const pred = rows('a Loaded_Language 0 5\na Doubt 0 5\na Doubt 6 9');
  const s = scoreTC(gold, pred);
  assert.ok(Math.abs(s.f1 - 2 / 3) < 1e-9);
  assert.equal(s.perTechnique['Doubt']!.gold, 1);
  assert.equal(s.perTechnique['Doubt']!.pred, 2);
});

test('labels parser names the bad line', () => {
  assert.throws(() => parseLabels('a\t1\t2\nb\tx\ty\n', 'f.txt'), (e: unknown) => e instanceof FormatError && /f\.txt:2/.test((e as Error).message));
});
