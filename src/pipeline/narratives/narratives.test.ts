import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKb } from '../../kb/build.ts';
import { defaultDataRoot, defaultKbPath } from '../../kb/paths.ts';
import { loadSnopes } from '../../kb/loaders/snopes.ts';
import { kbHandle, NO_KB_NOTE } from '../../kb/handle.ts';
import { DEFAULT_MODEL_DIR, createPipeline } from '../registry.ts';
import { apply } from '../component.ts';
import { Doc } from '../../doc/doc.ts';
import { NarrativeMatchSchema, ReportSchema } from '../../report/schema.ts';
import { toReport } from '../../report/build.ts';
import { MAX_CLAIMS, claimsToMatch, clausesOf, isHeading, lookUpAnswer, lookUpOptions, lookUps, narrativesComponent, rollUp, toMatch } from './component.ts';
import { loadMatcher } from '../../server/match.ts';
import { MatchResponseSchema } from '../../server/schemas.ts';
import { renderTerminal } from '../../cli/render.ts';
import { Reranker, logit, sigmoid } from '../../kb/reranker.ts';
import { analyse } from '../../kb/features.ts';
import { cleanQuery } from '../../kb/text.ts';
import { ARTICLE_PROFILE, MIN_SHOWN_COVER, REST_MIN_ENTRY_COVER } from '../../kb/search-options.ts';
import Database from 'better-sqlite3';
import { judgedSameClaims, repeatsCase } from './data.ts';

const DATA = fileURLToPath(new URL('../../kb/fixtures/data/', import.meta.url));
const BIN = fileURLToPath(new URL('../../../bin/unspin.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../../examples/article.txt', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unspin-narr-'));
const kbPath = join(dir, 'kb.sqlite');
buildKb(DATA, kbPath);
const kb = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath });

const ARTICLE = `Velmora under pressure

Officials met on Tuesday to discuss the harvest. Laboratories run by the West in Velmora are breeding mosquitoes to be used as biological weapons. The weather stayed dry all week.`;

// A nine-entry KB has nothing like the real KB's word statistics, so its scores are not
// calibrated: this test checks the plumbing with a lower bar; the real-KB tests check the threshold.
const TOY_THRESHOLD = 0.5;

test('the committed re-ranker is loaded and the claim repeating a catalogued case matches it', () => {
  assert.equal(kb.warning, undefined, 'models/narratives holds a trained re-ranker');
  const doc = Doc.fromText(ARTICLE);
  apply(narrativesComponent({ ...kb, calibration: { ...kb.calibration, threshold: TOY_THRESHOLD } }), doc);
  const n = doc.layers.narratives!;
  assert.equal(n.length, 1, JSON.stringify(n));
  assert.match(n[0]!.claim.text, /^Laboratories run by the West/);
  assert.equal(doc.slice(n[0]!.claim), n[0]!.claim.text, 'offsets point at the claim');
  assert.equal(n[0]!.matches[0]!.id, 'western-labs-in-velmora-breed-mosquitoes-as-weapons');
  assert.ok(n[0]!.matches[0]!.score >= TOY_THRESHOLD);
  assert.equal(doc.layers.narrativeSummary![0]!.claims, 1);
  assert.ok(ReportSchema.safeParse(toReport(doc)).success);
});

test('forget (what the bench calls before each run to empty the caches) changes no match', () => {
  const component = narrativesComponent({ ...kb, calibration: { ...kb.calibration, threshold: TOY_THRESHOLD } });
  const run = () => {
    const doc = Doc.fromText(ARTICLE);
    apply(component, doc);
    return doc.layers.narratives!;
  };
  const first = run();
  assert.equal(first.length, 1);
  component.forget!();
  assert.deepEqual(run(), first);
  assert.deepEqual(run(), first, 'and again with the caches refilled');
});

test('a sentence the claims component scored under its threshold is still looked up while places are left', () => {
  const doc = Doc.fromText(ARTICLE);
  const start = ARTICLE.indexOf('The weather');
  doc.set('claims', [{ start, end: ARTICLE.length, text: ARTICLE.slice(start), score: 0.9 }]);
  apply(narrativesComponent({ ...kb, calibration: { ...kb.calibration, threshold: TOY_THRESHOLD } }), doc);
  assert.deepEqual(doc.layers.narratives!.map((n) => n.claim.text), ['Laboratories run by the West in Velmora are breeding mosquitoes to be used as biological weapons.']);
});

test('without a KB the component runs and says so once, leaving the layer absent (nothing was looked up)', () => {
  const none = { db: null, searcher: null, calibration: { a: 1, b: 0, threshold: 1 } };
  const doc = Doc.fromText(ARTICLE);
  apply(narrativesComponent(none), doc);
  apply(narrativesComponent(none), doc);
  assert.equal(doc.layers.narratives, undefined);
  assert.deepEqual(doc.notes, [NO_KB_NOTE]);
});

test('the roll-up groups cases of one narrative and counts claims once', () => {
  const m = (id: string, narrative: string | null, score: number) => ({ kb: 'k', id, title: id, narrative, score });
  const s = rollUp([
    { claim: { start: 0, end: 1, text: 'a' }, matches: [m('1', 'N', 0.9), m('2', 'N', 0.8)] },
    { claim: { start: 2, end: 3, text: 'b' }, matches: [m('3', 'N', 0.95), m('4', null, 0.99)] },
  ]);
  assert.deepEqual(s[0], { kb: 'k', id: 'narrative:N', title: 'N', claims: 2, score: 0.95 });
  assert.deepEqual(s[1], { kb: 'k', id: '4', title: '4', claims: 1, score: 0.99 });
});

const run = (args: string[], env: Record<string, string> = {}, input?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, env: { ...process.env, ...env } });

test('kb search keeps the evaluation contract: one line per query, {id, matches:[{kb,id,score}]}', () => {
  const q = join(dir, 'q.jsonl');
  writeFileSync(q, [
    JSON.stringify({ id: 17, text: 'Is that a shark swimming on the flooded highway after the hurricane?' }),
    JSON.stringify({ id: 'b', text: 'Hot water and lemon will cure your cold in one day' }),
  ].join('\n') + '\n');
  const r = run(['kb', 'search', '--jsonl', q, '--top', '2', '--db', kbPath]);
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(out.length, 2);
  assert.equal(out[0].id, 17);
  assert.deepEqual(Object.keys(out[0].matches[0]).sort(), ['id', 'kb', 'score']);
  assert.deepEqual([out[0].matches[0].kb, out[0].matches[0].id], ['snopes', '0']);
  assert.equal(out[1].matches[0].id, '1');
  assert.ok(out[0].matches.length <= 2);
  // A byte-order mark before the first query (Windows editors write one) is not a bad line.
  writeFileSync(q, '\ufeff' + JSON.stringify({ id: 'bom', text: 'Hot water and lemon will cure your cold in one day' }) + '\n');
  const withBom = run(['kb', 'search', '--jsonl', q, '--top', '1', '--db', kbPath, '--lexical']);
  assert.equal(withBom.stderr, '');
  assert.equal(JSON.parse(withBom.stdout).matches[0].id, '1');
  // A line that is not UTF-8 gets an error line by its line number, not a search with U+FFFD in it.
  writeFileSync(q, Buffer.concat([Buffer.from('{"id": "latin1", "text": "Hot water and lem\xf3n will cure your cold"}\n', 'latin1'), Buffer.from(JSON.stringify({ id: 'ok', text: 'Hot water and lemon will cure your cold in one day' }) + '\n')]));
  const latin1 = run(['kb', 'search', '--jsonl', q, '--top', '1', '--db', kbPath, '--lexical']);
  assert.equal(latin1.status, 2, latin1.stderr);
  assert.match(latin1.stderr, /q\.jsonl:1: not valid UTF-8/);
  const rows = latin1.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(rows[0], { id: null, matches: [], error: 'not valid UTF-8' });
  assert.equal(rows[1].id, 'ok');
});

test('kb search: every non-blank line gets its output line, in order; a bad one an error, and the exit is 2 at the end', () => {
  const q = join(dir, 'bad.jsonl');
  const good = (id: unknown) => JSON.stringify({ id, text: 'Hot water and lemon will cure your cold in one day' });
  writeFileSync(q, Buffer.concat([Buffer.from([
    good('first'),
    '{"id": "cut", "text": ',
    JSON.stringify({ text: 'Hot water and lemon will cure your cold' }),
    JSON.stringify({ id: 'no-text' }),
    JSON.stringify({ id: 7, text: 42 }),
    '[1,2]',
    good(null),
    good(['a']),
    '',
    '   ',
  ].join('\n') + '\n'), Buffer.from('{"id": "latin1", "text": "lem\xf3n"}\n', 'latin1'), Buffer.from(good(9) + '\n')]));
  for (const extra of [['--lexical'], []]) {
    const r = run(['kb', 'search', '--jsonl', q, '--top', '1', '--db', kbPath, ...extra]);
    assert.equal(r.status, 2, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((x) => x.id), ['first', null, null, 'no-text', 7, null, null, null, null, 9], 'blank lines give none');
    for (const i of [1, 2, 3, 4, 5, 6, 7, 8]) {
      assert.deepEqual(Object.keys(rows[i]), ['id', 'matches', 'error'], JSON.stringify(rows[i]));
      assert.deepEqual(rows[i].matches, []);
    }
    assert.equal(rows[0].matches[0].id, '1');
    assert.deepEqual(rows[9], { ...rows[0], id: 9 }, 'a good line after bad ones is searched as before');
    assert.deepEqual(rows.slice(1, 9).map((x) => x.error), ['not valid JSON', '"id" must be a string or a number', '"text" must be a string', '"text" must be a string', 'expected a JSON object {"id": …, "text": …}', '"id" must be a string or a number', '"id" must be a string or a number', 'not valid UTF-8']);
    assert.match(r.stderr, /bad\.jsonl:2: not valid JSON\n/);
    assert.match(r.stderr, /bad\.jsonl:11: not valid UTF-8\n/);
    assert.match(r.stderr, /8 malformed line/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
  // A folder is one clear error, before the KB is opened.
  const folder = run(['kb', 'search', '--jsonl', dir, '--db', join(dir, 'none.sqlite')]);
  assert.equal(folder.status, 2);
  assert.match(folder.stderr.trim(), /^unspin: .*: is a directory, not a JSONL file$/);
});

test('kb search leaves out a disinformation case that names places the query does not, as reports do', () => {
  const q = join(dir, 'named.jsonl');
  writeFileSync(q, [
    JSON.stringify({ id: 'unnamed', text: 'Foreign labs breed mosquitoes as biological weapons' }),
    JSON.stringify({ id: 'named', text: 'Foreign labs in Velmora breed mosquitoes as biological weapons' }),
  ].join('\n') + '\n');
  const r = run(['kb', 'search', '--jsonl', q, '--top', '3', '--db', kbPath]);
  assert.equal(r.status, 0, r.stderr);
  const [unnamed, named] = r.stdout.trim().split('\n').map((l) => JSON.parse(l).matches.map((m: { kb: string; id: string }) => `${m.kb}/${m.id}`));
  const velmora = 'euvsdisinfo/western-labs-in-velmora-breed-mosquitoes-as-weapons';
  assert.equal(named[0], velmora);
  assert.ok(!unnamed.includes(velmora), unnamed.join(', '));
});

test('match prints readable matches and JSON; bad arguments give one clear line', () => {
  const r = run(['match', 'Western labs in Velmora breed mosquitoes as bioweapons', '--db', kbPath]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Western laboratories in Velmora breed mosquitoes/);
  const j = JSON.parse(run(['match', 'Western labs in Velmora breed mosquitoes as bioweapons', '--db', kbPath, '-f', 'json']).stdout);
  assert.equal(j.matches[0].kb, 'euvsdisinfo');
  assert.deepEqual(MatchResponseSchema.parse(j), j, 'the answer POST /v1/match gives, field for field');
  // As in reports and kb search, a case naming a place the claim does not mention is not listed.
  const unnamed = JSON.parse(run(['match', 'Foreign labs breed mosquitoes as biological weapons', '--db', kbPath, '-f', 'json']).stdout);
  assert.ok(!unnamed.matches.some((m: { id: string }) => m.id === 'western-labs-in-velmora-breed-mosquitoes-as-weapons'), JSON.stringify(unnamed.matches));
  const bad = run(['match', 'x', '--top', 'lots', '--db', kbPath]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /--top/);
  // A misspelt catalogue is an error that names the ones there are, not an empty answer.
  for (const args of [['match', 'Western labs in Velmora breed mosquitoes', '--kb', 'euvsdisinf'], ['kb', 'search', '--jsonl', '-', '--kb', 'snopes,euvsdisinf', '--lexical']]) {
    const typo = run([...args, '--db', kbPath]);
    assert.equal(typo.status, 2, typo.stdout);
    assert.match(typo.stderr, /no catalogue named "euvsdisinf" .*holds euvsdisinfo, politifact, snopes, ukraine-war/);
  }
});

// A KB made by an import held only its entries, and analyze then never built the catalogues.
test('kb import into a missing knowledge base builds it from the data first, then adds the entries', () => {
  const path = join(dir, 'import-first.sqlite');
  const file = join(dir, 'import-first.jsonl');
  writeFileSync(file, JSON.stringify({ id: 'wells', title: 'Velmora poisons Dresk wells', kb: 'toy-checks' }) + '\n');
  const r = run(['kb', 'import', '--format', 'jsonl', file, '--db', path], { UNSPIN_DATA: DATA });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /no knowledge base at .*; building it from/);
  const info = run(['kb', 'info', '--db', path]);
  assert.match(info.stdout + info.stderr, /euvsdisinfo/);
  assert.match(info.stdout + info.stderr, /toy-checks/);
});

test('match and /v1/match list the nearest candidates of a claim too short for a report, but never as what a report shows', () => {
  // An entry as short as the claims the audit looked up ("Crimea is Russian"): the toy KB's
  // entries are long, and a short query scores under the threshold against them.
  const path = join(dir, 'short.sqlite');
  buildKb(DATA, path);
  const file = join(dir, 'short.jsonl');
  writeFileSync(file, JSON.stringify({ id: 'wells', title: 'Velmora poisons Dresk wells', kb: 'toy-checks' }) + '\n');
  assert.equal(run(['kb', 'import', '--format', 'jsonl', file, '--db', path]).status, 0);
  const json = (claim: string) => JSON.parse(run(['match', claim, '--db', path, '-f', 'json']).stdout);
  const long = json('Velmora poisons Dresk wells');
  assert.deepEqual([long.contentWords, long.matches[0].id, long.matches[0].reported], [4, 'wells', true], 'four content words: looked up as a report does');
  const short = json('Velmora poisons wells');
  assert.equal(short.matches[0].id, 'wells', 'still listed');
  assert.ok(short.matches[0].aboveThreshold, JSON.stringify(short.matches[0]));
  assert.equal(short.matches[0].reported, false);
  assert.deepEqual([short.contentWords, short.minContentWords], [3, 4]);
  assert.deepEqual(MatchResponseSchema.parse(short), short);
  const text = run(['match', 'Velmora poisons wells', '--db', path]).stdout;
  assert.match(text.split('\n')[0]!, /^A report looks up only sentences with at least 4 content words, and this claim has 3, so a report would show none of these; nearest candidates:$/);
  assert.doesNotMatch(text, /as a report shows it/);
  const api = loadMatcher(DEFAULT_MODEL_DIR, path)!.match({ text: 'Velmora poisons wells' });
  assert.deepEqual(api.matches.map((m) => [m.id, m.reported]).slice(0, 1), [['wells', false]]);
});

test('match with no candidate at all says so in one line', () => {
  const r = run(['match', 'Zzyzx qwv', '--db', kbPath]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'No candidates at all: the claim shares no words with the knowledge base.\n');
});

test('analyze without a KB or data still runs and notes it once', () => {
  const article = join(dir, 'a.txt');
  writeFileSync(article, ARTICLE);
  const r = run(['analyze', article, '-f', 'json', '-c', 'narratives,source', '--url', 'https://example-news.com/x'], {
    UNSPIN_KB: join(dir, 'missing.sqlite'), UNSPIN_DATA: join(dir, 'no-data'),
  });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  // Not looked up is not "no match" nor "in no source list": both layers are absent or null.
  assert.equal(report.narratives, undefined);
  assert.equal(report.source, null);
  assert.deepEqual(report.notes, [NO_KB_NOTE]);
});

// Real KB (CI builds it before the tests): an invented article repeating a catalogued claim.
const REAL_KB = defaultKbPath();
test('real KB: an unseen article repeating a catalogued pro-Kremlin claim gets that case as top match, and nothing else', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  const text = `Holiday season ruined on the coast

Local business owners on the coast say this summer has been the worst in memory. According to a commentary broadcast on Tuesday, Sweden has turned a popular resort island into an army shooting range, and the tourists are now staying away. The owner of a small hotel said bookings had fallen by half since May. A ferry operator added that the timetable would be cut in the autumn.`;
  const doc = Doc.fromText(text);
  apply(narrativesComponent(real), doc);
  const n = doc.layers.narratives!;
  assert.equal(n.length, 1, JSON.stringify(n.map((x) => [x.claim.text, x.matches[0]?.id])));
  assert.match(n[0]!.claim.text, /resort island/);
  assert.equal(n[0]!.matches[0]!.id, 'sweden-turns-resort-island-into-a-military-shooting-range-scaring-away-the-tourists');
  assert.ok(n[0]!.matches[0]!.url?.startsWith('https://euvsdisinfo.eu/'));
  assert.ok(n[0]!.matches[0]!.outlets, 'the outlets the case ran in');
});

test('a heading or link line in the body is not looked up; the title and sentences are', () => {
  assert.ok(isHeading('Related: The Biggest Unsolved Mysteries in Physics'));
  assert.ok(isHeading('WOMEN’S MOVEMENTS AROUND THE WORLD'));
  assert.ok(!isHeading('Sweden has turned a holiday island into a shooting range.'));
  assert.ok(!isHeading('the West wants war'), 'mostly lower case');
  const doc = Doc.fromText('Velmora Labs Breed Mosquitoes As Weapons\n\nOfficials met on Tuesday to discuss the harvest.\nRelated: Velmora Labs Breed Mosquitoes As Weapons Again\nLabs in Velmora breed mosquitoes as weapons, the minister said.');
  const texts = claimsToMatch(doc).map((c) => c.text);
  assert.ok(texts.includes('Velmora Labs Breed Mosquitoes As Weapons'), 'the title stays');
  assert.ok(!texts.some((t) => t.startsWith('Related:')), JSON.stringify(texts));
  assert.ok(texts.some((t) => t.startsWith('Labs in Velmora')));
});

test('with a claims layer: the title, the claims, then other sentences while places are left (MAX_CLAIMS)', () => {
  const sentences = Array.from({ length: 12 }, (_, i) => `Velmora officials met visitors number ${i + 1} in the northern valley today.`);
  const doc = Doc.fromText(`Velmora Labs Breed Mosquitoes As Weapons\n\n${sentences.join(' ')}`);
  const body = doc.bodySentences;
  // Two claims, scored as the claims component would list them; the rest are under its threshold.
  doc.set('claims', [10, 3].map((i, k) => ({ start: body[i]!.start, end: body[i]!.end, text: doc.slice(body[i]!), score: 0.9 - k / 10 })));
  const texts = claimsToMatch(doc).map((c) => c.text);
  assert.equal(texts[0], 'Velmora Labs Breed Mosquitoes As Weapons');
  assert.equal(texts.length, 1 + MAX_CLAIMS);
  const picked = texts.slice(1).map((t) => Number(/number (\d+)/.exec(t)![1]) - 1);
  // Claims 3 and 10, then sentences 0, 1, 2, 4, 5, 6 in text order; all in text order.
  assert.deepEqual(picked, [0, 1, 2, 3, 4, 5, 6, 10]);
});

/** An article whose 8 places go to claims about the harvest, with `late` as its last sentence but one. */
function longArticle(late: string, title = 'Harvest season in Velmora'): Doc {
  const filler = Array.from({ length: 12 }, (_, i) => `Velmora officials reported harvest figure number ${i + 1} for the northern valley today.`);
  const doc = Doc.fromText(`${title}\n\n${[...filler, late, 'The weather stayed dry all week.'].join(' ')}`);
  const body = doc.bodySentences;
  doc.set('claims', body.slice(0, MAX_CLAIMS).map((b, i) => ({ start: b.start, end: b.end, text: doc.slice(b), score: 0.9 - i / 100 })));
  return doc;
}

test('beyond the 8 places, a sentence with most of the words an entry states is looked up; one that only mentions its subject is not', () => {
  const restating = 'Western laboratories in Velmora breed mosquitoes as biological weapons, a commentator claimed.';
  const mentioning = 'Mosquitoes in Velmora were a nuisance at the harvest festival.';
  const rest = (late: string, floor: number | undefined) => lookUps(longArticle(late), kb.searcher!, floor).filter((l) => l.rest).map((l) => l.text);
  assert.deepEqual(rest(restating, REST_MIN_ENTRY_COVER), [restating]);
  assert.deepEqual(rest(mentioning, REST_MIN_ENTRY_COVER), []);
  assert.deepEqual(rest(restating, undefined), [], 'a calibration without the floor (an older model) looks up no more');
  assert.ok(!claimsToMatch(longArticle(restating)).some((c) => c.text === restating), 'the 8 places are taken');
  const doc = longArticle(restating);
  apply(narrativesComponent({ ...kb, calibration: { ...kb.calibration, threshold: TOY_THRESHOLD, restMinEntryCover: REST_MIN_ENTRY_COVER } }), doc);
  const n = doc.layers.narratives!.find((x) => x.claim.text === restating);
  assert.equal(n?.matches[0]?.id, 'western-labs-in-velmora-breed-mosquitoes-as-weapons', JSON.stringify(doc.layers.narratives));
});

test('a quoted tweet\'s link and signature line is not looked up: its words are counted after cleaning', () => {
  const doc = Doc.fromText('Minister speaks\n\nLabs in Velmora breed mosquitoes as weapons, the minister said.\npic.twitter.com/x7Qr2mPz9 — Anna Petrova (@apetrova_velmora) March 3, 2020');
  const texts = claimsToMatch(doc).map((c) => c.text);
  assert.ok(texts.some((t) => t.startsWith('Labs in Velmora')), JSON.stringify(texts));
  assert.ok(!texts.some((t) => t.includes('pic.twitter.com')), JSON.stringify(texts));
});

test('real KB: the bundled sample (the README\'s first command) shows its bioweapons claim as a known EUvsDisinfo case', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, async () => {
  const pipeline = await createPipeline({ components: ['claims', 'narratives'], kbPath: REAL_KB });
  const doc = pipeline.run(pipeline.makeDoc({ text: readFileSync(SAMPLE, 'utf8') }));
  const n = doc.layers.narratives!;
  const bio = n.find((x) => /biological weapons/.test(x.claim.text));
  assert.ok(bio, JSON.stringify(n.map((x) => x.claim.text)));
  assert.equal(bio.matches[0]!.id, 'the-us-develops-biological-weapons-in-ukrainian-laboratories');
});

test('real KB: a sentence that names a catalogued claim to refute it shows the case, marked with the words that refute it', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, async () => {
  const pipeline = await createPipeline({ components: ['claims', 'narratives'], kbPath: REAL_KB });
  const text = 'Laboratory claims\n\nThe minister spoke to reporters on Monday. There is no evidence that the United States runs secret biological laboratories in Ukraine. Another speaker said the United States runs secret biological laboratories in Ukraine.\n';
  const n = pipeline.run(pipeline.makeDoc({ text })).layers.narratives!;
  const refuting = n.find((x) => x.claim.text.startsWith('There is no evidence'));
  const repeating = n.find((x) => x.claim.text.startsWith('Another speaker'));
  assert.ok(refuting && repeating, JSON.stringify(n.map((x) => x.claim.text)));
  assert.equal(refuting.refutes?.text, 'There is no evidence that');
  assert.equal(text.slice(refuting.refutes!.start, refuting.refutes!.end), 'There is no evidence that');
  assert.equal(repeating.refutes, undefined);
  assert.match(refuting.matches[0]!.title, /bio/i);
});

test('real KB: a catalogued claim past an article\'s 8 places is shown with its case, and the article\'s other sentences show nothing', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  assert.equal(real.calibration.restMinEntryCover, REST_MIN_ENTRY_COVER, 'the trained calibration carries the floor');
  const late = 'In the same broadcast, the host repeated that Sweden had turned a resort island into a military shooting range and scared the tourists away.';
  const doc = longArticle(late);
  apply(narrativesComponent(real), doc);
  const n = doc.layers.narratives!;
  assert.deepEqual(n.map((x) => x.claim.text), [late], JSON.stringify(n.map((x) => [x.claim.text, x.matches[0]?.id])));
  assert.equal(n[0]!.matches[0]!.id, 'sweden-turns-resort-island-into-a-military-shooting-range-scaring-away-the-tourists');
});

test('real KB: a three-word claim past the 8 places, and a three-word title, are shown with their cases', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  const doc = longArticle('NATO supports ISIS.', 'Crimea was reunited with Russia');
  assert.ok(!claimsToMatch(doc).some((c) => c.text === 'NATO supports ISIS.' || c.text === 'Crimea was reunited with Russia'), 'too short for the 8 places');
  apply(narrativesComponent(real), doc);
  // EUvsDisinfo files several cases under either title; the one shown carries it.
  const shown = Object.fromEntries(doc.layers.narratives!.map((x) => [x.claim.text, `${x.matches[0]!.kb}: ${x.matches[0]!.title}`]));
  assert.deepEqual(shown, { 'Crimea was reunited with Russia': 'euvsdisinfo: Crimea was reunited with Russia', 'NATO supports ISIS.': 'euvsdisinfo: NATO supports ISIS' });
});

test('clausesOf: a sentence joining claims of its own splits into them; lists and short pieces do not', () => {
  const pieces = (t: string) => clausesOf(t).map((c) => t.slice(c.start, c.end));
  assert.deepEqual(pieces('The bridge was closed for repairs, and the ferry doubled its crossings.'), ['The bridge was closed for repairs', 'the ferry doubled its crossings.']);
  assert.deepEqual(pieces('The council raised parking fees; shop owners have seen fewer people come into town.'), ['The council raised parking fees', 'shop owners have seen fewer people come into town.']);
  assert.deepEqual(pieces('The mayor listed her priorities: new bus lanes; cheaper school meals; longer library hours.'), [], 'no finite verb in the list items');
  assert.deepEqual(pieces('Rents rose, but wages in the valley towns fell behind prices.'), [], 'a piece of under 3 content words stays with the next');
  assert.deepEqual(pieces('The harbour reopened in spring, and the director of the port authority, Ilse Marr.'), [], 'a name joined by ", and" is no clause');
  assert.deepEqual(pieces('The farmers and the millers met on Tuesday.'), [], 'a bare "and" joins no clauses');
  assert.deepEqual(pieces('The talks ended in March, and the United Nations observers in the valley.'), [], '"United" is no verb in -ed');
});

test('real KB: a sentence joining two claims shows the case of the one it repeats, with the clause as the claim', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  const sentence = 'Ukraine is a failed state run by neo-Nazis, and Zelensky is a puppet of the West.';
  assert.equal(real.searcher!.search(sentence, lookUpOptions(real.calibration, false)).length, 0, 'the whole sentence shows no case (cover under 0.4)');
  const doc = Doc.fromText(`Opinion\n\n${sentence}`);
  apply(narrativesComponent(real), doc);
  const n = doc.layers.narratives!;
  // Each clause shows the case it repeats (until the reports' profile kept words in up to 5% of
  // entries, not 1%, the first clause's case led its list at 0.48, under the threshold).
  assert.deepEqual(n.map((x) => x.claim.text), ['Ukraine is a failed state run by neo-Nazis', 'Zelensky is a puppet of the West.'], JSON.stringify(n));
  for (const x of n) {
    assert.equal(doc.slice(x.claim), x.claim.text, 'offsets point at the clause');
    assert.equal(x.matches[0]!.kb, 'euvsdisinfo');
  }
  assert.match(n[0]!.matches[0]!.title, /neo-Nazis/);
  assert.match(n[1]!.matches[0]!.title, /Zelensky .*puppets/);
});

test('real KB: a clause too short to be looked up alone shows a case only when it states most of its words', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  // "Western politicians applaud them" (3 content words) had shown "Western politicians are
  // demonising Russia and are russophobes" (0.64): two of that case's five words.
  const doc = Doc.fromText('Opinion\n\nIts battalions openly march under Nazi symbols, yet Western politicians applaud them.');
  apply(narrativesComponent(real), doc);
  assert.deepEqual(doc.layers.narratives!.map((x) => x.claim.text), []);
  // A short clause that states its case still shows it ("Crimea was reunited with Russia", 3
  // content words), where the whole sentence, mostly about other things, shows nothing.
  const joined = Doc.fromText('Opinion\n\nNegotiators in Geneva argued for hours about grain corridors, prisoner exchanges and shipping insurance, and Crimea was reunited with Russia.');
  apply(narrativesComponent(real), joined);
  assert.deepEqual(joined.layers.narratives!.map((x) => `${x.claim.text} -> ${x.matches[0]!.title}`), ['Crimea was reunited with Russia. -> Crimea was reunited with Russia']);
});

test('real KB: a claim that writes "biolabs" and "bioweapons" shows a case that writes "biological laboratories" or "bio-labs"', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  const { sets } = JSON.parse(readFileSync(new URL('./fixtures/word-forms.json', import.meta.url), 'utf8')) as { sets: Array<{ name: string; cases: string[] }> };
  const cases = sets.find((s) => s.name === 'biolabs')!.cases;
  // Before word forms both showed nothing: top matches "Pentagon's biolabs in Armenia ..." (0.08) and "The main goal of American bio-labs ..." (0.38).
  // Since the re-ranker also trains on paraphrases (2026-11-28), the first shows "The Pentagon purchased equipment for secret
  // biolaboratories ..." (0.76, a case of the narrative, not on the fixture's list) above its case "Secret American bio-labs in
  // Ukraine" (0.70): what is asserted is that the report shows a case of its claim, written in another form.
  for (const claim of ['The Pentagon operates secret biolabs in Ukraine.', 'US-funded labs in Ukraine were working on bioweapons.']) {
    const shown = real.searcher!.search(claim, lookUpOptions(real.calibration, false));
    assert.ok(shown.some((m) => cases.includes(`${m.entry.kb}:${m.entry.id}`)), `${claim} -> ${shown.map((m) => m.entry.title).join(' | ')}`);
  }
});

test('real KB: a claim that names "Kyiv" shows a case that names "Kiev"', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  // Before transliterations were read in one form, its case was the top match (0.96) and the name rule hid it.
  const [m] = real.searcher!.search('Kyiv refuses to pay its national debt.', lookUpOptions(real.calibration, false));
  assert.equal(m?.entry.id, 'kiev-refuses-to-pay-its-official-national-debt');
});

test('real KB: a claim that names "the United States" or "America" shows a case that says "US", not one on something else', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  // Before names were read in one form, "US" was the stop word "us": the first showed nothing
  // (its top candidate was a case on Kennedy's assassination and 9/11, 0.09), and the second
  // showed "Europe is occupied by Islamists" (0.95).
  const [m] = real.searcher!.search('The United States organised the September 11 attacks itself.', lookUpOptions(real.calibration, false));
  assert.match(m?.entry.id ?? '', /^the-911-attacks-were-organised-by-the-us/, m?.entry.title);
  const [other] = real.searcher!.search('Europe is occupied by America.', lookUpOptions(real.calibration, false));
  assert.ok(!other || /\b(US|America)/.test(other.entry.title), other?.entry.title);
});

test('real KB: a PolitiFact statement that names none of the claim\'s names is not shown, however many words they share', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  assert.ok(real.calibration.namedKbs?.includes('politifact'));
  // Before PolitiFact had the name rule: "Texas is growing twice as fast as the rest of the country." (0.80, cover 0.58).
  const shown = real.searcher!.search('The Arctic is now warming twice as fast as the rest of the world.', lookUpOptions(real.calibration, false));
  assert.deepEqual(shown.map((m) => m.entry.title), []);
});

test('real KB: a one-claim look-up (`unspin match`, POST /v1/match) shows the score a report shows', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  const doc = Doc.fromText('Lab rumours\n\nThe United States develops biological weapons in secret laboratories in Ukraine, the minister said.');
  apply(narrativesComponent(real), doc);
  const shown = doc.layers.narratives![0]!;
  const looked = loadMatcher(DEFAULT_MODEL_DIR, REAL_KB)!.match({ text: shown.claim.text });
  assert.equal(looked.matches[0]!.id, shown.matches[0]!.id);
  assert.equal(looked.matches[0]!.score, shown.matches[0]!.score);
  assert.equal(looked.matches[0]!.aboveThreshold, true);
  assert.equal(looked.matches[0]!.reported, true);
});

test('real KB: a claim framed by its speaker ("the analyst argued that ...") still gets its EUvsDisinfo case as top match, far ahead of the rest', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  // Framing words dilute the overlap (models/narratives/NOTES.md, Limits): this claim has scored 0.73 against
  // a threshold of 0.68, 0.61 against 0.72, 0.79 against 0.61 (weighted disinformation
  // calibration, query memory) and 0.74 against 0.51 (tied ranks) as the model changed; so this
  // pins the ranking, not the threshold.
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  const claim = 'In a televised interview, the analyst argued that NATO intends to build the twenty-first century on the ruins of Russia.';
  const [first, second] = real.searcher!.search(claim, { top: 2, ...ARTICLE_PROFILE });
  assert.equal(first!.entry.id, 'tbc-the-twenty-first-century-will-be-built-on-the-ruins-of-russia');
  assert.ok(first!.score > 0.5 && first!.score > 20 * (second?.score ?? 0), `${first!.score} vs ${second?.score}`);
});

test('real KB: a sentence that only mentions a fact-check\'s subject is not shown as repeating it, though it scores above the threshold', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  // The re-ranker scores this above the threshold for a Snopes entry about koalas and the
  // bushfires, but the entry has only about a third of the sentence's words (calibration's minCover).
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  // (Reworded on 2026-11-28, when a recalibration put the earlier sentence at 0.608, under the threshold of 0.61.)
  const sentence = 'Wildlife officials in New South Wales said the koalas rescued from the bushfires in Australia are recovering at local hospitals and sanctuaries.';
  const { threshold, minCover } = real.calibration;
  assert.equal(minCover, MIN_SHOWN_COVER, 'the trained calibration carries the cover floor');
  const [byScore] = real.searcher!.search(sentence, { top: 1, minScore: threshold, ...ARTICLE_PROFILE });
  assert.ok(byScore && byScore.cover < minCover, `expected a match above ${threshold} with a low cover, got ${JSON.stringify(byScore && [byScore.entry.title, byScore.score, byScore.cover])}`);
  const doc = Doc.fromText(`Rescue centre busy\n\n${sentence} Volunteers have fed them every day since January.`);
  apply(narrativesComponent(real), doc);
  assert.deepEqual(doc.layers.narratives, []);
});

test('the disinformation KBs and Snopes carry their own calibration, and the re-ranker applies it per candidate', () => {
  const cal = kb.calibration;
  assert.ok(cal.kbs?.euvsdisinfo && cal.kbs['ukraine-war'] && cal.kbs.snopes, 'calibration.json has per-KB parameters');
  assert.ok(!cal.kbs.politifact, 'PolitiFact keeps the parameters fitted on Snopes dev');
  const reranker = kb.searcher!.scorer as Reranker;
  const hits = kb.searcher!.retrieve('Western labs in Velmora breed mosquitoes as bioweapons');
  const cands = kb.searcher!.candidatesOf(hits);
  const q = analyse(cleanQuery('Western labs in Velmora breed mosquitoes as bioweapons'), kb.searcher!.df);
  const raw = reranker.raw(q, cands)[0]!;
  const { a, b } = cal.kbs.euvsdisinfo;
  assert.equal(cands[0]!.kb, 'euvsdisinfo');
  assert.ok(Math.abs(reranker.score(q, cands)[0]! - sigmoid(a * logit(raw) + b)) < 1e-12);
});

test('real KB: the cover and name floors give the matches an unfloored search would keep, in the same order with the same scores', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  // Search skips scoring a claim none of whose candidates can pass the floors (search.ts, show-rules.ts); this
  // checks that the shortcut changes nothing a report shows, on claims that keep matches and on
  // claims that do not.
  const real = kbHandle({ modelDir: DEFAULT_MODEL_DIR, kbPath: REAL_KB });
  const { threshold, minCover, namedKbs } = real.calibration;
  const claims = [
    'Sweden has turned a popular resort island into an army shooting range, and the tourists are now staying away.',
    'The United States develops biological weapons in secret laboratories in Ukraine, the minister said.',
    'In a televised interview, the analyst argued that NATO intends to build the twenty-first century on the ruins of Russia.',
    'Officials confirmed that the koalas rescued from the bushfires in New South Wales are recovering.',
    'The owner of a small hotel said bookings had fallen by half since May.',
  ];
  const key = (ms: Array<{ entry: { kb: string; id: string }; score: number; cover: number }>) => ms.map((m) => `${m.entry.kb}/${m.entry.id} ${m.score} ${m.cover}`);
  let kept = 0, skipped = 0;
  for (const claim of claims) {
    const all = real.searcher!.search(claim, { ...ARTICLE_PROFILE, top: ARTICLE_PROFILE.candidates });
    const floored = real.searcher!.search(claim, { ...ARTICLE_PROFILE, top: 5, minScore: threshold, minCover });
    assert.deepEqual(key(floored), key(all.filter((m) => m.score >= threshold && m.cover >= minCover!).slice(0, 5)), claim);
    const named = real.searcher!.search(claim, { ...ARTICLE_PROFILE, top: 5, minScore: threshold, minCover, namedKbs });
    assert.deepEqual(key(named), key(floored).filter((k) => key(named).includes(k)), 'the name rule only removes matches');
    if (all.length && !floored.length) skipped++;
    if (named.length) kept++;
  }
  assert.ok(kept >= 2 && skipped >= 1, `kept ${kept}, skipped ${skipped}`);
});

test('real KB: kb search\'s semantic stage finds a fact-check worded unlike the query, far above what --lexical scores it', { skip: !existsSync(REAL_KB) && 'no KB built (run `unspin kb build`)' }, () => {
  // Written for this test, in other words than Snopes' "Are Hazmat Suits Needed to Install 5G
  // Cellphone Towers?" (id 6923): "phone masts" for "5G towers", "protective suits" for "hazmat suits".
  const q = join(dir, 'semantic.jsonl');
  writeFileSync(q, JSON.stringify({ id: 'masts', text: 'Workers putting up the new mobile phone masts have to wear protective radiation suits, what are they not telling us' }) + '\n');
  const matches = (args: string[]): Array<{ kb: string; id: string; score: number }> => {
    const r = run(['kb', 'search', '--jsonl', q, '--top', '3', '--db', REAL_KB, ...args]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout).matches;
  };
  const [top, next] = matches([]);
  assert.deepEqual([top!.kb, top!.id], ['snopes', '6923']);
  assert.ok(top!.score > 5 * next!.score, JSON.stringify([top, next]));
  // Lexically the two share few words: 6923 scores a fraction of that, level with unrelated entries.
  const lexical = matches(['--lexical']).find((m) => m.id === '6923')?.score ?? 0;
  assert.ok(top!.score > 5 * lexical, `semantic ${top!.score}, lexical ${lexical}`);
});

test('a match shows its copies in the report (valid by the report schema) only when it has some', () => {
  const e = { kb: 'snopes', id: '2', claim: 'The mayor said "taxes will triple" next year.', title: 'Did the Mayor Say Taxes Will Triple?' };
  const withCopies = toMatch(e, 0.8, ['904']);
  assert.deepEqual(withCopies.copies, ['904']);
  assert.ok(!('copies' in toMatch(e, 0.8)));
  assert.deepEqual(NarrativeMatchSchema.parse(withCopies).copies, ['904']);
});

test('a match names who made the claim and the outlets a case ran in, clipped, and the text report shows them', () => {
  const outlets = Array.from({ length: 40 }, (_, i) => `Example Outlet ${i}`).join(', ');
  const m = toMatch({ kb: 'euvsdisinfo', id: 'c', title: 'Velmora breeds mosquitoes', outlets, speaker: 'A. Blogger' }, 0.9);
  assert.equal(m.speaker, 'A. Blogger');
  assert.ok(m.outlets!.startsWith('Example Outlet 0, ') && m.outlets!.length <= 200 && m.outlets!.endsWith('…'), m.outlets!);
  const bare = toMatch({ kb: 'snopes', id: '2', title: 'Did the Mayor Say Taxes Will Triple?' }, 0.8);
  assert.deepEqual([bare.speaker, bare.outlets], [null, null]);
  const said = 'Velmora breeds mosquitoes as weapons, the blog said.';
  const report = ReportSchema.parse({ version: '1', title: null, sentences: [], techniques: [], narratives: [{ claim: { start: 0, end: 36, text: said.slice(0, 36) }, matches: [m] }] });
  const text = renderTerminal(said, report, { color: false });
  assert.match(text, /said by: A\. Blogger; outlets: Example Outlet 0, Example Outlet 1/);
});

test('paraphrase fixtures: calibration and held-out sets share no entry, and no sentence copies the claim it paraphrases', () => {
  const read = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; text: string });
  const snopes = new Map(loadSnopes(defaultDataRoot()).map((e) => [e.id, e]));
  // Every EUvsDisinfo file against every later one: training, calibration, then the held-out ones.
  const disinfo = ['euvsdisinfo-train.jsonl', 'euvsdisinfo-calibration.jsonl', 'euvsdisinfo-calibration-2.jsonl', 'euvsdisinfo-calibration-3.jsonl', 'euvsdisinfo-paraphrases.jsonl', 'euvsdisinfo-paraphrases-2.jsonl', 'euvsdisinfo-articles.jsonl', 'euvsdisinfo-articles-2.jsonl'];
  const pairs = [['snopes-calibration.jsonl', 'snopes-paraphrases.jsonl'], ...disinfo.flatMap((fit, i) => disinfo.slice(i + 1).map((held) => [fit, held]))];
  for (const [fit, held] of pairs as Array<[string, string]>) {
    const a = read(fit), b = read(held);
    assert.ok(a.length >= 20 && b.length >= 20);
    const ids = new Set(a.map((p) => p.id));
    assert.deepEqual(b.filter((p) => ids.has(p.id)).map((p) => p.id), [], `${fit} and ${held} overlap`);
    if (!fit.startsWith('snopes') || !snopes.size) continue;
    for (const p of [...a, ...b]) {
      const e = snopes.get(p.id);
      assert.ok(e, `Snopes has no entry ${p.id}`);
      assert.notEqual(p.text.toLowerCase(), (e.claim ?? '').toLowerCase());
    }
  }
});

test('a match repeats a paraphrased case when it is the case, one filed under its title up to case and white space, one `same` names, or one judged the same claim', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE entries (rid INTEGER PRIMARY KEY, kb TEXT, id TEXT, title TEXT)');
  const add = db.prepare('INSERT INTO entries (kb, id, title) VALUES (?, ?, ?)');
  for (const [kb, id, title] of [['euvsdisinfo', 'a', 'Velmora is falling apart. It has split into three parts.'], ['euvsdisinfo', 'a-2', 'velmora is falling apart. It has split into\nthree  parts.'], ['euvsdisinfo', 'c', 'Velmora is falling apart'], ['euvsdisinfo', 'd', 'Velmora breeds mosquitoes'], ['ukraine-war', '7', 'Velmora has split']]) add.run(kb, id, title);
  const file = join(dir, 'same-claims.jsonl');
  writeFileSync(file, [{ a: 'a', b: 'ukraine-war:7', label: 'same' }, { a: 'a', b: 'euvsdisinfo:c', label: 'related' }].map((j) => JSON.stringify(j)).join('\n') + '\n');
  const repeats = repeatsCase(db as never, judgedSameClaims(file));
  const p = { id: 'a' };
  assert.deepEqual([repeats(p, { kb: 'euvsdisinfo', id: 'a' }), repeats(p, { kb: 'euvsdisinfo', id: 'a-2' }), repeats(p, { kb: 'ukraine-war', id: '7' })], [true, true, true]);
  // Judged related, not the same claim; another catalogue's id that happens to be equal.
  assert.deepEqual([repeats(p, { kb: 'euvsdisinfo', id: 'c' }), repeats(p, { kb: 'euvsdisinfo', id: 'd' }), repeats(p, { kb: 'snopes', id: 'a' })], [false, false, false]);
  assert.equal(repeats({ id: 'a', same: ['d'] }, { kb: 'euvsdisinfo', id: 'd' }), true);
  assert.equal(judgedSameClaims(join(dir, 'missing.jsonl')).size, 0);
});

test('a look-up marks what a report would show: over the threshold and with the cover a report needs', () => {
  const entry = (id: string) => ({ kb: 'euvsdisinfo', id, title: `Velmora case ${id}` }) as never;
  const matches = [
    { entry: entry('a'), score: 0.9, cover: 0.6, copies: [] },
    { entry: entry('b'), score: 0.93, cover: 0.35, copies: [] },
    { entry: entry('c'), score: 0.5, cover: 0.9, copies: [] },
  ];
  const answer = lookUpAnswer('Labs in Velmora breed mosquitoes.', 4, matches, { threshold: 0.61, minCover: 0.4 });
  assert.equal(answer.minCover, 0.4);
  assert.deepEqual(answer.matches.map((m) => [m.id, m.aboveThreshold, m.reported, m.cover]), [['a', true, true, 0.6], ['b', true, false, 0.35], ['c', false, false, 0.9]]);
  assert.doesNotThrow(() => MatchResponseSchema.parse(answer));
  // A claim too short for a report to look up: the same candidates, none of them reported.
  const short = lookUpAnswer('Velmora mosquitoes.', 2, matches, { threshold: 0.61, minCover: 0.4 });
  assert.deepEqual([short.contentWords, short.minContentWords], [2, 4]);
  assert.deepEqual(short.matches.map((m) => [m.id, m.aboveThreshold, m.reported]), [['a', true, false], ['b', true, false], ['c', false, false]]);
  assert.equal(answer.refutes, undefined);
  // A claim named to be refuted says so, as a report does.
  const refuting = lookUpAnswer('It is false that labs in Velmora breed mosquitoes.', 5, matches, { threshold: 0.61, minCover: 0.4 });
  assert.deepEqual(refuting.refutes, { start: 0, end: 16, text: 'It is false that' });
  assert.doesNotThrow(() => MatchResponseSchema.parse(refuting));
});
