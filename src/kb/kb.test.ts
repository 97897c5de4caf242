import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKb, ensureKb } from './build.ts';
import { SCHEMA_VERSION, getMeta, kbCounts, openKb } from './db.ts';
import { importFile } from './import.ts';
import { KbSearcher } from './search.ts';
import { KB_SEARCH_COVER, kbSearchOptions } from './search-options.ts';
import { bm25Scorer } from './scorer.ts';
import { statementWords } from './cover-index.ts';
import { queryCoverage, toVec, wordVector } from './features.ts';
import { contentWords } from './text.ts';
import { cleanQuery, mentionsAnyName } from './text.ts';
import { loadSnopes } from './loaders/snopes.ts';
import { usDateToIso } from './loaders/euvsdisinfo.ts';
import { UserError } from '../io/input.ts';
import { defaultDataRoot } from './paths.ts';

const DATA = fileURLToPath(new URL('./fixtures/data/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unspin-kb-'));
const kbPath = join(dir, 'kb.sqlite');
const lines: string[] = [];
const built = buildKb(DATA, kbPath, (l) => lines.push(l));

test('kb build reads every source of the fixture data dir and reports progress', () => {
  assert.deepEqual(built.counts, { euvsdisinfo: 4, politifact: 1, snopes: 3, 'ukraine-war': 1 });
  assert.ok(lines.some((l) => /EUvsDisinfo/.test(l)) && lines.some((l) => /Snopes: 3 claims/.test(l)));
  assert.ok(!existsSync(`${kbPath}.building-${process.pid}`), 'the scratch file is moved into place');
});

test('kb build, kb import and every reader refuse a file that is not a knowledge base, and leave it as it was', async () => {
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'My notes, not a database.\n');
  assert.throws(() => buildKb(DATA, text), (e: unknown) => e instanceof UserError && /not an unspin knowledge base/.test(e.message));
  assert.equal(readFileSync(text, 'utf8'), 'My notes, not a database.\n');
  // A results database (batch's), as a mixed-up --db would give it.
  const results = join(dir, 'results.sqlite');
  const other = new Database(results);
  other.exec('CREATE TABLE runs(id INTEGER); CREATE TABLE articles(id TEXT)');
  other.close();
  assert.throws(() => buildKb(DATA, results), /not an unspin knowledge base \(its tables are runs, articles\)/);
  assert.throws(() => openKb(results, { create: true }), /not an unspin knowledge base/);
  assert.throws(() => openKb(results, { readonly: true }), /not an unspin knowledge base/);
  assert.throws(() => ensureKb(results, DATA, () => {}), UserError);
  const after = new Database(results, { readonly: true });
  assert.deepEqual(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all(), ['runs', 'articles']);
  after.close();
});

test('EUvsDisinfo: a 2015-2017 row merges into its 2015-2021 case, even under a truncated title; exact repeats collapse', () => {
  const db = openKb(kbPath, { readonly: true });
  const bridge = db.prepare("SELECT * FROM entries WHERE kb='euvsdisinfo' AND id='the-dresk-bridge-collapse-was-staged'").get() as Record<string, string>;
  assert.match(bridge.title, /staged by the government of Velmora/, 'the full title replaces the truncated one');
  assert.match(bridge.disproof, /corrosion/);
  assert.equal(bridge.date, '2017-10-03');
  const rigged = db.prepare("SELECT count(*) n FROM entries WHERE kb='euvsdisinfo' AND title LIKE 'Elections in Velmora%'").get() as { n: number };
  assert.equal(rigged.n, 1);
  const ua = db.prepare("SELECT * FROM entries WHERE kb='ukraine-war'").get() as Record<string, string>;
  assert.equal(ua.narrative, 'The West provoked the war');
  assert.equal(ua.disproof, 'No NATO bases were moved to that border.');
  // LIAR's speaker slug and party read as a name ("jane-doe", "republican").
  assert.equal((db.prepare("SELECT speaker FROM entries WHERE kb='politifact'").get() as { speaker: string }).speaker, 'Jane Doe (Mayor, Ohio, Republican)');
  const snopes = db.prepare("SELECT id, claim FROM entries WHERE kb='snopes' AND id='2'").get() as Record<string, string>;
  assert.equal(snopes.claim, 'The mayor said "taxes will triple" next year.');
  db.close();
});

test('BM25 retrieval finds the paraphrased case first', () => {
  const db = openKb(kbPath, { readonly: true });
  const s = new KbSearcher(db, bm25Scorer);
  const top = s.search('Labs run by the West in Velmora are breeding mosquitoes to use as a weapon', { top: 3 });
  assert.equal(top[0]?.entry.id, 'western-labs-in-velmora-breed-mosquitoes-as-weapons');
  assert.deepEqual(s.search('zzzz qqqq'), []);
  // Leave-one-out: the excluded row is not a candidate, and the rest keep their order.
  const all = s.search('Labs run by the West in Velmora are breeding mosquitoes to use as a weapon', { top: 5 });
  const rid = db.prepare("SELECT rid FROM entries WHERE kb = 'euvsdisinfo' AND id = ?").pluck().get(all[0]!.entry.id) as number;
  const without = s.search('Labs run by the West in Velmora are breeding mosquitoes to use as a weapon', { top: 5, exclude: new Set([rid]) });
  assert.deepEqual(without.map((m) => m.entry.id), all.slice(1).map((m) => m.entry.id));
  db.close();
});

test('a claim finds a case that writes its words in another form ("biolabs", "bioweapons" / "biological weapons")', () => {
  const db = openKb(kbPath, { readonly: true });
  const s = new KbSearcher(db, bm25Scorer);
  // The case: "Western laboratories in Velmora breed mosquitoes as biological weapons". Read
  // word by word, the claim shares only "Velmora" with it, as it does with two other cases.
  const [top] = s.search('Western-funded biolabs in Velmora are making bioweapons', { top: 3 });
  assert.equal(top?.entry.id, 'western-labs-in-velmora-breed-mosquitoes-as-weapons');
  assert.ok(top.cover >= 0.6, `cover ${top.cover}`);
  db.close();
});

test('name rule: a case is shown only for a claim that mentions one of its names, spelt a little differently or not', () => {
  assert.ok(mentionsAnyName(['governments', 'in', 'the', 'west'], ['western']), 'a name that starts the other');
  assert.ok(mentionsAnyName(['aidar', 'battalion'], ['aydar']), 'one letter off');
  assert.ok(mentionsAnyName(['laboratories', 'in', 'ukraine'], ['ukrainian']), 'the same first five letters');
  assert.ok(!mentionsAnyName(['trump', 'new', 'york', 'case'], ['mh']), 'no shared name');
  assert.ok(!mentionsAnyName(['us', 'troops'], ['usa']), 'short names must be equal');
  assert.ok(mentionsAnyName(['sofia', 'urged', 'kyiv'], ['bulgarian', 'ukraine']), 'a capital for its country');
  assert.ok(mentionsAnyName(['the', 'polish', 'army'], ['poland']), 'an adjective that shares too few letters');
  assert.ok(mentionsAnyName(['ukraine', 'regime'], ['kyiv']), 'a country for its capital');
  assert.ok(mentionsAnyName(['brussels', 'demands'], ['eu']), 'a seat of power for its bloc');
  assert.ok(!mentionsAnyName(['moscow', 'metro'], ['poland']), 'a capital of another country');
  const db = openKb(kbPath, { readonly: true });
  const s = new KbSearcher(db, bm25Scorer);
  const claim = 'Labs in Ostrania breed mosquitoes as weapons, officials say';
  const id = 'western-labs-in-velmora-breed-mosquitoes-as-weapons';
  assert.ok(s.search(claim).some((m) => m.entry.id === id), 'ranked without the rule');
  assert.ok(!s.search(claim, { namedKbs: ['euvsdisinfo'] }).some((m) => m.entry.id === id), 'names neither Velmora nor the West');
  assert.ok(s.search('Labs in Velmora breed mosquitoes as weapons', { namedKbs: ['euvsdisinfo'] }).some((m) => m.entry.id === id));
  db.close();
});

test('a match\'s cover counts the words of the claim, not of the frame that says who reports it', () => {
  const db = openKb(kbPath, { readonly: true });
  const s = new KbSearcher(db, bm25Scorer);
  const id = 'western-labs-in-velmora-breed-mosquitoes-as-weapons';
  const claim = 'Labs in Velmora breed mosquitoes as weapons';
  const coverOf = (text: string) => s.search(text, { top: 10 }).find((m) => m.entry.id === id)?.cover;
  const plain = coverOf(claim)!;
  for (const framed of [`${claim}, a correspondent of the regional broadcaster alleged on Sunday.`, `According to a correspondent of the regional broadcaster, ${claim.toLowerCase()}.`]) {
    assert.equal(coverOf(framed), plain, framed);
  }
  db.close();
});

test('a frame-free search (reports\' profile) scores the claim a sentence reports, as if no one were named reporting it', () => {
  const db = openKb(kbPath, { readonly: true });
  const s = new KbSearcher(db, bm25Scorer);
  const claim = 'Labs in Velmora breed mosquitoes as weapons';
  const top = (text: string, frameFree: boolean) => s.search(text, { top: 3, frameFree }).map((m) => `${m.entry.id} ${m.score.toFixed(6)}`);
  for (const framed of [`The host, a bridge inspector from Dresk, claimed that ${claim}.`, `“${claim},” the bridge expert told viewers.`]) {
    assert.deepEqual(top(framed, true), top(claim, true), framed);
    // Searched whole, the frame's words ("bridge", "Dresk": another case's) count: another list.
    assert.notDeepEqual(top(framed, false), top(claim, false), framed);
  }
  db.close();
});

test('a match\'s cover counts a name of the claim that the entry has in another form, as the name rule reads names', () => {
  const db = openKb(kbPath, { readonly: true });
  const s = new KbSearcher(db, bm25Scorer);
  const id = 'western-labs-in-velmora-breed-mosquitoes-as-weapons';
  const coverOf = (text: string) => s.search(text, { top: 10 }).find((m) => m.entry.id === id)?.cover;
  // Every other word of these is the case's own: "Velmoran" stands for its "Velmora".
  assert.ok(Math.abs(coverOf('Velmoran laboratories breed mosquitoes as weapons')! - 1) < 1e-9, `${coverOf('Velmoran laboratories breed mosquitoes as weapons')}`);
  assert.ok(coverOf('Zorbian laboratories breed mosquitoes as weapons')! < 0.9, 'a word that is no form of its names is not');
  db.close();
});

test('kb search: a disinformation case needs a share of a long query\'s words to be listed; a fact-check does not', () => {
  const db = openKb(kbPath, { readonly: true });
  const s = new KbSearcher(db, bm25Scorer);
  const caseId = 'western-labs-in-velmora-breed-mosquitoes-as-weapons';
  // A long post that touches the case's subject in passing, and quotes the fact-checked mayor as well.
  const long = 'Thread: the mayor said taxes will triple next year, the harbour ferry fares doubled in spring, ' +
    'school canteens closed early, the stadium roof leaked through the whole football season, and people ' +
    'online keep sharing that labs in Velmora breed mosquitoes, while the council still argues about parking meters.';
  const opts = kbSearchOptions(10, undefined, undefined, ['euvsdisinfo', 'ukraine-war']);
  const unfloored = s.search(long, { ...opts, minCover: 0 });
  const theCase = unfloored.find((m) => m.entry.id === caseId), mayor = unfloored.find((m) => m.entry.kb === 'snopes' && m.entry.id === '2');
  assert.ok(theCase && theCase.cover < KB_SEARCH_COVER, `the case is a candidate under the floor: ${theCase?.cover}`);
  assert.ok(mayor && mayor.cover < KB_SEARCH_COVER, `the fact-check too: ${mayor?.cover}`);
  const listed = s.search(long, opts);
  assert.ok(!listed.some((m) => m.entry.id === caseId), 'the case is not listed');
  assert.ok(listed.some((m) => m.entry.kb === 'snopes' && m.entry.id === '2'), 'the fact-check is');
  assert.equal(s.search('Labs in Velmora breed mosquitoes as weapons', opts)[0]?.entry.id, caseId, 'a restatement is listed');
  db.close();
});

test('the entry-cover index says whether some entry has a floor\'s share of the words it states in a text, as a search measures it', () => {
  const db = openKb(kbPath, { readonly: true });
  const s = new KbSearcher(db, bm25Scorer);
  const rids = db.prepare('SELECT rid FROM entries').pluck().all() as number[];
  const idf = s.df.idfs;
  const best = (text: string) => {
    const q = wordVector(contentWords(cleanQuery(text)), s.df);
    return Math.max(0, ...rids.map((r) => queryCoverage({ words: toVec(statementWords(s.entry(r)), idf), idf }, { words: q })));
  };
  const texts = [
    'Western laboratories in Velmora breed mosquitoes as biological weapons',
    'The commentator said labs in Velmora were breeding mosquitoes, mosquitoes and more mosquitoes.',
    'Officials met on Tuesday to discuss the harvest.',
    'Foreign observers, the paper claimed, rigged the vote count in Velmora.',
    'Observers in Velmora said the count went smoothly.',
    'zzzz qqqq',
  ];
  const shares = texts.map(best);
  assert.ok(Math.abs(shares[0]! - 1) < 1e-9 && shares[5] === 0 && shares.some((x) => x > 0.2 && x < 0.9), `a spread of shares: ${shares}`);
  for (const floor of [0.2, 0.4, 0.6, 0.8, 1]) {
    texts.forEach((t, i) => {
      if (Math.abs(shares[i]! - floor) > 1e-4) assert.equal(s.statesSomeEntry(t, floor), shares[i]! >= floor, `${t} at ${floor} (best share ${shares[i]})`);
    });
  }
  // Too few words state nothing, however much of an entry they have (reports ask for 3 beyond the 8 places).
  assert.ok(s.statesSomeEntry('Foreign observers rigged.', 0.5) && !s.statesSomeEntry('Foreign observers rigged.', 0.5, 4));
  assert.ok(s.statesSomeEntry('Foreign observers rigged elections.', 0.5, 4));
  // What an entry states is its claim and title: a sentence repeating a claim states it however
  // long the case's summary (here a quote with other words), and a search with the same floor shows it.
  const repeat = 'NATO expansion forced the invasion, the channel said.';
  assert.ok(s.statesSomeEntry(repeat, 0.6, 4));
  assert.deepEqual(s.search(repeat, { minEntryCover: 0.6 }).map((m) => m.entry.kb), ['ukraine-war']);
  // A KB built before the statements were stored in one blob gives the same answers, computed from the entries.
  assert.ok(Buffer.isBuffer(getMeta(db, 'statement_words')), 'kb build stores the blob');
  const older = join(dir, 'kb-older.sqlite');
  copyFileSync(kbPath, older);
  const odb = openKb(older);
  odb.prepare("DELETE FROM meta WHERE key = 'statement_words'").run();
  const os = new KbSearcher(odb, bm25Scorer);
  for (const floor of [0.4, 0.6]) texts.forEach((t) => assert.equal(os.statesSomeEntry(t, floor), s.statesSomeEntry(t, floor), `${t} at ${floor}`));
  odb.close();
  db.close();
});

test('import: a malformed record is reported with its line and skipped, the rest goes in, and re-importing changes nothing', async () => {
  const path = join(dir, 'kb-import.sqlite');
  buildKb(DATA, path);
  const file = join(dir, 'mine.jsonl');
  writeFileSync(file, [
    JSON.stringify({ id: 'a1', title: 'Velmora secretly sold its gold reserves to a bank abroad', verdict: 'false' }),
    '{"id": "broken", "title": ',
    JSON.stringify({ id: 'a2' }),
    '',
    JSON.stringify({ id: 'a3', claim: 'The harbour of Dresk was closed for a year', kb: 'harbour-checks' }),
  ].join('\n'));
  const db = openKb(path);
  const r = await importFile(db, file, 'jsonl');
  assert.equal(r.imported, 2);
  assert.deepEqual(r.skipped.map((s) => s.line), [2, 3]);
  assert.match(r.skipped[1]!.reason, /title/);
  const before = kbCounts(db);
  await importFile(db, file, 'jsonl');
  assert.deepEqual(kbCounts(db), before, 'idempotent');
  assert.equal(before.user, 1);
  assert.equal(before['harbour-checks'], 1);
  // Imported entries are searchable straight away (the FTS index and statistics follow).
  const s = new KbSearcher(db, bm25Scorer);
  assert.equal(s.search('gold reserves of Velmora sold abroad', { top: 1 })[0]?.entry.id, 'a1');
  // ... and reports find a sentence restating one beyond an article's 8 places (the entries' words are stored again).
  assert.ok(s.statesSomeEntry('Velmora secretly sold its gold reserves to a foreign bank, the blogger said.', 0.6, 4));
  db.close();
});

test('import: an impossible date is reported and left out; a record that repeats an id is said and counted once', async () => {
  const path = join(dir, 'kb-jsonl-dates.sqlite');
  const file = join(dir, 'jsonl-dates.jsonl');
  writeFileSync(file, [
    JSON.stringify({ id: 'd1', title: 'The Dresk ferry fleet was sold to a foreign bank', date: '2024-13-45' }),
    JSON.stringify({ id: 'd2', title: 'The Dresk harbour was mined by saboteurs', date: '2024-02-30' }),
    JSON.stringify({ id: 'd3', title: 'The Dresk bridge was closed for a decade', date: 'yesterday' }),
    JSON.stringify({ id: 'd4', title: 'The Dresk mayor fled abroad', date: '2024-02-29T10:00:00Z' }),
    JSON.stringify({ id: 'd1', title: 'The Dresk ferry fleet was sold to a foreign army', date: '2024-03-01' }),
  ].join('\n') + '\n');
  const db = openKb(path, { create: true });
  const r = await importFile(db, file, 'jsonl');
  assert.equal(r.imported, 4, 'd1 counts once');
  assert.deepEqual(r.notes.map((n) => n.line), [1, 2, 3, 5]);
  assert.match(r.notes[0]!.reason, /"2024-13-45" is no calendar date/);
  assert.match(r.notes[3]!.reason, /id "d1" again \(first on line 1\)/);
  const dates = Object.fromEntries((db.prepare("SELECT id, date FROM entries WHERE kb = 'user'").all() as Array<{ id: string; date: string | null }>).map((e) => [e.id, e.date]));
  assert.deepEqual(dates, { d1: '2024-03-01', d2: null, d3: null, d4: '2024-02-29' });
  db.close();
});

test('import: ClaimReviews of several claims on one page (one url) are each kept, and a second import changes nothing', async () => {
  const path = join(dir, 'kb-roundup.sqlite');
  const file = join(dir, 'roundup.json');
  const review = (claim: string, date: string) => ({ '@type': 'ClaimReview', url: 'https://checks.example/roundup-week-12', claimReviewed: claim, datePublished: date, reviewRating: { alternateName: 'False' } });
  writeFileSync(file, JSON.stringify([review('The Dresk harbour was sold to a foreign army', '2024-03-05'), review('Dresk schools will close for a year', '2024-02-31'), review('The Dresk mayor fled abroad', '2024-03-05')], null, 2));
  const db = openKb(path, { create: true });
  const r = await importFile(db, file, 'claimreview');
  assert.equal(r.imported, 3);
  assert.deepEqual(r.notes.map((n) => n.reason), ['date "2024-02-31" is no calendar date (YYYY-MM-DD): imported without a date']);
  const ids = db.prepare("SELECT id FROM entries WHERE kb = 'claimreview' ORDER BY id").pluck().all() as string[];
  assert.equal(new Set(ids).size, 3);
  for (const id of ids) assert.match(id, /^https:\/\/checks\.example\/roundup-week-12#claim-/);
  await importFile(db, file, 'claimreview');
  assert.equal(kbCounts(db).claimreview, 3, 'idempotent');
  db.close();
});

test('import: a record\'s own "kb" is checked as --kb is, and may not write into a built-in catalogue --kb did not name', async () => {
  const path = join(dir, 'kb-own.sqlite');
  buildKb(DATA, path);
  const builtIn = 'western-labs-in-velmora-breed-mosquitoes-as-weapons';
  const file = join(dir, 'own-kb.jsonl');
  writeFileSync(file, [
    JSON.stringify({ kb: 'euvsdisinfo', id: builtIn, title: 'Totally unrelated title' }),
    JSON.stringify({ kb: 'bad kb name with spaces/and/slashes', id: 'x1', title: 'The Dresk harbour was sold in secret' }),
    JSON.stringify({ kb: 'snopes', id: 'x2', title: 'The Dresk harbour was sold in secret' }),
    JSON.stringify({ kb: ['mine'], id: 'x3', title: 'The Dresk harbour was sold in secret' }),
    JSON.stringify({ kb: 'harbour-checks', id: 'x4', title: 'The Dresk harbour was sold in secret' }),
    JSON.stringify({ kb: '', id: 'x5', title: 'The Dresk ferry was sold in secret' }),
  ].join('\n') + '\n');
  const db = openKb(path);
  const before = kbCounts(db);
  const r = await importFile(db, file, 'jsonl', 'mine');
  assert.equal(r.imported, 2);
  assert.deepEqual(r.skipped.map((s) => s.line), [1, 2, 3, 4]);
  assert.match(r.skipped[0]!.reason, /"euvsdisinfo" is a built-in catalogue/);
  assert.match(r.skipped[1]!.reason, /catalogue name/);
  const counts = kbCounts(db);
  assert.deepEqual(counts, { ...before, 'harbour-checks': 1, mine: 1 }, 'no catalogue named by a bad name, no built-in entry added');
  const kept = db.prepare("SELECT title FROM entries WHERE kb = 'euvsdisinfo' AND id = ?").get(builtIn) as { title: string };
  assert.match(kept.title, /Velmora/, 'the built-in case is not replaced');
  // Named by --kb as well, a built-in catalogue takes the record: the user asked for it.
  const update = join(dir, 'own-kb-update.jsonl');
  writeFileSync(update, JSON.stringify({ kb: 'euvsdisinfo', id: 'a-new-case', title: 'The Dresk harbour was sold to a foreign army' }) + '\n');
  assert.deepEqual(await importFile(db, update, 'jsonl', 'euvsdisinfo'), { imported: 1, skipped: [], notes: [] });
  db.close();
});

test('import: ClaimReview JSON-LD, with a record that is not a ClaimReview', async () => {
  const db = openKb(join(dir, 'kb-cr.sqlite'), { create: true });
  const file = join(dir, 'cr.json');
  writeFileSync(file, JSON.stringify([
    {
      '@context': 'https://schema.org', '@type': 'ClaimReview', url: 'https://factcheck.example/velmora-water',
      claimReviewed: 'Tap water in Velmora is poisoned by foreign agents', datePublished: '2024-02-03',
      author: { '@type': 'Organization', name: 'Example Checks' },
      reviewRating: { '@type': 'Rating', alternateName: 'False', ratingValue: 1, bestRating: 5 },
      itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'A. Blogger' } },
    },
    { '@type': 'NewsArticle', headline: 'not a review' },
  ], null, 2));
  const r = await importFile(db, file, 'claimreview');
  assert.equal(r.imported, 1);
  assert.equal(r.skipped.length, 1);
  assert.match(r.skipped[0]!.reason, /record 2: .*not ClaimReview/);
  assert.ok(r.skipped[0]!.line > 1, 'the line where the bad record starts');
  const e = db.prepare("SELECT * FROM entries WHERE kb='claimreview'").get() as Record<string, string>;
  assert.deepEqual([e.id, e.verdict, e.speaker, e.date, e.outlets], ['https://factcheck.example/velmora-water', 'False', 'A. Blogger', '2024-02-03', 'Example Checks']);
  db.close();
});

test('import: EUvsDisinfo CSV with a row lacking a title', async () => {
  const db = openKb(join(dir, 'kb-csv.sqlite'), { create: true });
  const file = join(dir, 'cases.csv');
  writeFileSync(file, 'date,id,title,keywords\n2022-01-05,https://euvsdisinfo.eu/report/dresk-port-sold/,The port of Dresk was sold to a foreign army,Port+Army\n2022-01-06,https://euvsdisinfo.eu/report/empty/,,\n');
  const r = await importFile(db, file, 'euvsdisinfo-csv');
  assert.equal(r.imported, 1);
  assert.deepEqual(r.skipped, [{ line: 3, reason: 'empty title' }]);
  const e = db.prepare("SELECT * FROM entries WHERE id='dresk-port-sold'").get() as Record<string, string>;
  assert.equal(e.keywords, 'Port, Army');
  db.close();
});

/** Imports an EUvsDisinfo CSV of these lines into a KB of its own. */
async function importCsv(name: string, rows: string[]) {
  const db = openKb(join(dir, `kb-${name}.sqlite`), { create: true });
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, rows.join('\n') + '\n');
  return { db, r: await importFile(db, file, 'euvsdisinfo-csv') };
}

test('import: an unreadable CSV row is reported by its line and skipped, and the rows after it go in', async () => {
  const { db, r } = await importCsv('bad-rows', [
    'date,id,title,summary',
    '2022-01-05,https://euvsdisinfo.eu/report/one/,The port of Dresk was sold to a foreign army,"A summary',
    'over two lines"',
    '2022-01-06,https://euvsdisinfo.eu/report/two/,"Velmora\'s "secret" army,x',
    '2022-01-07,https://euvsdisinfo.eu/report/three/,The Dresk bridge was blown up by Velmora,x',
    '',
    '2022-01-08,https://euvsdisinfo.eu/report/four/,"An unclosed quote never ends,x',
    '2022-01-09,https://euvsdisinfo.eu/report/five/,The harbour of Dresk was closed for a year,x',
    '2022-01-10,https://euvsdisinfo.eu/report/six/,Velmora sold its gold reserves abroad,x',
  ]);
  assert.deepEqual(r.skipped.map((s) => s.line), [4, 7]);
  assert.match(r.skipped[0]!.reason, /^unreadable row: line 4: .*quote/);
  assert.match(r.skipped[1]!.reason, /^unreadable row: line 7: a quoted field opens here and is never closed/);
  assert.equal(r.imported, 4);
  const ids = (db.prepare('SELECT id FROM entries ORDER BY id').all() as Array<{ id: string }>).map((e) => e.id);
  assert.deepEqual(ids, ['five', 'one', 'six', 'three']);
  assert.equal((db.prepare("SELECT summary FROM entries WHERE id = 'one'").get() as { summary: string }).summary, 'A summary\nover two lines');
  db.close();
});

test('import: a CSV date that is no calendar date is left out and reported; its record goes in', async () => {
  const { db, r } = await importCsv('dates', [
    'date,title,summary,disproof',
    '13/45/2024,Velmora poisons the wells of Dresk,s,d',
    '31/12/24,The Dresk bridge was blown up by Velmora,s,d',
    '2024-02-30,The harbour of Dresk was closed for a year,s,d',
    '02/29/24,Velmora sold its gold reserves abroad,s,d',
    '12/31/24,The port of Dresk was sold to a foreign army,s,d',
  ]);
  assert.equal(r.imported, 5);
  assert.deepEqual(r.skipped, []);
  assert.deepEqual(r.notes.map((n) => n.line), [2, 3, 4]);
  assert.match(r.notes[1]!.reason, /"31\/12\/24" is no calendar date/);
  const dates = (db.prepare('SELECT date FROM entries ORDER BY title').all() as Array<{ date: string | null }>).map((e) => e.date);
  // By title: bridge, harbour, port, wells, gold.
  assert.deepEqual(dates, [null, null, '2024-12-31', null, '2024-02-29']);
  db.close();
});

test('usDateToIso: month/day/year to ISO; an impossible date is null, other text kept as it is', () => {
  assert.equal(usDateToIso('10/03/17'), '2017-10-03');
  assert.equal(usDateToIso(' 2/29/2024 '), '2024-02-29');
  assert.equal(usDateToIso('2/29/2023'), null);
  assert.equal(usDateToIso('13/45/2024'), null);
  assert.equal(usDateToIso('31/12/24'), null);
  assert.equal(usDateToIso('2017-10-03'), '2017-10-03');
  assert.equal(usDateToIso('  '), null);
});

test('import: a byte-order mark is dropped; binary, non-UTF-8 and empty files are one clear error and import nothing', async () => {
  const db = openKb(join(dir, 'kb-bytes.sqlite'), { create: true });
  const bom = join(dir, 'bom.jsonl');
  writeFileSync(bom, '\ufeff' + JSON.stringify({ id: 'b1', title: 'The Dresk harbour was sold to a foreign army' }) + '\r\n');
  assert.deepEqual(await importFile(db, bom, 'jsonl'), { imported: 1, skipped: [], notes: [] });
  const bad: Array<[string, Buffer, RegExp]> = [
    ['bin.jsonl', Buffer.from([0x7b, 0x00, 0x01, 0xff, 0x10]), /binary data/],
    ['latin1.csv', Buffer.from('date,id,title\n2022-01-05,x,Caf\xe9 owners in Dresk were arrested\n', 'latin1'), /not valid UTF-8/],
    ['empty.jsonl', Buffer.alloc(0), /empty/],
  ];
  for (const [name, bytes, why] of bad) {
    writeFileSync(join(dir, name), bytes);
    await assert.rejects(() => importFile(db, join(dir, name), name.endsWith('.csv') ? 'euvsdisinfo-csv' : 'jsonl'), (e: Error) => e instanceof UserError && why.test(e.message), name);
  }
  await assert.rejects(() => importFile(db, dir, 'jsonl'), /is a directory/);
  assert.deepEqual(kbCounts(db), { user: 1 });
  db.close();
});

test('import --encoding: a spreadsheet\'s windows-1252 CSV export imports with its accents and quotes', async () => {
  const db = openKb(join(dir, 'kb-encoding.sqlite'), { create: true });
  const csv = join(dir, 'cp1252.csv');
  writeFileSync(csv, Buffer.concat([Buffer.from('date,id,title\n2022-01-05,x,Caf'), Buffer.from([0xe9]), Buffer.from(' owners in Dresk were '), Buffer.from([0x93]), Buffer.from('arrested'), Buffer.from([0x94]), Buffer.from('\n')]));
  await assert.rejects(() => importFile(db, csv, 'euvsdisinfo-csv'), /not valid UTF-8/);
  assert.equal((await importFile(db, csv, 'euvsdisinfo-csv', undefined, 'windows-1252')).imported, 1);
  const row = db.prepare('SELECT title FROM entries').get() as { title: string };
  assert.equal(row.title, 'Café owners in Dresk were “arrested”');
  db.close();
});

test('tweet queries lose links, handles and the signature but keep hashtag words', () => {
  assert.equal(
    cleanQuery('Sharks on the highway! #HurricaneHarvey pic.twitter.com/abc https://t.co/x — Jo Doe (@jodoe) August 28, 2017'),
    'Sharks on the highway! Hurricane Harvey Jo Doe.',
  );
});

const REAL = join(defaultDataRoot(), 'factchecks/snopes/verified_claims.docs.tsv');
test('real data: the Snopes loader keeps the first column as the id', { skip: !existsSync(REAL) && 'no ../shared/data' }, () => {
  const rows = loadSnopes(defaultDataRoot());
  assert.equal(rows.length, 10375);
  assert.equal(rows[0]!.id, '0');
  assert.match(rows[0]!.claim!, /Guantanamo/);
});

test('a KB stamped with another schema is rebuilt when the data is there, refused when it is not', () => {
  const path = join(dir, 'old.sqlite');
  buildKb(DATA, path);
  const w = openKb(path);
  w.prepare("UPDATE meta SET value = '0' WHERE key = 'schema'").run();
  w.close();
  assert.throws(() => ensureKb(path, join(dir, 'no-data'), () => {}), /another unspin version/);
  const logs: string[] = [];
  const db = ensureKb(path, DATA, (l) => logs.push(l))!;
  assert.equal(getMeta(db, 'schema'), SCHEMA_VERSION);
  assert.ok(logs.some((l) => /older schema/.test(l)));
  db.close();
});

test('kb build keeps what users imported into the KB it replaces', async () => {
  const path = join(dir, 'keep.sqlite');
  buildKb(DATA, path);
  const file = join(dir, 'keep.jsonl');
  writeFileSync(file, JSON.stringify({ id: 'k1', title: 'The Dresk harbour was sold in secret', kb: 'my-checks' }) + '\n');
  const db = openKb(path);
  await importFile(db, file, 'jsonl');
  db.close();
  const logs: string[] = [];
  const r = buildKb(DATA, path, (l) => logs.push(l));
  assert.equal(r.counts['my-checks'], 1);
  assert.equal(r.counts.snopes, 3, 'built-in catalogues are rebuilt, not doubled');
  assert.ok(logs.some((l) => /kept 1 imported/.test(l)));
});
