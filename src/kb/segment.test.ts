import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { segment, splittable } from './segment.ts';
import { buildKb } from './build.ts';
import { openKb } from './db.ts';
import { KbSearcher } from './search.ts';
import { bm25Scorer } from './scorer.ts';

const DF: Record<string, number> = { stone: 120, man: 2000, stoneman: 6, shooting: 300, corn: 40, flakes: 12, flake: 3, exuma: 2, airport: 90 };
const df = (w: string) => DF[w] ?? 0;

test('segment: splits into known words, preferring fewer rarer pieces to many common ones', () => {
  assert.deepEqual(segment('stonemanshooting', df, 30000), ['stoneman', 'shooting']);
  assert.deepEqual(segment('cornflakes', df, 30000), ['corn', 'flakes']);
  assert.deepEqual(segment('exumaairport', df, 30000), ['exuma', 'airport']);
});

test('segment: no split when a piece is unknown, or when one piece would cover it all', () => {
  assert.equal(segment('cornflakesxq', df, 30000), null);
  assert.equal(segment('shooting', df, 30000), null);
  assert.ok(!splittable('abc12def') && !splittable('short') && splittable('cornflakes'));
});

test('a run-together hashtag the KB has never seen finds the entry its words are in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unspin-seg-'));
  const path = join(dir, 'kb.sqlite');
  buildKb(fileURLToPath(new URL('./fixtures/data/', import.meta.url)), path);
  const db = openKb(path, { readonly: true });
  const s = new KbSearcher(db, bm25Scorer);
  assert.deepEqual(s.queryTerms('Look at this #floodedhighway').words, ['look', 'flooded', 'highway']);
  assert.equal(s.search('Look at this #floodedhighway', { top: 1 })[0]?.entry.id, '0');
  db.close();
});
