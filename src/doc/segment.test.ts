import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Doc } from './doc.ts';
import { MAX_RUN } from './runs.ts';
import { segment, winkLoads } from './segment.ts';

/** Every token and sentence must slice the original string to non-blank text with no edge space. */
function assertOffsets(doc: Doc) {
  let prev = 0;
  for (const t of doc.tokens) {
    assert.ok(t.start >= prev && t.end > t.start && t.end <= doc.text.length);
    const s = doc.slice(t);
    assert.equal(s, s.trim(), `token ${JSON.stringify(s)} has edge white space`);
    prev = t.end;
  }
  for (const s of doc.sentences) assert.equal(doc.slice(s), doc.slice(s).trim());
}

const sentences = (doc: Doc) => doc.sentences.map((s) => doc.slice(s));

test('abbreviations do not end sentences', () => {
  const doc = Doc.fromText('Gen. Ivan Sidorov met Dr. Anna Marsh in the U.S. on Monday. Then he left.');
  assert.deepEqual(sentences(doc), ['Gen. Ivan Sidorov met Dr. Anna Marsh in the U.S. on Monday.', 'Then he left.']);
  assertOffsets(doc);
});

test('curly quotes, NBSP, emoji and CRLF keep exact offsets', () => {
  const text = 'Title line\r\n\r\n“Shameful,” said the\u00a0mayor 😀 — twice!\r\nNext para: it’s “over”.';
  const doc = Doc.fromText(text);
  assertOffsets(doc);
  assert.deepEqual(doc.title, { start: 0, end: 10 });
  assert.ok(doc.tokens.some((t) => doc.slice(t) === '😀'));
  assert.ok(doc.tokens.some((t) => doc.slice(t) === '“'));
  assert.deepEqual(sentences(doc), ['Title line', '“Shameful,” said the\u00a0mayor 😀 — twice!', 'Next para: it’s “over”.']);
});

test('a domain name does not split a sentence', () => {
  assert.deepEqual(sentences(Doc.fromText('Read it on www.example.com today. Fine.')), ['Read it on www.example.com today.', 'Fine.']);
});

test('a very long line segments with exact offsets', () => {
  const text = 'The council met again and the plan failed once more. '.repeat(20000);
  const doc = Doc.fromText(text);
  assert.equal(doc.sentences.length, 20000);
  assertOffsets(doc);
});

test('a title needs a blank line after it', () => {
  assert.equal(Doc.fromText('One line\nand more').title, null);
  assert.equal(Doc.fromText('Just one sentence.').title, null);
});

test('invisible characters inside the text (BOM, zero-width space) do not shift offsets', () => {
  const text = 'It ended with an ‘Act Of Terrorism.’\n\ufeffThis is a\u200b test.\ufeff';
  const doc = Doc.fromText(text);
  assertOffsets(doc);
  assert.deepEqual(doc.tokens.slice(-4).map((t) => doc.slice(t)), ['is', 'a', 'test', '.']);
});

test('a hard-wrapped paragraph keeps its sentences whole', () => {
  const text = [
    'Speaking to a crowd in the capital, the minister said that the',
    'alliance had moved two new battalions east. Farmers in the',
    'valley told reporters that the road to the Second',
    'World War museum was closed, and that the bridge over the',
    'river had been shut since the spring floods.',
    '',
    'A new paragraph starts here.',
  ].join('\n');
  const doc = Doc.fromText(text);
  assertOffsets(doc);
  assert.deepEqual(sentences(doc).map((s) => s.replace(/\n/g, ' ')), [
    'Speaking to a crowd in the capital, the minister said that the alliance had moved two new battalions east.',
    'Farmers in the valley told reporters that the road to the Second World War museum was closed, and that the bridge over the river had been shut since the spring floods.',
    'A new paragraph starts here.',
  ]);
});

test('one paragraph per line still ends a sentence at each line', () => {
  const doc = Doc.fromText('Talks resumed on Monday\nThe minister left early.\nthe rest is lower case.\nSo is this');
  // Only a line going on in lower case after an unfinished one is a wrap; the text as a whole is not wrapped.
  assert.deepEqual(sentences(doc), ['Talks resumed on Monday', 'The minister left early.', 'the rest is lower case.', 'So is this']);
  assert.deepEqual(sentences(Doc.fromText('Late results came in\nand they were close.')), ['Late results came in\nand they were close.']);
});

test('a very long run without white space comes back as tokens of bounded length, with exact offsets', () => {
  const run = 'a'.repeat(50_000);
  const text = `It said ${run} today.\n\nNext ${'x-'.repeat(2_000)}y line.`;
  const doc = Doc.fromText(text);
  assertOffsets(doc);
  assert.ok(doc.tokens.every((t) => t.end - t.start <= MAX_RUN));
  // The run's pieces abut and cover it exactly; the cuts start no sentence.
  const pieces = doc.tokens.filter((t) => t.start >= 8 && t.end <= 8 + run.length);
  assert.equal(pieces.map((t) => doc.slice(t)).join(''), run);
  pieces.slice(1).forEach((t, i) => assert.equal(t.start, pieces[i]!.end));
  assert.deepEqual(sentences(doc), [`It said ${run} today.`, `Next ${'x-'.repeat(2_000)}y line.`]);
});

test('a long run is never cut between the halves of a surrogate pair', () => {
  // A CJK character outside the Basic Multilingual Plane is one pair; the odd 'b' puts every
  // MAX_RUN-th unit of the run inside a pair.
  const text = `Names b${'\u{20000}'.repeat(600)} end.`;
  const doc = Doc.fromText(text);
  assertOffsets(doc);
  for (const t of doc.tokens) {
    assert.ok(t.end - t.start <= MAX_RUN);
    assert.doesNotMatch(doc.slice(t), /^[\udc00-\udfff]|[\ud800-\udbff]$/, 'a token starts or ends inside a pair');
  }
  assert.deepEqual(sentences(doc), [text]);
});

const tokensOf = (text: string) => segment(text).tokens.map((t) => text.slice(t.start, t.end));

test('a text segments the same whatever the process read before', () => {
  // wink keeps a word it lacks as vocabulary; read whole once ("Clinton's" before a full stop),
  // it stayed whole in every later text until the segmenter forgot each text's new words.
  const probe = "Mrs. Clinton's position";
  const fresh = tokensOf(probe);
  assert.deepEqual(fresh, ['Mrs.', 'Clinton', "'s", 'position']);
  assert.deepEqual(tokensOf("more than Clinton's. On the other"), ['more', 'than', "Clinton's", '.', 'On', 'the', 'other']);
  assert.deepEqual(tokensOf(probe), fresh);
});

test('wink is rebuilt after many new words, and segments as before', () => {
  const probe = "Mrs. Clinton's position. Gen. Ivo Vasko said so.";
  const before = segment(probe);
  const loads = winkLoads();
  // Made-up words wink cannot know, 40,000 to a text, until it has been rebuilt.
  let n = 0;
  for (let k = 0; k < 4 && winkLoads() === loads; k++) {
    segment(Array.from({ length: 40_000 }, () => `zq${(n++).toString(36)}`).join(' '));
  }
  assert.ok(winkLoads() > loads, 'rebuilt');
  assert.deepEqual(segment(probe), before);
});
