import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CasingCounter, loadCasing, saveCasing } from './casing.ts';

test('casing lexicon: usual casing counted only where casing is free', () => {
  const c = new CasingCounter();
  // Invented sentences: "Marlow" is a name mid-sentence; "the" is lower case; "Spring" is mixed.
  for (const s of [
    'We met Marlow in the park .', 'Then Marlow left the city .', 'The spring came early .', 'They call it Spring here .',
    // Sentence-initial, after a quote, and in an all-caps line: none of these count.
    'Park rangers said " Park gates close at six . "', 'THE RANGERS OF THE PARK SAID NOTHING',
  ]) c.add(s.split(' '));
  const lex = c.lexicon(2);
  assert.equal(lex.get('marlow'), 'C');
  assert.equal(lex.get('the'), 'L');
  assert.equal(lex.get('spring'), 'M');
  assert.equal(lex.get('park'), undefined, 'one free occurrence of "park" is under minCount');
  assert.equal(lex.get('rangers'), undefined);
  const path = join(mkdtempSync(join(tmpdir(), 'unspin-casing-')), 'casing.tsv');
  saveCasing(path, lex);
  assert.deepEqual(loadCasing(path), lex);
});
