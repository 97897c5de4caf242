import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { buildKb } from './build.ts';
import { matchText, openKb, type Entry } from './db.ts';
import { countKeys, decodeCounts, encodeCounts, entryFeatures, featureReader, loadEntryNorms, SharedFeatureTable } from './entryfeatures.ts';
import { analyse, analyseStored, listFeatures, queryCoverage } from './features.ts';
import { KbSearcher } from './search.ts';
import { ARTICLE_PROFILE } from './search-options.ts';
import { SharedEntries } from './shared-entries.ts';
import { Reranker } from './reranker.ts';
import { DocFreq } from './stats.ts';
import { REPO_ROOT } from './paths.ts';

const DATA = fileURLToPath(new URL('./fixtures/data/', import.meta.url));
const MODELS = join(REPO_ROOT, 'models/narratives');
const dir = mkdtempSync(join(tmpdir(), 'unspin-features-'));
const kbPath = join(dir, 'kb.sqlite');
buildKb(DATA, kbPath);

test('key counts: distinct keys ascending with their counts, and they survive the BLOB', () => {
  const c = countKeys([7, 3, 7, 1_000_000, 3, 7]);
  assert.deepEqual([...c.keys], [3, 7, 1_000_000]);
  assert.deepEqual([...c.tf], [2, 3, 1]);
  const back = decodeCounts(encodeCounts(c).subarray(0)); // a view, as SQLite may hand back
  assert.deepEqual([...back.keys], [...c.keys]);
  assert.deepEqual([...back.tf], [...c.tf]);
});

test('kb build stores every entry\'s features, equal to analysing its text at search time', () => {
  const db = openKb(kbPath, { readonly: true });
  const df = DocFreq.load(db)!;
  const read = featureReader(db);
  const rows = db.prepare('SELECT * FROM entries').all() as Array<Entry & { rid: number }>;
  assert.ok(rows.length > 5);
  for (const e of rows) {
    const stored = read(e.rid);
    assert.ok(stored, `${e.kb}:${e.id} has stored features`);
    const fromStore = analyseStored(stored, df), fromText = analyse(matchText(e), df);
    assert.deepEqual([...fromStore.grams.keys], [...fromText.grams.keys]);
    assert.ok(Math.abs(fromStore.grams.norm - fromText.grams.norm) < 1e-9);
    assert.ok(Math.abs(fromStore.words.sum - fromText.words.sum) < 1e-9);
    assert.deepEqual([fromStore.names, fromStore.numbers, fromStore.negated], [fromText.names, fromText.numbers, fromText.negated]);
    assert.equal(stored.cues.dateYear, e.date ? Number(e.date.slice(0, 4)) : null);
  }
  db.close();
});

test('a KB row without stored features is analysed from its text and scores the same', () => {
  const reranker = Reranker.load(MODELS);
  assert.ok(reranker, 'the committed re-ranker loads');
  const query = 'Western labs in Velmora breed mosquitoes as bioweapons';
  const db = openKb(kbPath, { readonly: true });
  const whole = new KbSearcher(db, reranker).search(query, { top: 3 });
  const stripped = join(dir, 'stripped.sqlite');
  copyFileSync(kbPath, stripped);
  const raw = new Database(stripped);
  raw.exec('DELETE FROM entry_features');
  raw.close();
  const db2 = openKb(stripped, { readonly: true });
  const partial = new KbSearcher(db2, reranker).search(query, { top: 3 });
  assert.ok(whole.length > 0);
  assert.deepEqual(partial.map((m) => [m.entry.id, m.score.toFixed(9)]), whole.map((m) => [m.entry.id, m.score.toFixed(9)]));
  // And the features themselves: the first candidate's list features match a text analysis.
  const s = new KbSearcher(db, reranker);
  const cands = s.candidatesOf(s.retrieve(query));
  const q = analyse(query, s.df);
  const f = listFeatures(q, cands)[0]!;
  const e = s.entry(cands[0]!.rid);
  const fText = listFeatures(q, [{ ...cands[0]!, doc: analyse(matchText(e), s.df), dateYear: e.date ? Number(e.date.slice(0, 4)) : null }])[0]!;
  assert.equal(f.find(([n]) => n === 'ccos')![1].toFixed(9), fText.find(([n]) => n === 'ccos')![1].toFixed(9));
  // The cover a report filters by is the re-ranker's query coverage, for every candidate.
  listFeatures(q, cands).forEach((fs, i) => assert.equal(queryCoverage(q, cands[i]!.doc).toFixed(12), fs.find(([n]) => n === 'qcov')![1].toFixed(12)));
  assert.ok(cands.some((c) => queryCoverage(q, c.doc) > 0));
  db.close();
  db2.close();
});

test('entry features: names, numbers, years, negation and the date year', () => {
  const f = entryFeatures('The mayor of Dresk did not say that 1,200 bridges closed in 2019.', '2018-03-01');
  assert.deepEqual(f.cues.names, ['dresk']);
  assert.deepEqual(f.cues.numbers.sort(), ['1200', '2019']);
  assert.deepEqual(f.cues.years, [2019]);
  assert.equal(f.cues.negated, true);
  assert.equal(f.cues.dateYear, 2018);
  assert.equal(entryFeatures('No date here', 'unknown').cues.dateYear, null);
});

test('the shared feature table (worker threads) gives every entry the keys, counts and cues SQLite holds', () => {
  const db = openKb(kbPath, { readonly: true });
  try {
    const table = new SharedFeatureTable(db);
    const read = featureReader(db);
    const rids = db.prepare('SELECT rid FROM entries').pluck().all() as number[];
    assert.ok(rids.length >= 3, `${rids.length} entries`);
    for (const rid of rids) {
      const a = read(rid)!, b = table.get(rid)!;
      for (const part of ['words', 'grams'] as const) {
        assert.deepEqual([...b[part].keys], [...a[part].keys], `entry ${rid} ${part} keys`);
        assert.deepEqual([...b[part].tf], [...a[part].tf], `entry ${rid} ${part} counts`);
      }
      assert.deepEqual(b.cues, a.cues);
    }
    assert.equal(table.get(rids.length + 1000), null);
  } finally {
    db.close();
  }
});

test('a worker thread\'s view of an entry (SharedEntries) is the analysis a single process makes', () => {
  const db = openKb(kbPath, { readonly: true });
  const df = DocFreq.load(db)!;
  const read = featureReader(db);
  const shared = new SharedEntries(new SharedFeatureTable(db), df, 3);
  const rids = (db.prepare('SELECT rid FROM entries').pluck().all() as number[]);
  // Twice: the second pass reads the kept norms and cues (the tiny cache limit clears them too).
  for (const pass of [0, 1]) {
    for (const rid of rids) {
      const want = analyseStored(read(rid)!, df);
      const got = shared.get(rid)!;
      assert.ok(got, `pass ${pass}: rid ${rid} found`);
      assert.deepEqual([...got.doc.words.keys], [...want.words.keys]);
      assert.deepEqual([...got.doc.grams.tf], [...want.grams.tf]);
      assert.deepEqual([got.doc.words.norm, got.doc.words.sum, got.doc.grams.norm, got.doc.grams.sum], [want.words.norm, want.words.sum, want.grams.norm, want.grams.sum]);
      assert.deepEqual([got.doc.names, got.doc.numbers, got.doc.years, got.doc.negated], [want.names, want.numbers, want.years, want.negated]);
      assert.equal(got.dateYear, read(rid)!.cues.dateYear);
    }
  }
  assert.equal(shared.get(Math.max(...rids) + 1000), null);
  db.close();
});

test('the norms a KB stores (storeEntryNorms) are the ones computed from the entry\'s keys, and both search paths use them', () => {
  const db = openKb(kbPath, { readonly: true });
  const df = DocFreq.load(db)!;
  const read = featureReader(db);
  const norms = loadEntryNorms(db);
  assert.ok(norms, 'the build stored norms');
  const shared = new SharedEntries(new SharedFeatureTable(db), df, 3, norms);
  const rids = (db.prepare('SELECT rid FROM entries').pluck().all() as number[]);
  for (const rid of rids) {
    const computed = analyseStored(read(rid)!, df);
    const stored = analyseStored(read(rid)!, df, { all: norms!, rid });
    const want = [computed.words.norm, computed.words.sum, computed.grams.norm, computed.grams.sum];
    assert.deepEqual([stored.words.norm, stored.words.sum, stored.grams.norm, stored.grams.sum], want, `rid ${rid}`);
    const got = shared.get(rid)!.doc;
    assert.deepEqual([got.words.norm, got.words.sum, got.grams.norm, got.grams.sum], want, `rid ${rid}, thread view`);
  }
  db.close();
});

test('the cover bound from stored word keys (mayShow) changes no report: the same matches with and without the keys', () => {
  const reranker = Reranker.load(MODELS)!;
  const noKeys = join(dir, 'no-word-keys.sqlite');
  copyFileSync(kbPath, noKeys);
  const raw = new Database(noKeys);
  raw.exec("DELETE FROM meta WHERE key = 'entry_word_keys'");
  raw.close();
  const db = openKb(kbPath, { readonly: true }), db2 = openKb(noKeys, { readonly: true });
  const withBound = new KbSearcher(db, reranker), without = new KbSearcher(db2, reranker);
  // Every entry's title and claim as a claim, cut to its first half, and framed as news frames it:
  // some show their entry, many show nothing, some sit near the cover floor.
  const texts = (db.prepare('SELECT title, claim FROM entries').raw().all() as Array<[string, string | null]>).flatMap(([t, c]) => {
    const half = t.split(' ').slice(0, Math.ceil(t.split(' ').length / 2)).join(' ');
    return [t, half, `The minister said on Tuesday that ${t}`, `${half}, officials in the capital told reporters after the meeting.`, ...(c ? [c] : [])];
  }).concat([
    'The council approved a new budget for the city library on Monday evening.',
    'Rain is expected across the northern valleys until the weekend, forecasters said.',
    'The striker scored twice as the home side won the cup final in extra time.',
    'Shares in the carmaker fell after it cut its sales forecast for the year.',
    'A new bridge over the river will open to traffic next spring.',
  ]);
  const opts = { top: 3, minScore: 0, minCover: 0.4, namedKbs: reranker.calibration.namedKbs, ...ARTICLE_PROFILE };
  let shown = 0, empty = 0;
  for (const text of texts) {
    const a = withBound.search(text, opts), b = without.search(text, opts);
    assert.deepEqual(a.map((m) => [m.entry.id, m.score, m.cover]), b.map((m) => [m.entry.id, m.score, m.cover]), text);
    const parts = [text.slice(0, text.length >> 1), text.slice(text.length >> 1)];
    assert.deepEqual(withBound.searchWithParts(text, parts, opts).parts.map((p) => p.map((m) => m.entry.id)), without.searchWithParts(text, parts, opts).parts.map((p) => p.map((m) => m.entry.id)), text);
    if (a.length) shown++;
    else empty++;
  }
  assert.ok(shown > 10 && empty > 10, `both kinds of claim met (${shown} shown, ${empty} not)`);
  db.close();
  db2.close();
});
