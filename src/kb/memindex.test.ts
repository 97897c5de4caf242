import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKb } from './build.ts';
import { openKb } from './db.ts';
import { KbSearcher } from './search.ts';
import { bm25Scorer } from './scorer.ts';
import { MemIndex } from './memindex.ts';

const DATA = fileURLToPath(new URL('./fixtures/data/', import.meta.url));
const kbPath = join(mkdtempSync(join(tmpdir(), 'unspin-mem-')), 'kb.sqlite');
buildKb(DATA, kbPath);

const QUERIES = [
  'Labs run by the West in Velmora are breeding mosquitoes to use as a weapon',
  "The mayor's office said taxes will triple next year",
  'Elections in Velmora were rigged, observers running the polling stations claimed',
  'The bridge at Dresk collapsed because of corrosion, engineers said',
  'NATO moved bases to the border and provoked the war',
];

test('the in-memory BM25 returns the rows, order and scores FTS5 returns (stemmed words included)', () => {
  const db = openKb(kbPath, { readonly: true });
  const mem = new KbSearcher(db, bm25Scorer, 40, 64, 1, true);
  const fts = new KbSearcher(db, bm25Scorer, 40, 64, 1, false);
  let compared = 0;
  for (const q of QUERIES) {
    for (const kbs of [undefined, ['euvsdisinfo']]) {
      const a = fts.retrieve(q, kbs), b = mem.retrieve(q, kbs);
      assert.deepEqual(b.map((h) => `${h.kb}:${mem.entry(h.rid).id}`), a.map((h) => `${h.kb}:${fts.entry(h.rid).id}`), q);
      a.forEach((h, i) => assert.ok(Math.abs(h.bm25 - b[i]!.bm25) < 1e-9, `${q}: bm25 ${h.bm25} vs ${b[i]!.bm25}`));
      compared += a.length;
    }
  }
  assert.ok(compared > 10, 'the queries hit enough rows to compare');
  assert.equal(mem.mem!.term('breeding'), 'breed', 'query words are stemmed as FTS5 stems them');
  db.close();
});

test('words stemmed together, as a new sentence brings them, get the terms FTS5 gives each alone', () => {
  const db = openKb(kbPath, { readonly: true });
  const words = ['breeding', 'mosquitoes', 'running', 'stations', 'élections', 'corrosion', 'taxes', '2019', 'x', 'weapons', 'breeding'];
  const together = new MemIndex(db), alone = new MemIndex(db);
  together.rank(words, 5);
  const cached = (together as unknown as { stems: Map<string, string | null> }).stems;
  assert.ok(words.every((w) => cached.has(w)), 'rank stemmed the new words in one pass');
  for (const w of words) assert.equal(together.term(w), alone.term(w), w);
  assert.equal(together.term('mosquitoes'), 'mosquito');
  db.close();
});
