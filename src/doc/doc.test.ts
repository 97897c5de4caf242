import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Doc, findTitle } from './doc.ts';

/** The title a Doc finds, as the text it indexes (null without one). */
const titleOf = (doc: Doc) => (doc.title ? doc.slice(doc.title) : null);
const body = (doc: Doc) => doc.bodySentences.map((s) => doc.slice(s));

test('blank lines before the title are skipped, not removed: the span indexes the text as given', () => {
  const text = '\n\nLeading Blank Lines Title\n\nBody sentence one is here. Body two.';
  const doc = Doc.fromText(text);
  assert.deepEqual(doc.title, { start: 2, end: 27 });
  assert.equal(doc.text, text);
  assert.equal(titleOf(doc), 'Leading Blank Lines Title');
  assert.deepEqual(body(doc), ['Body sentence one is here.', 'Body two.']);
  assert.equal(titleOf(Doc.fromText(' \t\r\n\u00a0\r\n  Ferry Strike Ends \n\nThe strike ended.')), 'Ferry Strike Ends');
  // Still only a line with a blank line after it.
  for (const t of ['\n\nOne line\nand more', '\n\n  \n', '\n\nTitle']) assert.equal(findTitle(t), null, JSON.stringify(t));
});

test('a blank line may hold white space or invisible characters', () => {
  for (const blank of ['\u00a0', ' \t', '\u3000', '\u200b', '\ufeff', '\u00a0\u2009 ']) {
    const doc = Doc.fromText(`Title Of The Piece\n${blank}\nThe body begins here.`);
    assert.equal(titleOf(doc), 'Title Of The Piece', JSON.stringify(blank));
    assert.deepEqual(body(doc), ['The body begins here.']);
  }
  // The blank line must end in a line break too: this is a line and a tail of spaces.
  assert.equal(findTitle('Title\n\u00a0 '), null);
});

test('lines may end in CR alone, CRLF or LF, mixed', () => {
  for (const [a, b] of [['\r', '\r'], ['\r\n', '\r\n'], ['\n', '\r'], ['\r\n', '\r'], ['\r\n', '\n']]) {
    const doc = Doc.fromText(`Harbour Toll Rises${a}${b}The toll rose. Ferries are full.`);
    assert.deepEqual(doc.title, { start: 0, end: 18 }, JSON.stringify(a + b));
    assert.deepEqual(body(doc), ['The toll rose.', 'Ferries are full.']);
  }
});

test('a BOM or other invisible character at either end of the title line is left out of the span', () => {
  const text = '\n\ufeffBridge Closed For Repairs\u200b \n\nThe bridge closed.';
  const doc = Doc.fromText(text);
  assert.equal(titleOf(doc), 'Bridge Closed For Repairs');
  assert.equal(doc.title!.start, 2);
  assert.equal(titleOf(Doc.fromText('\ufeffBridge Closed\n\nThe bridge closed.')), 'Bridge Closed');
});

test('a title given apart is the title whatever its length; its white space becomes single spaces', () => {
  const long = 'Long headline word '.repeat(20);
  const doc = Doc.fromParts(long, 'The regime lied about the war.');
  assert.equal(titleOf(doc), long.trim());
  assert.deepEqual(body(doc), ['The regime lied about the war.']);
  // The length cap guards only guessing a title from text: such a first line is a paragraph.
  assert.equal(findTitle(`${long}\n\nThe regime lied about the war.`), null);
  assert.equal(titleOf(Doc.fromParts(' \ufeffTwo\n\tlines\u00a0 ', 'Body text.')), 'Two lines');
  // No title given (or only white space): the text's own first line is guessed as before.
  assert.equal(titleOf(Doc.fromParts('  ', 'Own Title\n\nBody text.')), 'Own Title');
});

test('a byline between the title and its blank line keeps the title; a sentence that opens with "By" does not', () => {
  const title = (text: string) => {
    const t = findTitle(text);
    return t ? text.slice(t.start, t.end) : null;
  };
  assert.equal(title('Council backs harbour plan\nBy Jane Doe\n\nThe council voted on Monday.'), 'Council backs harbour plan');
  assert.equal(title('Council backs harbour plan\r\nBY JANE DOE, Staff Reporter\r\n\r\nThe council voted.'), 'Council backs harbour plan');
  assert.equal(title('Council backs harbour plan\nBy Monday, officials said the vote was lost.\n\nThe council voted.'), null);
  assert.equal(title('Council backs harbour plan\nBy Jane Doe\nThe council voted.\n\nMore.'), null, 'the byline, too, needs the blank line after it');
});
