import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WordVectors } from './wordvectors.ts';
import { listFeatures, type Analysed, type Candidate } from './features.ts';
import { buildKb } from './build.ts';
import { openKb } from './db.ts';
import { KbSearcher } from './search.ts';
import { bm25Scorer } from './scorer.ts';
import { wordKey } from './keys.ts';
import { Reranker } from './reranker.ts';

const dir = mkdtempSync(join(tmpdir(), 'unspin-wv-'));
const DIMS = 4;
// Three words: 10 and 20 point the same way, 30 at right angles to them.
const keys = Uint32Array.from([10, 20, 30]);
const rows = Float32Array.from([1, 0, 0, 0, 0.5, 0, 0, 0, 0, 1, 0, 0]);
const idf = new Float64Array(64).fill(1);
const counts = (ks: number[]) => ({ keys: Uint32Array.from(ks), tf: new Uint8Array(ks.length).fill(1) });

test('a text\'s vector is its known words\' weighted sum, made unit; none for unknown words', () => {
  const wv = WordVectors.fromFloats(DIMS, keys, rows);
  assert.deepEqual([...wv.embed(counts([10, 20]), idf)!], [1, 0, 0, 0]);
  const mixed = wv.embed(counts([10, 30]), idf)!;
  assert.ok(Math.abs(mixed[0]! - Math.SQRT1_2) < 0.01 && Math.abs(mixed[1]! - Math.SQRT1_2) < 0.01);
  // A word the vectors lack adds nothing; a text of such words has no vector at all.
  assert.deepEqual([...wv.embed(counts([10, 40]), idf)!], [1, 0, 0, 0]);
  assert.equal(wv.embed(counts([40, 50]), idf), null);
  // IDF weighs the words: a rare word pulls the text its way.
  const weighted = new Float64Array(64).fill(1);
  weighted[30] = 3;
  const v = wv.embed(counts([10, 30]), weighted)!;
  assert.ok(v[1]! > 0.9 && v[0]! < 0.4);
});

test('word vectors survive a save and load', () => {
  const wv = WordVectors.fromFloats(DIMS, keys, rows);
  const path = join(dir, 'word-vectors.bin');
  wv.save(path);
  const back = WordVectors.load(path)!;
  assert.equal(back.size, 3);
  assert.deepEqual([...back.keys], [10, 20, 30]);
  assert.deepEqual([...back.embed(counts([10, 30]), idf)!], [...wv.embed(counts([10, 30]), idf)!]);
  assert.equal(WordVectors.load(join(dir, 'missing.bin')), null);
  const bad = join(dir, 'bad.bin');
  writeFileSync(bad, Buffer.alloc(16));
  assert.throws(() => WordVectors.load(bad), /not a word-vectors file/);
});

test('the re-ranker reads the student cosine only when the query and the entry both have a vector', () => {
  const empty = { keys: new Uint32Array(0), tf: new Uint8Array(0), norm: 1, sum: 0 };
  const doc = (sem?: Float32Array | null): Analysed => ({ words: empty, grams: empty, names: [], numbers: [], years: [], negated: false, year: null, idf, ...(sem !== undefined ? { sem } : {}) });
  const cand = (d: Analysed): Candidate => ({ rid: 1, kb: 'snopes', bm25: -1, rank: 0, bestBm25: -1, doc: d, dateYear: null });
  const near = Float32Array.from([0.8, 0.6, 0, 0]), query = Float32Array.from([1, 0, 0, 0]);
  const [withSem, without, noneForEntry] = listFeatures(doc(query), [cand(doc(near)), cand(doc()), cand(doc(null))]);
  const sem = withSem!.find(([n]) => n === 'sem');
  assert.ok(sem && Math.abs(sem[1] - 0.8) < 1e-6);
  assert.ok(withSem!.some(([n]) => n === 'sem_b8'));
  assert.ok(!without!.some(([n]) => n.startsWith('sem')));
  assert.ok(!noneForEntry!.some(([n]) => n.startsWith('sem')));
});

test('a search sets the student vectors of the query and of each candidate\'s words, its summary\'s too', () => {
  const path = join(dir, 'kb.sqlite');
  buildKb(fileURLToPath(new URL('./fixtures/data/', import.meta.url)), path);
  const db = openKb(path, { readonly: true });
  const s = new KbSearcher(db, bm25Scorer);
  // "vote" and "count" are in the rigged-elections case's summary only; "elections" in its title.
  const words = ['elections', 'vote', 'count'].map(wordKey);
  const order = words.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0]);
  const basis = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0]];
  const wv = WordVectors.fromFloats(DIMS, Uint32Array.from(order.map(([k]) => k)), Float32Array.from(order.flatMap(([, i]) => basis[i]!)));
  s.useWordVectors(wv);
  const text = 'Foreign observers rigged the vote count in the Velmora elections';
  const q = s.analyseQuery(text);
  const cands = s.candidatesOf(s.retrieve(text));
  s.embed(q, cands);
  assert.ok(q.sem && q.sem[0]! > 0.3 && q.sem[1]! > 0.3, 'the query has all three words');
  const rigged = cands.find((c) => s.entry(c.rid).id === '2017-1b48ay4')!;
  const sem = rigged.doc.sem!;
  assert.ok(sem[0]! > 0.3 && sem[1]! > 0.3 && sem[2] === 0 && sem[3] === 0, 'the case states "elections"; "vote count" is in its summary');
  const bridge = cands.find((c) => s.entry(c.rid).id === 'the-dresk-bridge-collapse-was-staged');
  assert.ok(!bridge || bridge.doc.sem === null, 'an entry with none of the words has no vector');
  // Without word vectors, nothing is set and the features leave the cosine out.
  const plain = new KbSearcher(db, bm25Scorer);
  const q2 = plain.analyseQuery(text);
  plain.embed(q2, plain.candidatesOf(plain.retrieve(text)));
  assert.equal(q2.sem, undefined);
  db.close();
});

test('a re-ranker trained with word vectors will not load without them', () => {
  const models = fileURLToPath(new URL('../../models/narratives/', import.meta.url));
  const folder = mkdtempSync(join(tmpdir(), 'unspin-wv-model-'));
  copyFileSync(join(models, 'reranker.bin'), join(folder, 'reranker.bin'));
  const cal = JSON.parse(readFileSync(join(models, 'calibration.json'), 'utf8')) as { wordVectors?: string };
  assert.equal(cal.wordVectors, 'word-vectors.bin', 'the shipped model names its word vectors');
  writeFileSync(join(folder, 'calibration.json'), JSON.stringify(cal));
  assert.throws(() => Reranker.load(folder), /trained with word vectors \(word-vectors\.bin\), which are missing/);
  // A model trained without them (no name in its calibration) loads and reads no `sem` feature.
  // (Nor a synonym table, whose own test is in synonyms.test.ts.)
  const { wordVectors: _, synonyms: __, synonymCover: ___, ...older } = cal as { wordVectors?: string; synonyms?: string; synonymCover?: number };
  writeFileSync(join(folder, 'calibration.json'), JSON.stringify(older));
  assert.equal(Reranker.load(folder)!.wordVectors, null);
});
