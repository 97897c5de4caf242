import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paragraphRanges } from './blank.ts';

const texts = (text: string, from = 0) => paragraphRanges(text, from).map(([s, e]) => text.slice(s, e));

test('paragraphs break at a blank line, whatever ends the lines', () => {
  for (const brk of ['\n', '\r\n', '\r']) {
    const text = ['Title', '', 'First line', 'still first.', '', '', 'Second.'].join(brk);
    assert.deepEqual(texts(text), ['Title', `First line${brk}still first.`, 'Second.'], JSON.stringify(brk));
  }
});

test('a line of non-breaking spaces or invisible characters is blank, and paragraphs leave them out at their ends', () => {
  assert.deepEqual(texts('One.\n\u00a0\nTwo.\n \u200b\t\nThree.\u00a0'), ['One.', 'Two.', 'Three.']);
});

test('paragraphs start where asked (after the title) and index the text as given', () => {
  const text = 'Title\n\n  Body one.\n\nBody two.\n';
  const ranges = paragraphRanges(text, 5);
  assert.deepEqual(ranges.map(([s, e]) => text.slice(s, e)), ['Body one.', 'Body two.']);
  assert.equal(ranges[0]![0], text.indexOf('Body one.'));
  assert.deepEqual(texts(''), []);
  assert.deepEqual(texts('\n\n\u00a0\n'), []);
});
