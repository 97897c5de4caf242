import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodePoints, FormatError, readArticles, rowsInCodePoints, rowsInUnits } from './semeval.ts';

// Invented text. "🔥" and "👍" lie outside the Basic Multilingual Plane: one code point, two UTF-16 units.
const TEXT = 'Fire 🔥 here. The shameless land grab 👍 must stop.';

test('code points: offsets after an astral character differ from UTF-16 offsets by one per such character', () => {
  const m = new CodePoints(TEXT);
  assert.equal(m.length, [...TEXT].length);
  const word = 'shameless';
  const unit = TEXT.indexOf(word);
  const cp = [...TEXT.slice(0, unit)].length;
  assert.equal(cp, unit - 1);
  assert.equal(m.toUnits(cp), unit);
  assert.equal(m.toCodePoints(unit), cp);
  const stop = TEXT.indexOf('stop');
  assert.equal(m.toCodePoints(stop), stop - 2);
  assert.equal(m.toUnits(m.length), TEXT.length);
});

test('code points: a text without astral characters maps to itself', () => {
  const m = new CodePoints('Plain “quoted” text — with accents: café.');
  assert.equal(m.toUnits(12), 12);
  assert.equal(m.toCodePoints(12), 12);
  assert.equal(m.length, 'Plain “quoted” text — with accents: café.'.length);
});

test('label rows: gold offsets in code points read the words a Python reader sees, and predictions go back', () => {
  const cpStart = [...TEXT.slice(0, TEXT.indexOf('shameless'))].length;
  const gold = [{ article: '1', technique: 'Loaded_Language', start: cpStart, end: cpStart + 'shameless'.length }];
  const [inUnits] = rowsInUnits(gold, new Map([['1', TEXT]]));
  assert.equal(TEXT.slice(inUnits!.start, inUnits!.end), 'shameless');
  assert.deepEqual(rowsInCodePoints([inUnits!], TEXT), gold);
  // An article the map lacks keeps its rows as they are.
  assert.deepEqual(rowsInUnits([{ article: '2', start: 3, end: 5 }], new Map()), [{ article: '2', start: 3, end: 5 }]);
});

test('readArticles refuses an article that is not UTF-8, naming it, and keeps a byte-order mark as a character', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unspin-semeval-read-'));
  writeFileSync(join(dir, 'article1.txt'), '\ufeffThe harbour closed.');
  assert.equal(readArticles(dir)[0]!.text, '\ufeffThe harbour closed.', 'offsets count the mark, as the official tools do');
  writeFileSync(join(dir, 'article2.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('The harbour closed.', 'utf16le')]));
  assert.throws(() => readArticles(dir), (e: unknown) => e instanceof FormatError && /article2\.txt: has NUL bytes/.test(e.message));
  writeFileSync(join(dir, 'article2.txt'), Buffer.from('Caf\xe9 closed.', 'latin1'));
  assert.throws(() => readArticles(dir), /article2\.txt: is not valid UTF-8/);
});
