import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKb } from './build.ts';
import { openKb } from './db.ts';
import { listFeatures } from './features.ts';
import { KbSearcher } from './search.ts';
import { bm25Scorer } from './scorer.ts';
import { tiedRanks, type Hit } from './retrieval.ts';

const DATA = fileURLToPath(new URL('./fixtures/data/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unspin-ties-'));
const kbPath = join(dir, 'kb.sqlite');
buildKb(DATA, kbPath);

test('BM25 ties share a rank: the first of the tied hits\' places', () => {
  const hits: Hit[] = [-9, -5, -5, -5, -3, -1, -1].map((bm25, rid) => ({ rid, kb: 'snopes', bm25, rank: -1 }));
  assert.deepEqual(tiedRanks(hits).map((h) => h.rank), [0, 1, 1, 1, 4, 5, 5]);
});

test('twin entries (the same fact-check under two ids) get the same re-ranker features, whichever comes first', () => {
  const s = new KbSearcher(openKb(kbPath, { readonly: true }), bm25Scorer);
  const query = 'The mayor said taxes will triple because the city budget doubled in two years.';
  const hits = s.retrieve(query);
  assert.ok(hits.length >= 2, `${hits.length} hits`);
  // The first hit's twin: the same entry again, tied with it in BM25, listed right after it.
  const withTwin = tiedRanks([hits[0]!, { ...hits[0]! }, ...hits.slice(1)]);
  assert.equal(withTwin[1]!.rank, withTwin[0]!.rank);
  const cands = s.candidatesOf(withTwin);
  const [first, twin] = listFeatures(s.analyseQuery(query), cands);
  assert.deepEqual(twin, first);
});
