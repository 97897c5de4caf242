import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKb } from './build.ts';
import { openKb } from './db.ts';
import { ENCODER_DIMS, ENCODER_NAME, encode } from './encoder.ts';
import { KbSearcher } from './search.ts';
import { Reranker, fusedLogit, logit, sigmoid } from './reranker.ts';
import { EntryVectors } from './vectors.ts';
import { QUERY_MAP_FILE, QueryMap } from './querymap.ts';
import { DEFAULT_MODEL_DIR } from '../pipeline/registry.ts';

const DATA = fileURLToPath(new URL('./fixtures/data/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unspin-vec-'));
const kbPath = join(dir, 'kb.sqlite');
buildKb(DATA, kbPath);

/** A unit vector pointing mostly along axis `k` (a little along every axis, so no value is 0). */
function axis(k: number): Float32Array {
  const v = new Float32Array(ENCODER_DIMS).fill(0.01);
  v[k] = 1;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** A seeded pseudo-random unit vector, dense like the encoder's. */
function random(seed: number): Float32Array {
  let x = seed;
  const v = Float32Array.from({ length: ENCODER_DIMS }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x / 2 ** 32 - 0.5));
  const n = Math.hypot(...v);
  return v.map((y) => y / n);
}

const SNOPES = [
  { kb: 'snopes', id: '0', title: 'Does a Photo Show a Shark on a Flooded Highway?', claim: 'A photograph shows a shark swimming on a flooded highway after the hurricane.' },
  { kb: 'snopes', id: '1', title: 'Does Hot Lemon Water Cure Colds?', claim: 'Drinking hot water with lemon cures the common cold within a day.' },
  { kb: 'snopes', id: '2', title: 'Did the Mayor Say Taxes Will Triple?', claim: 'The mayor said "taxes will triple" next year.' },
];

test('entry vectors: saved and loaded, Int8 cosines within a step of the float ones, found by kb and id', () => {
  const vecs = [1, 2, 3, 4, 5, 6].map(random);
  const v = EntryVectors.fromVectors(SNOPES, vecs);
  const path = join(dir, 'v.bin');
  v.save(path);
  const back = EntryVectors.load(path)!;
  assert.equal(back.size, 3);
  assert.equal(back.index('snopes', '2'), 2);
  assert.equal(back.index('snopes', '9'), -1);
  assert.equal(back.index('politifact', '2'), -1);
  const q = vecs[4]!;
  const [c, t] = back.cosines(q, 2);
  assert.ok(Math.abs(c - 1) < 0.01 && Math.abs(t - dot(q, vecs[5]!)) < 0.01, `${c} ${t}`);
  assert.throws(() => EntryVectors.fromVectors(SNOPES, vecs.slice(1)), /5 vectors for 6 texts/);
});

test('entry vectors: an entry whose claim is its title has one vector; files of several KBs join into one', () => {
  const one = [{ kb: 'politifact', id: '7', title: 'Taxes tripled last year.', claim: 'Taxes tripled last year.' }, { kb: 'euvsdisinfo', id: 'x', title: 'The bridge was staged', claim: null }];
  const a = EntryVectors.fromVectors(SNOPES, [1, 2, 3, 4, 5, 6].map(random));
  const b = EntryVectors.fromVectors(one, [7, 8].map(random));
  assert.throws(() => EntryVectors.fromVectors(one, [7, 8, 9].map(random)), /3 vectors for 2 texts/);
  const path = join(dir, 'semantic-test.bin');
  b.save(path);
  const both = EntryVectors.concat([a, EntryVectors.load(path)!])!;
  assert.equal(both.size, 5);
  const q = random(8);
  const [c, t] = both.cosines(q, both.index('euvsdisinfo', 'x'));
  assert.ok(Math.abs(c - 1) < 0.01 && c === t, 'claim and title are the one vector');
  assert.ok(Math.abs(both.cosines(random(5), both.index('snopes', '2'))[0] - 1) < 0.01, 'the first part keeps its vectors');
  assert.ok(Math.abs(both.cosines(random(7), both.index('politifact', '7'))[1] - 1) < 0.01, 'the second part\'s indices move past the first\'s');
  assert.throws(() => EntryVectors.concat([a, EntryVectors.fromVectors(one, [7, 8].map(random), 'another encoder')]), /different encoders/);
});

test('the sentence encoder (real weights): a paraphrase is nearer than an unrelated sentence; vectors are unit length', async () => {
  const [a, b, c, empty] = await encode([
    'NATO is secretly sending weapons to the rebels.',
    'The alliance covertly arms the insurgents.',
    'Add two cups of flour and bake for forty minutes.',
    'https://t.co/abc',
  ]);
  assert.equal(a!.length, ENCODER_DIMS);
  assert.ok(Math.abs(dot(a!, a!) - 1) < 1e-4);
  assert.ok(dot(a!, b!) > dot(a!, c!) + 0.2, `paraphrase ${dot(a!, b!)}, unrelated ${dot(a!, c!)}`);
  assert.equal(dot(empty!, empty!), 0, 'a text with nothing left after cleaning has a zero vector');
  // A pasted article (here 1 MB) is encoded by its first 2,000 characters, not all of it.
  const start = 'The council voted to close the harbour bridge for repairs next spring. '.repeat(40);
  const [huge, head] = await encode([start + 'More words follow. '.repeat(55_000), start.slice(0, 2000)]);
  assert.ok(Math.abs(dot(huge!, head!) - 1) < 1e-5);
});

test('a search given a query vector scores entries with vectors by the semantic stage, and only while their text is unchanged', () => {
  const base = Reranker.load(join(DEFAULT_MODEL_DIR, 'narratives'))!;
  const semantic = { encoder: ENCODER_NAME, claim: 10, title: 10, a: 1, b: 0 };
  const reranker = new Reranker(base.model, { ...base.calibration, semantic }, base.assoc, base.memory);
  const s = new KbSearcher(openKb(kbPath, { readonly: true }), reranker);
  const text = 'the mayor photo of a shark on the highway';
  const lexical = s.search(text, { kbs: ['snopes'] });
  assert.equal(lexical[0]!.entry.id, '0', 'lexically the shark photo leads');
  // The query's vector points where entry 2's claim does: the semantic stage lifts it to the top.
  s.useVectors(EntryVectors.fromVectors(SNOPES, [axis(0), axis(1), axis(2), axis(3), axis(4), axis(5)]));
  const q = axis(4);
  const fused = s.search(text, { kbs: ['snopes'], vector: q });
  assert.equal(fused[0]!.entry.id, '2');
  const cands = s.candidatesOf(s.retrieve(text, ['snopes']), true, q);
  const two = cands.findIndex((c) => c.rid === s.db.prepare("SELECT rid FROM entries WHERE kb='snopes' AND id='2'").pluck().get());
  const p = reranker.raw(s.analyseQuery(text), cands)[two]!;
  assert.ok(Math.abs(fused[0]!.score - sigmoid(fusedLogit(p, cands[two]!.cos!, semantic))) < 1e-9);
  assert.ok(Math.abs(fused[0]!.score - sigmoid(logit(p) + 10 * cands[two]!.cos![0] + 10 * cands[two]!.cos![1])) < 1e-9);
  assert.deepEqual(s.search(text, { kbs: ['snopes'] }), lexical, 'without a query vector the search is lexical');
  // Vectors computed from another text of entry 2 (an import replaced it) are not used.
  s.useVectors(EntryVectors.fromVectors([SNOPES[0]!, SNOPES[1]!, { ...SNOPES[2]!, title: 'Another title' }], [axis(0), axis(1), axis(2), axis(3), axis(4), axis(5)]));
  assert.equal(s.search(text, { kbs: ['snopes'], vector: q })[0]!.entry.id, '0');
});

/** A searcher over the fixture KB whose model has a semantic stage (test weights) and axis vectors for the SNOPES entries. */
function semanticSearcher() {
  const base = Reranker.load(join(DEFAULT_MODEL_DIR, 'narratives'))!;
  const reranker = new Reranker(base.model, { ...base.calibration, semantic: { encoder: ENCODER_NAME, claim: 10, title: 10, a: 1, b: 0 } }, base.assoc, base.memory);
  const s = new KbSearcher(openKb(kbPath, { readonly: true }), reranker);
  s.useVectors(EntryVectors.fromVectors(SNOPES, [axis(0), axis(1), axis(2), axis(3), axis(4), axis(5)]));
  return { s, reranker };
}

test('a search given a query vector brings in the nearest entries BM25 missed, and leaves out excluded ones', () => {
  const { s } = semanticSearcher();
  const text = 'a shark swimming on the flooded highway';
  const ids = (opts = {}) => s.search(text, { kbs: ['snopes'], vector: axis(4), ...opts }).map((m) => m.entry.id);
  assert.ok(!ids().includes('2'), 'BM25 alone does not find the mayor');
  assert.ok(ids({ nearest: 1 }).includes('2'), 'the entry nearest the vector comes in');
  const rid = s.db.prepare("SELECT rid FROM entries WHERE kb='snopes' AND id='2'").pluck().get() as number;
  assert.ok(!ids({ nearest: 1, exclude: new Set([rid]) }).includes('2'));
  assert.ok(!s.search(text, { kbs: ['politifact'], vector: axis(4), nearest: 3 }).some((m) => m.entry.kb === 'snopes'), 'only the KBs asked for');
  // A text without a content word has no nearest entries either: they would be arbitrary.
  for (const empty of ['', '   ', '!!! ...', 'the of and'])
    assert.deepEqual(s.search(empty, { vector: axis(4), nearest: 3 }), [], JSON.stringify(empty));
});

test('with a query vector, Snopes is searched on its own and other KBs\' candidates are scored in a lexical search of every KB', () => {
  const { s, reranker } = semanticSearcher();
  const text = 'The mayor said taxes will triple because the city budget doubled in two years.';
  const q = axis(4);
  const all = s.search(text, { vector: q, top: 10 });
  const byKey = (ms: typeof all) => new Map(ms.map((m) => [`${m.entry.kb}:${m.entry.id}`, m.score]));
  const alone = byKey(s.search(text, { kbs: ['snopes'], vector: q, top: 10 })), lexical = byKey(s.search(text, { top: 10 }));
  assert.ok(all.some((m) => m.entry.kb === 'snopes') && all.some((m) => m.entry.kb === 'politifact'), all.map((m) => m.entry.kb).join());
  for (const m of all) assert.equal(m.score, (m.entry.kb === 'snopes' ? alone : lexical).get(`${m.entry.kb}:${m.entry.id}`), `${m.entry.kb}:${m.entry.id}`);
  assert.deepEqual(all.map((m) => m.score), [...all.map((m) => m.score)].sort((a, b) => b - a), 'merged best first');
  // The split matters here: in one list with the PolitiFact statement, the mayor's entry scores otherwise.
  const cands = s.candidatesOf(s.retrieve(text), true, q);
  const mayor = cands.findIndex((c) => c.kb === 'snopes' && s.entry(c.rid).id === '2');
  assert.ok(mayor >= 0 && cands.some((c) => c.kb === 'politifact'));
  assert.notEqual(reranker.score(s.analyseQuery(text), cands)[mayor], alone.get('snopes:2'));
  assert.equal(s.search(text, { vector: q, top: 1 }).length, 1, 'top counts the merged list');
});

test('a search puts its query vector through the model\'s query map; a model naming a missing map has no semantic stage', () => {
  const base = Reranker.load(join(DEFAULT_MODEL_DIR, 'narratives'))!;
  const modelDir = mkdtempSync(join(tmpdir(), 'unspin-qmap-model-'));
  EntryVectors.fromVectors(SNOPES, [axis(0), axis(1), axis(2), axis(3), axis(4), axis(5)]).save(join(modelDir, 'semantic-snopes.bin'));
  const semantic = { encoder: ENCODER_NAME, claim: 10, title: 10, a: 1, b: 0, queryMap: QUERY_MAP_FILE };
  const reranker = new Reranker(base.model, { ...base.calibration, semantic }, base.assoc, base.memory, modelDir);
  assert.equal(reranker.semanticReady, false, 'the map the weights were fitted with is missing');
  // A = P - I, P swapping the first and fifth values: the map sends axis(0) to axis(4).
  const delta = new Float32Array(ENCODER_DIMS * ENCODER_DIMS);
  delta[0] = -1;
  delta[4 * ENCODER_DIMS + 4] = -1;
  delta[4] = 1;
  delta[4 * ENCODER_DIMS] = 1;
  new QueryMap(ENCODER_NAME, ENCODER_DIMS, delta).save(join(modelDir, QUERY_MAP_FILE));
  const mapped = new Reranker(base.model, { ...base.calibration, semantic }, base.assoc, base.memory, modelDir);
  assert.equal(mapped.semanticReady, true);
  // Parts from another encoder would compare unrelated vectors: no semantic stage, and why.
  const otherDir = mkdtempSync(join(tmpdir(), 'unspin-qmap-other-'));
  EntryVectors.fromVectors(SNOPES, [axis(0), axis(1), axis(2), axis(3), axis(4), axis(5)]).save(join(otherDir, 'semantic-snopes.bin'));
  new QueryMap('another encoder', ENCODER_DIMS, delta).save(join(otherDir, QUERY_MAP_FILE));
  const other = new Reranker(base.model, { ...base.calibration, semantic }, base.assoc, base.memory, otherDir);
  assert.equal(other.semanticReady, false);
  assert.match(other.semanticProblem!, /query map belongs to another sentence encoder \(another encoder/);
  const otherWeights = new Reranker(base.model, { ...base.calibration, semantic: { ...semantic, encoder: 'another encoder' } }, base.assoc, base.memory, modelDir);
  assert.match(otherWeights.semanticProblem!, /semantic stage belongs to another sentence encoder/);
  assert.ok(dot(mapped.queryVector(axis(0)), axis(4)) > 0.9999);
  const text = 'the mayor photo of a shark on the highway';
  const ids = (r: Reranker) => new KbSearcher(openKb(kbPath, { readonly: true }), r).search(text, { kbs: ['snopes'], vector: axis(0) }).map((m) => m.entry.id);
  const unmapped = new Reranker(base.model, { ...base.calibration, semantic: { ...semantic, queryMap: undefined } }, base.assoc, base.memory, modelDir);
  assert.equal(ids(unmapped)[0], '0', 'unmapped, the vector points at the shark photo');
  assert.equal(ids(mapped)[0], '2', 'mapped, at the mayor');
});
