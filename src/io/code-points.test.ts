import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePointsOf } from './code-points.ts';

test('offsets after a character beyond the BMP differ by one per such character, both ways', () => {
  const text = 'Wow 😀 the 𝐁ig plan';
  const p = codePointsOf(text);
  assert.equal(p.length, [...text].length);
  const unitsOfPlan = text.indexOf('plan');
  assert.equal(p.fromUnits(unitsOfPlan), [...text].indexOf('p'));
  assert.equal(p.toUnits(p.fromUnits(unitsOfPlan)), unitsOfPlan);
  // Inside a surrogate pair: the character's own start.
  assert.equal(p.fromUnits(text.indexOf('😀') + 1), p.fromUnits(text.indexOf('😀')));
  assert.equal(p.toUnits(p.length), text.length);
  assert.equal(p.fromUnits(text.length), p.length);
});

test('a text without surrogates counts the same both ways; a lone surrogate counts as one', () => {
  const plain = codePointsOf('Plain text, é and ß.');
  assert.equal(plain.length, 20);
  assert.equal(plain.fromUnits(7), 7);
  const lone = codePointsOf('a\uD800b');
  assert.equal(lone.length, 3);
  assert.equal(lone.toUnits(2), 2);
});
