import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Synonyms, wordNetDir } from './synonyms.ts';
import { DF_BITS, wordKey } from './keys.ts';
import { countKeys } from './entryfeatures.ts';
import { toVec } from './features.ts';
import { fileURLToPath } from 'node:url';
import { buildKb } from './build.ts';
import { openKb } from './db.ts';
import { KbSearcher } from './search.ts';
import { ARTICLE_PROFILE, SYNONYM_COVER, SYNONYMS_COMPLETE, kbSearchOptions } from './search-options.ts';
import { bm25Scorer, type Scorer } from './scorer.ts';
import { Reranker } from './reranker.ts';

/** A WordNet dict folder in the data files' format, with a few invented synsets. */
function tinyWordNet(extra: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'unspin-wordnet-'));
  const header = '  1 This header stands in for the licence lines that start every data file.\n';
  writeFileSync(join(dir, 'data.noun'), header + [
    '00000001 06 n 03 weapon 0 arm 0 weapon_system 0 000 | an instrument of attack',
    '00000002 05 n 01 cat 0 000 | a small animal (one word: no synonym)',
    '00000003 14 n 02 accord 0 agreement 0 000 | a written settlement',
    '00000005 06 n 02 laboratory 0 lab 0 000 | a place for experiments',
    ...extra,
  ].join('\n') + '\n');
  writeFileSync(join(dir, 'data.verb'), header + '00000004 35 v 02 station 0 place 0 000 | assign to a post\n00000006 36 v 02 breed 0 raise 0 000 | keep and multiply\n');
  writeFileSync(join(dir, 'data.adj'), header);
  writeFileSync(join(dir, 'data.adv'), header);
  return dir;
}

const idf = new Float64Array(1 << DF_BITS).fill(1);
const vec = (words: string[]) => toVec(countKeys(words.map(wordKey)), idf);

test('words that share a synset are synonyms, in their inflected forms too', () => {
  const s = Synonyms.fromWordNet(tinyWordNet());
  assert.ok(s.synonymous('arms', 'weapons'), 'plural of both lemmas');
  assert.ok(s.synonymous('stationed', 'placing'), 'verb forms');
  assert.ok(s.synonymous('accords', 'agreement'));
  assert.ok(!s.synonymous('cat', 'weapon'));
  assert.ok(!s.synonymous('arms', 'agreement'));
  // A multi-word lemma ("weapon_system") is left out; a one-word synset gives no synonyms.
  assert.ok(!s.synonymous('cat', 'cats'));
});

test('a word in too many synsets gets none', () => {
  const many = Array.from({ length: 3 }, (_, i) => `0000010${i} 04 n 02 set 0 thing${'abc'[i]} 0 000 | sense ${i}`);
  const s = Synonyms.fromWordNet(tinyWordNet(many), 2);
  assert.ok(!s.synonymous('set', 'thinga'));
  assert.ok(Synonyms.fromWordNet(tinyWordNet(many), 3).synonymous('set', 'thinga'));
});

test('soft counts the claim words an entry lacks but has a synonym of, by weight', () => {
  const s = Synonyms.fromWordNet(tinyWordNet());
  const claim = vec(['poland', 'station', 'nuclear', 'arms']);
  const entry = vec(['poland', 'place', 'nuclear', 'weapons', 'territory']);
  assert.equal(s.soft(claim, entry, idf), 0.5, '"station" and "arms" of four equally weighted words');
  // A word the entry has itself is not counted again, and an entry without synonyms adds nothing.
  assert.equal(s.soft(claim, vec(['poland', 'station', 'arms', 'weapons']), idf), 0);
  assert.equal(s.soft(claim, vec(['cat', 'territory']), idf), 0);
  // Another query after the first: nothing of the first one's marks is left.
  assert.equal(s.soft(vec(['accords', 'cat']), entry, idf), 0);
  assert.equal(s.soft(vec(['accords', 'cat']), vec(['agreement']), idf), 0.5);
});

test('the table survives a save and a load', () => {
  const s = Synonyms.fromWordNet(tinyWordNet());
  const path = join(mkdtempSync(join(tmpdir(), 'unspin-synonyms-')), 'synonyms.bin');
  s.save(path);
  const back = Synonyms.load(path)!;
  assert.equal(back.size, s.size);
  assert.ok(back.synonymous('arms', 'weapons'));
  assert.equal(back.soft(vec(['station', 'cat']), vec(['place']), idf), 0.5);
  writeFileSync(path, 'not a table at all');
  assert.throws(() => Synonyms.load(path), /not a synonym table/);
  assert.equal(Synonyms.load(join(path, 'missing')), null);
});

test('the installed WordNet pairs the words restatements swap', () => {
  const s = Synonyms.fromWordNet(wordNetDir());
  for (const [a, b] of [['arms', 'weapons'], ['station', 'place'], ['regulations', 'rules'], ['accords', 'agreements'], ['globe', 'world']]) assert.ok(s.synonymous(a!, b!), `${a} / ${b}`);
  assert.ok(!s.synonymous('genocide', 'murder'));
});

test('a report\'s cover counts a word the entry has a synonym of, at the options\' weight; kb search\'s does not', () => {
  const kbPath = join(mkdtempSync(join(tmpdir(), 'unspin-synonyms-kb-')), 'kb.sqlite');
  buildKb(fileURLToPath(new URL('./fixtures/data/', import.meta.url)), kbPath);
  const db = openKb(kbPath, { readonly: true });
  const scorer: Scorer = { ...bm25Scorer, synonyms: Synonyms.fromWordNet(tinyWordNet()) };
  const s = new KbSearcher(db, scorer);
  // The case: "Western laboratories in Velmora breed mosquitoes as biological weapons".
  const id = 'western-labs-in-velmora-breed-mosquitoes-as-weapons';
  const claim = 'Western labs in Velmora raise mosquitoes as biological arms';
  const coverOf = (text: string, synonymCover?: number) => s.search(text, { ...ARTICLE_PROFILE, top: 10, synonymCover }).find((m) => m.entry.id === id)?.cover;
  const plain = coverOf(claim)!, half = coverOf(claim, 0.5)!, whole = coverOf(claim, 1)!;
  assert.ok(plain >= SYNONYMS_COMPLETE && plain < 0.7, `the claim's own words: ${plain}`);
  assert.ok(Math.abs(whole - 1) < 1e-9, `every other word has a synonym in the case: ${whole}`);
  assert.ok(Math.abs(half - (plain + 1) / 2) < 1e-9, `at half weight, half of them: ${half}`);
  // Shown under a report's floor only with synonyms counted.
  const floor = (plain + half) / 2;
  assert.ok(!s.search(claim, { ...ARTICLE_PROFILE, minCover: floor }).some((m) => m.entry.id === id));
  assert.ok(s.search(claim, { ...ARTICLE_PROFILE, minCover: floor, synonymCover: 0.5 }).some((m) => m.entry.id === id));
  // Synonyms complete a cover, they do not make one: a claim with too few of the case's own words gets none.
  const loose = 'Western officials say labs raise arms while crowds gather in Velmora and traders stockpile salt';
  const own = coverOf(loose)!;
  assert.ok(own > 0 && own < SYNONYMS_COMPLETE, `${own}`);
  assert.equal(coverOf(loose, 1), own);
  // `kb search` leaves synonyms out.
  assert.equal(kbSearchOptions(10, undefined, undefined, ['euvsdisinfo']).synonymCover, undefined);
  db.close();
});

test('the shipped model reads its synonym table, and will not load without it', () => {
  const models = fileURLToPath(new URL('../../models/narratives/', import.meta.url));
  const cal = JSON.parse(readFileSync(join(models, 'calibration.json'), 'utf8')) as { synonyms?: string; synonymCover?: number };
  assert.equal(cal.synonyms, 'synonyms.bin');
  assert.equal(cal.synonymCover, SYNONYM_COVER);
  assert.ok(Synonyms.load(join(models, 'synonyms.bin'))!.synonymous('arms', 'weapons'));
  const folder = mkdtempSync(join(tmpdir(), 'unspin-synonyms-model-'));
  copyFileSync(join(models, 'reranker.bin'), join(folder, 'reranker.bin'));
  copyFileSync(join(models, 'word-vectors.bin'), join(folder, 'word-vectors.bin'));
  writeFileSync(join(folder, 'calibration.json'), JSON.stringify(cal));
  assert.throws(() => Reranker.load(folder), /synonym table \(synonyms\.bin\), which is missing/);
  // A model without one (no name in its calibration) loads, and its reports count no synonyms.
  const { synonyms: _, synonymCover: __, ...older } = cal;
  writeFileSync(join(folder, 'calibration.json'), JSON.stringify(older));
  assert.equal(Reranker.load(folder)!.synonyms, null);
});
