import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKb } from './build.ts';
import { openKb } from './db.ts';
import { QueryMemory } from './memory.ts';
import { KbSearcher } from './search.ts';
import { ARTICLE_PROFILE } from './search-options.ts';
import { bm25Scorer } from './scorer.ts';
import { listFeatures } from './features.ts';

const DATA = fileURLToPath(new URL('./fixtures/data/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unspin-memory-'));
const kbPath = join(dir, 'kb.sqlite');
buildKb(DATA, kbPath);

/** A memory of invented tweets, analysed as the searcher analyses queries. */
function memoryOf(searcher: KbSearcher, tweets: Array<{ query: string; id: string; text: string }>): QueryMemory {
  return QueryMemory.fromQueries(tweets.map((t) => {
    const a = searcher.analyseQuery(t.text);
    return { kb: 'snopes', id: t.id, query: t.query, words: a.words, grams: a.grams };
  }));
}

const TWEETS = [
  { query: 'train:1', id: '0', text: 'No way, a great white just cruised past my car on the interstate after the storm' },
  { query: 'train:2', id: '0', text: 'Storm surge so bad there are sharks on the interstate now' },
  { query: 'train:3', id: 'no-such-entry', text: 'This entry is not in the knowledge base' },
];

test('query memory: saved and loaded, every entry keeps its queries, keys and counts', () => {
  const db = openKb(kbPath, { readonly: true });
  const memory = memoryOf(new KbSearcher(db, bm25Scorer), TWEETS);
  const path = join(dir, 'memory.bin');
  memory.save(path);
  const loaded = QueryMemory.load(path)!;
  assert.equal(loaded.size, 3);
  assert.deepEqual(loaded.of('snopes', '0').map((r) => r.query), ['train:1', 'train:2']);
  const [a, b] = [memory.of('snopes', '0')[1]!, loaded.of('snopes', '0')[1]!];
  assert.deepEqual([...b.words.keys], [...a.words.keys]);
  assert.deepEqual([...b.grams.tf], [...a.grams.tf]);
  assert.deepEqual(loaded.of('snopes', '1'), []);
  assert.equal(QueryMemory.load(join(dir, 'missing.bin')), null);
  db.close();
});

test('query memory: a damaged file is refused with a clear error', () => {
  const path = join(dir, 'damaged.bin');
  writeFileSync(path, readFileSync(join(dir, 'memory.bin')).subarray(0, 300));
  assert.throws(() => QueryMemory.load(path), /query-memory file/);
  writeFileSync(path, 'not a memory\n');
  assert.throws(() => QueryMemory.load(path), /not an unspin query-memory file/);
});

test('query memory: only the remembered entry gets the features, and a query worded like a remembered tweet scores it as one', () => {
  const db = openKb(kbPath, { readonly: true });
  const plain = new KbSearcher(db, bm25Scorer);
  const memory = memoryOf(plain, TWEETS);
  const searcher = new KbSearcher(db, { ...bm25Scorer, memory });
  const text = 'Storm surge so bad there are sharks on the interstate now, and a shark on the highway';
  const cands = searcher.candidatesOf(searcher.retrieve(text));
  const shark = cands.findIndex((c) => searcher.entry(c.rid).id === '0' && c.kb === 'snopes');
  assert.ok(shark >= 0, 'the shark fact-check is a candidate');
  assert.equal(cands[shark]!.memory?.length, 2);
  const features = listFeatures(searcher.analyseQuery(text), cands);
  const memW = (i: number) => features[i]!.find(([n]) => n === 'mem_wcos')?.[1];
  assert.ok(memW(shark)! > 0.8, `close to the second remembered tweet: ${memW(shark)}`);
  cands.forEach((c, i) => { if (i !== shark) assert.equal(memW(i), undefined, 'no memory, no memory features'); });
  // Without a memory (or after useMemory(null)) no candidate carries one.
  searcher.useMemory(null);
  assert.ok(searcher.candidatesOf(searcher.retrieve(text)).every((c) => !c.memory));
  db.close();
});

test('query memory: `kb search` uses it, the article profile (reports, `unspin match`) leaves it out', () => {
  const db = openKb(kbPath, { readonly: true });
  const memory = memoryOf(new KbSearcher(db, bm25Scorer), TWEETS);
  // A scorer that scores a candidate 1 when it carries remembered queries, so the search result says which did.
  const searcher = new KbSearcher(db, { memory, score: (_q, cands) => cands.map((c) => (c.memory ? 1 : 0)) });
  const text = 'Storm surge so bad there are sharks on the interstate now, and a shark on the highway';
  const shark = (opts: object) => searcher.search(text, { top: 20, ...opts }).find((m) => m.entry.kb === 'snopes' && m.entry.id === '0');
  assert.equal(shark({})?.score, 1);
  assert.equal(shark(ARTICLE_PROFILE)?.score, 0);
  db.close();
});
