import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DF_BITS, wordKey } from './keys.ts';
import { stem, words } from './text.ts';
import { hash32 } from '../learn/linear.ts';

/** The key as first written: the stemmed word, prefixed and hashed as a string. */
const plainKey = (w: string) => hash32(`w:${stem(w)}`) & ((1 << DF_BITS) - 1);

test('wordKey: the key of the stemmed word, for every suffix rule and every word of the fixtures', () => {
  const edge = ['supplies', 'applied', 'allies', 'flies', 'ties', 'lies', 'dies', 'studies', 'tried', 'belies', 'rallies', 'running', 'thing', 'kings', 'classes', 'voted',
    'sanctions', 'friendly', 'only', 'fly', 'bus', 'gas', 'news', 'ies', 'ied', 'ing', 'ly', 'es', 'abcd', 'abcde', 'g7ies', 'covid19s', 'kyivs', 'zaporizhzhia', 'łódź', 'münchen', 'κόσμος', 'x'];
  const dir = join(import.meta.dirname, '../pipeline/narratives/fixtures');
  const fixtures = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) => words(readFileSync(join(dir, f), 'utf8')));
  const all = new Set([...edge, ...fixtures]);
  assert.ok(all.size > 1000, `${all.size} words`);
  for (const w of all) assert.equal(wordKey(w), plainKey(w), w);
});
