import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKb } from './build.ts';
import { openKb, type Entry } from './db.ts';
import { importFile } from './import.ts';
import { Copies, copyKey, foldCopies } from './copies.ts';
import { KbSearcher } from './search.ts';
import type { Scorer } from './scorer.ts';

const DATA = fileURLToPath(new URL('./fixtures/data/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unspin-copies-'));
const kbPath = join(dir, 'kb.sqlite');
buildKb(DATA, kbPath);

const snopes = (id: string, claim: string, title: string): Entry => ({ kb: 'snopes', id, claim, title });

test('copies: the same text up to case and quote marks; another verdict or speaker is another item', () => {
  const a = snopes('2', 'The mayor said "taxes will triple" next year.', 'Did the Mayor Say Taxes Will Triple?');
  assert.equal(copyKey(snopes('904', "The mayor said 'taxes will triple' next year.", 'Did the Mayor Say Taxes Will Triple?')), copyKey(a));
  assert.equal(copyKey(snopes('905', 'The mayor said “taxes will triple” next year.', 'did the mayor say taxes will triple?')), copyKey(a));
  assert.notEqual(copyKey({ ...a, verdict: 'false' }), copyKey(a));
  assert.notEqual(copyKey({ ...a, kb: 'user' }), copyKey(a));
  assert.notEqual(copyKey(snopes('906', 'The mayor said taxes will double next year.', a.title)), copyKey(a));
});

test('folding: the best-scored copy keeps the place, shown as the copy filed first; an excluded copy is never shown', () => {
  const copies = new Copies([[3, 7, 9]]);
  assert.deepEqual(foldCopies([7, 5, 3, 9, 1], copies), [
    { index: 0, rid: 3, others: [7, 9] },
    { index: 1, rid: 5, others: [] },
    { index: 4, rid: 1, others: [] },
  ]);
  assert.deepEqual(foldCopies([9, 3], copies, new Set([3])), [{ index: 0, rid: 7, others: [9] }]);
});

test('a search shows copies of one fact-check once: the first-filed id, the best copy\'s score, the other ids named', async () => {
  const path = join(dir, 'with-copies.sqlite');
  copyFileSync(kbPath, path);
  const db = openKb(path);
  // The fixture's Snopes entry 2, filed again with other quote marks (import refreshes the copies).
  const file = join(dir, 'copies.jsonl');
  writeFileSync(file, JSON.stringify({ kb: 'snopes', id: '904', claim: "The mayor said 'taxes will triple' next year.", title: 'Did the Mayor Say Taxes Will Triple?' }) + '\n');
  // (A record may write into a built-in catalogue only when --kb names it too.)
  assert.equal((await importFile(db, file, 'jsonl', 'snopes')).imported, 1);
  // A scorer that prefers later rows, as the query memory can prefer one copy.
  const byRow: Scorer = { score: (_q, cands) => cands.map((c) => c.rid / 1e5) };
  const s = new KbSearcher(db, byRow);
  const rid = (id: string) => (db.prepare("SELECT rid FROM entries WHERE kb = 'snopes' AND id = ?").get(id) as { rid: number }).rid;
  const matches = s.search('The mayor says taxes will triple next year', { top: 5, kbs: ['snopes'] });
  const mayor = matches.filter((m) => m.entry.title === 'Did the Mayor Say Taxes Will Triple?');
  assert.equal(mayor.length, 1, 'one place for the two copies');
  assert.equal(mayor[0]!.entry.id, '2');
  assert.deepEqual(mayor[0]!.copies, ['904']);
  assert.equal(mayor[0]!.score, rid('904') / 1e5, 'scored by the better copy');
  assert.ok(matches.filter((m) => m !== mayor[0]).every((m) => m.copies.length === 0));
  db.close();
});
