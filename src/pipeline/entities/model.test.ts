import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrfModel, CrfTagger, trainCrf } from '../../learn/crf-tagger.ts';
import { DEFAULT_MODEL_DIR } from '../registry.ts';
import { wordFeatures, normalizeWord } from './features.ts';
import { MODEL_FILE, loadEntityTagger } from './model.ts';

// Invented sentences in the style of news copy, with curly quotes and split contractions.
const SENTENCES = [
  'General Ivan Sidorov told reporters in Moscow that the army would not retreat .',
  'Anna Petrova , the ministry spokeswoman , said the European Union “ does n’t understand ” the region .',
  'KREMLIN DENIES REPORTS OF TROOPS NEAR KHERSON',
  'Officials at Northland Bank declined to comment on Tuesday .',
  'It rained .',
];

test('JS Viterbi over the parsed model gives exactly the native CRFsuite tags', async () => {
  const path = join(DEFAULT_MODEL_DIR, 'entities', MODEL_FILE);
  const native = CrfTagger.open(path);
  const tagger = await loadEntityTagger(DEFAULT_MODEL_DIR);
  for (const s of SENTENCES) {
    const words = s.split(' ');
    assert.deepEqual(tagger.tagWords(words), native.tag(wordFeatures(words.map(normalizeWord), tagger.casing)), s);
  }
  assert.deepEqual(tagger.tagWords([]), []);
});

test('the committed model finds people, places and organisations in invented text', async () => {
  const tagger = await loadEntityTagger(DEFAULT_MODEL_DIR);
  const tags = tagger.tagWords(SENTENCES[0]!.split(' '));
  assert.deepEqual(tags.slice(1, 3), ['B-PER', 'I-PER']);
  assert.equal(tags[6], 'B-LOC');
  assert.ok(tagger.tagWords(SENTENCES[4]!.split(' ')).every((t) => t === 'O'));
});

test('a CRF trained on a toy task is read back and tags like the native tagger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unspin-crf-'));
  const path = join(dir, 'toy.crfsuite');
  // Capitalised words after "met" are names; everything else is O.
  const data = [
    ['we', 'met', 'Olga', 'today'], ['they', 'met', 'Pavel', 'here'], ['I', 'met', 'Mira'], ['we', 'saw', 'it', 'today'],
    ['they', 'met', 'him', 'here'], ['Olga', 'saw', 'Pavel'],
  ];
  const labels = (ws: string[]) => ws.map((w, i) => (/^[A-Z][a-z]/.test(w) && w !== 'I' && ws[i - 1] === 'met' ? 'NAME' : 'O'));
  const feats = (ws: string[]) => ws.map((w, i) => [`w=${w.toLowerCase()}`, `cap=${/^[A-Z]/.test(w)}`, `prev=${ws[i - 1] ?? '<s>'}`]);
  trainCrf(data.map((ws) => ({ features: feats(ws), labels: labels(ws) })), path, { c1: 0, c2: 0.1, maxIterations: 50 });
  const model = CrfModel.load(path);
  assert.deepEqual([...model.labels].sort(), ['NAME', 'O']);
  const native = CrfTagger.open(path);
  const unseen = ['you', 'met', 'Boris', 'there'];
  const f = feats(unseen);
  const rows = new Map(model.attributes.map((a, i) => [a, i]));
  const L = model.labels.length;
  const scores = new Float64Array(unseen.length * L);
  f.forEach((attrs, t) => attrs.forEach((a) => {
    const r = rows.get(a);
    if (r !== undefined) for (let y = 0; y < L; y++) scores[t * L + y] += model.state[r * L + y]!;
  }));
  const js = Array.from(model.viterbi(scores, unseen.length), (y) => model.labels[y]);
  assert.deepEqual(js, native.tag(f));
  assert.deepEqual(js, ['O', 'O', 'NAME', 'O']);
});

test('a file that is not a CRFsuite model is refused with a clear message', () => {
  assert.throws(() => CrfModel.load(new URL(import.meta.url).pathname), /not a CRFsuite crf1d model/);
  assert.throws(() => CrfModel.load('/nonexistent/model.crfsuite'), /not found/);
});
