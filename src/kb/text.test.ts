import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, words } from './text.ts';

test('words: the ASCII fast path gives the tokens the Unicode path gives', () => {
  const unicode = (s: string) => fold(s).replace(/['’]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const s of [
    'The mayor said “taxes will triple” — twice… in 2019.',
    'Don’t say it’s over: ‘NATO’s plan’ (leaked)',
    'Zelensky met Müller in Kraków; Łódź said no.',
    'COVID-19 vaccines: 5G, 3.5% and www.example.com',
    '',
  ]) assert.deepEqual(words(s), unicode(s), s);
  assert.deepEqual(words('Don’t PANIC'), ['dont', 'panic']);
});
