import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countOccurrences } from './occurrences.ts';
import { ONE_PASS_FROM, occurrenceCounts } from './features.ts';

const byIndexOf = (hay: string, needle: string) => {
  let c = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) c++;
  return c;
};

test('one pass counts every occurrence of each string, overlaps too, as indexOf finds them', () => {
  assert.deepEqual(countOccurrences('aaaa', ['aa', 'aaa', 'a', 'b', 'aaaaa']), [3, 2, 4, 0, 0]);
  const text = 'the regime lied. the regime lied again, and the shameless regime lies: shame on the regime! 🔥 regimes';
  const needles = ['the regime', 'regime', 'regime lied', 'shame', 'shameless', 'lie', 'e r', '🔥 regime', 'nothing here', 'the regime lied', 'regime'];
  assert.deepEqual(countOccurrences(text, needles), needles.map((n) => byIndexOf(text, n)));
});

test('span texts are counted the same (at most 9) in a long article, counted in one pass, as in a short one', () => {
  // Invented sentences, repeated past the length from which one pass is used.
  const sentences = ['The reckless regime lied again.', 'Traders called the plan a disgrace.', 'The regime will stop at nothing.', 'Nobody asked the islanders.'];
  let long = '';
  for (let i = 0; long.length < ONE_PASS_FROM + 1000; i++) long += sentences[(i * 7) % 4] + (i % 13 === 0 ? ` Item ${i} was unique. ` : ' ');
  const lower = long.toLowerCase();
  const spans = ['the reckless regime', 'a disgrace', 'item 13 was unique', 'item 9999 was unique', 'x', 'nobody asked the islanders.', 'stop at nothing'];
  const perSpan = spans.map((n) => (n.length < 2 ? 0 : Math.min(9, byIndexOf(lower, n))));
  assert.ok(lower.length >= ONE_PASS_FROM);
  assert.deepEqual(occurrenceCounts(lower, spans), perSpan);
  assert.deepEqual(perSpan.slice(0, 4), [9, 9, 1, 0]);
});
