import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Doc } from '../../doc/doc.ts';
import { DEFAULT_MODEL_DIR } from '../registry.ts';
import { LEX_TAGS, type Lexicon } from './lexicon.ts';
import { STACK_MAX, denseValues, sentenceStats, stackFeatures, stackRows, tokenRows, viewArticle, spanRows, tokenRange } from './features.ts';
import { DENSE_FILE, DenseWords } from './dense.ts';
import { STAGE2_FILE, TrainedTechniqueModel, decodeSpans, identifySpans, loadTechniqueModel, stackedClassProbs, tokenClassProbs, type TechniqueModel } from './model.ts';
import { prepare, trainAndSave, trainStacked } from './learn.ts';
import { TECHNIQUES } from './taxonomy.ts';
import type { LabelRow } from '../../io/semeval.ts';
import { hash32, mulberry32 } from '../../learn/linear.ts';
import { HashedWordClusters, WordClusters, loadHashedWordClusters } from '../../learn/embeddings.ts';

// Invented texts only.
const TEXT = `Mayor Hollis Betrays the Valley

The corrupt mayor said the plan was "a gift to the people." Critics called it a shameless land grab.
The shameless land grab must stop! Nobody asked the farmers.`;

const strong = 1 << LEX_TAGS.indexOf('strong');
const LEX: Lexicon = new Map([['corrupt', strong], ['shameless', strong]]);

const tokenAt = (doc: Doc, word: string, nth = 0) => {
  let seen = 0;
  return doc.tokens.findIndex((t) => doc.slice(t) === word && seen++ === nth);
};

test('article view: lexicon tags, quotes, repetition and title are seen per token', () => {
  const doc = Doc.fromText(TEXT);
  const v = viewArticle(doc, LEX);
  assert.equal(v.n, doc.tokens.length);
  assert.equal(v.lex[tokenAt(doc, 'corrupt')]! & strong, strong);
  assert.equal(v.lex[tokenAt(doc, 'plan')], 0);
  assert.equal(v.inQuote[tokenAt(doc, 'gift')], 1);
  assert.equal(v.inQuote[tokenAt(doc, 'plan')], 0);
  // "land grab" occurs twice; "the farmers" once.
  assert.equal(v.rep[tokenAt(doc, 'grab', 1)], 2);
  assert.equal(v.rep[tokenAt(doc, 'farmers')], 1);
  assert.equal(v.sentInfo[v.sent[tokenAt(doc, 'Betrays')]!]!.title, true);
  assert.equal(v.sentInfo[v.sent[tokenAt(doc, 'stop')]!]!.excl, true);
  const rows = tokenRows(v);
  assert.equal(rows.length, v.n);
  // Same word in different contexts differs; the rows are deterministic.
  assert.notDeepEqual(rows[tokenAt(doc, 'shameless')], rows[tokenAt(doc, 'shameless', 1)]);
  assert.deepEqual(tokenRows(viewArticle(Doc.fromText(TEXT), LEX)), rows);
  const span = { start: TEXT.indexOf('corrupt'), end: TEXT.indexOf('corrupt') + 7 };
  assert.deepEqual(tokenRange(v, span), [tokenAt(doc, 'corrupt'), tokenAt(doc, 'corrupt') + 1]);
  assert.equal(spanRows(v, [span, span]).length, 2);
});

test('hashed cluster table agrees with the word-keyed one and knows unknown words', () => {
  const path = join(DEFAULT_MODEL_DIR, 'embeddings', 'clusters.tsv');
  const byWord = WordClusters.load(path);
  const hashed = HashedWordClusters.load(path);
  assert.deepEqual(hashed.sizes, byWord.sizes);
  assert.ok(hashed.size > 0.999 * byWord.size, 'few hash collisions');
  let checked = 0;
  for (const [w, ids] of byWord.entries()) {
    if (checked++ % 97) continue;
    for (let l = 0; l < ids.length; l++) assert.equal(hashed.idAt(hash32(w), l), ids[l], w);
  }
  assert.equal(hashed.idAt(hash32('qzxv-not-a-word'), 0), -1);
});

test('article view: word-cluster ids per token change the SI and TC rows', () => {
  const clusters = loadHashedWordClusters(DEFAULT_MODEL_DIR);
  const text = 'The corrupt mayor praised the zzqxvw plan.';
  const doc = Doc.fromText(text);
  const plain = viewArticle(doc, LEX);
  const v = viewArticle(doc, LEX, clusters);
  assert.equal(plain.cCoarse, null);
  const k = clusters.sizes.indexOf(1024);
  const mayor = tokenAt(doc, 'mayor');
  assert.equal(v.cFine![mayor], clusters.idAt(hash32('mayor'), k) + 1);
  assert.ok(v.cFine![mayor]! > 0);
  // Nested clusters: the coarse id is the fine one's parent.
  assert.equal((v.cFine![mayor]! - 1) >> 2, v.cCoarse![mayor]! - 1);
  assert.equal(v.cFine![tokenAt(doc, 'zzqxvw')], 0);
  const withC = tokenRows(v)[mayor]!;
  const without = tokenRows(plain)[mayor]!;
  assert.ok(withC.idx.length > without.idx.length);
  const span = [{ start: text.indexOf('corrupt'), end: text.indexOf('corrupt') + 13 }];
  assert.ok(spanRows(v, span)[0]!.idx.length > spanRows(plain, span)[0]!.idx.length);
});

test('decoding keeps spans inside one sentence, trims punctuation and drops short runs', () => {
  const doc = Doc.fromText(TEXT);
  const v = viewArticle(doc, LEX);
  const p = new Float64Array(v.n);
  // Mark "shameless land grab." and the next sentence's "The" as one run of high probability.
  const a = tokenAt(doc, 'shameless');
  const b = tokenAt(doc, 'The', 1);
  for (let i = a; i <= b; i++) p[i] = 0.9;
  p[tokenAt(doc, 'Nobody')] = 0.9; // a lone word, dropped with minTokens 2
  const spans = decodeSpans(v, p, { threshold: 0.5, smooth: 0, minTokens: 2 });
  assert.deepEqual(spans.map((s) => doc.slice(s)), ['shameless land grab']);
  assert.ok(Math.abs(spans[0]!.score - 0.9) < 1e-9);
  // A run ending on a function word ("... said the") loses it when asked to.
  const q = new Float64Array(v.n);
  for (let i = tokenAt(doc, 'corrupt'); i <= tokenAt(doc, 'plan') - 1; i++) q[i] = 0.9;
  assert.deepEqual(decodeSpans(v, q, { threshold: 0.5, smooth: 0, minTokens: 1 }).map((s) => doc.slice(s)), ['corrupt mayor said the']);
  assert.deepEqual(decodeSpans(v, q, { threshold: 0.5, smooth: 0, minTokens: 1, trimFunctionWords: true }).map((s) => doc.slice(s)), ['corrupt mayor said']);
});

test('a run that reads as a short technique is cut back; a long one keeps its extent', () => {
  const doc = Doc.fromText(TEXT);
  const v = viewArticle(doc, LEX);
  const p = new Float64Array(v.n);
  // "Critics called it a shameless land grab": weak context, strong core.
  const a = tokenAt(doc, 'Critics');
  for (let i = a; i < a + 7; i++) p[i] = 0.15;
  p[tokenAt(doc, 'shameless')] = 0.8;
  p[tokenAt(doc, 'land')] = 0.6;
  const cfg = { threshold: 0.5, low: 0.1, lowShort: 0.3, smooth: 0, minTokens: 1 };
  const texts = (share: number) => decodeSpans(v, p, cfg, new Float64Array(v.n).fill(share)).map((s) => doc.slice(s));
  assert.deepEqual(texts(0), ['shameless land']);
  assert.deepEqual(texts(1), ['Critics called it a shameless land grab']);
  // Without the split, decoding stays tight.
  assert.deepEqual(decodeSpans(v, p, cfg).map((s) => doc.slice(s)), ['shameless land']);
});

/** Checks the TechniqueModel contract on a Doc. */
function assertValidOutput(model: TechniqueModel, doc: Doc) {
  const spans = model.identify(doc);
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    assert.ok(s.start < s.end && s.end <= doc.text.length);
    assert.ok(s.score >= 0 && s.score <= 1);
    assert.equal(doc.slice(s).trim(), doc.slice(s), 'no edge white space');
    if (i) assert.ok(spans[i - 1]!.end <= s.start, 'sorted and non-overlapping');
  }
  const labels = model.classify(doc, spans);
  assert.equal(labels.length, spans.length);
  for (const l of labels) {
    assert.ok((TECHNIQUES as readonly string[]).includes(l.technique));
    assert.ok(l.score > 0 && l.score <= 1);
  }
  return spans;
}

test('the committed model finds tight, valid spans in an invented article', async () => {
  const model = await loadTechniqueModel(DEFAULT_MODEL_DIR);
  // Shipped with word-cluster features (CV SI +0.55, TC +1.06): a retrain that silently drops them fails here.
  assert.ok(model instanceof TrainedTechniqueModel && model.clusters !== null, 'committed model uses word clusters');
  // And with the stacked second SI stage (see MODEL_CARD.md).
  assert.ok(model.si2 !== null, 'committed model has si2.bin');
  const doc = Doc.fromText(`Traitors Sell Out Our Schools

The radical bureaucrats in the capital have once again betrayed our children with a disgraceful, corrupt budget.
Every patriot knows the truth. These criminals will stop at nothing to destroy our great nation.
The budget was published on Tuesday and runs to 40 pages.`);
  const spans = assertValidOutput(model, doc);
  assert.ok(spans.length >= 2, `expected loaded phrases, got ${spans.length}`);
  const marked = spans.map((s) => doc.slice(s)).join(' | ');
  assert.match(marked, /corrupt|disgraceful|criminals|radical|Traitors/);
  assert.ok(!/40 pages/.test(marked), `a neutral fact was marked: ${marked}`);
  // No span swallows a whole long sentence.
  for (const s of spans) assert.ok(doc.slice(s).split(/\s+/).length <= 15, doc.slice(s));
  // A span given twice (two gold labels) gets two different techniques.
  const one = { start: doc.text.indexOf('criminals'), end: doc.text.indexOf('criminals') + 9 };
  const [a, b] = model.classify(doc, [one, one]);
  assert.notEqual(a!.technique, b!.technique);
  assert.deepEqual(model.identify(Doc.fromText('')), []);
});

test('trains from a tiny fixture, saves, loads and predicts what it learned', async () => {
  const articles = [
    { id: '1', text: 'The council met today.\n\nThe greedy vultures on the board voted again. The weather was mild.' },
    { id: '2', text: 'A new bridge opened.\n\nThose greedy vultures raised the fees. Traffic was light in the morning.' },
    { id: '3', text: 'Rain is expected.\n\nEither we fight or we lose everything. The market closed at noon.' },
    { id: '4', text: 'Schools reopen.\n\nEither we fight or we lose everything, he said. The bus runs at eight.' },
  ];
  const at = (id: string, phrase: string, technique: string): LabelRow => {
    const text = articles.find((a) => a.id === id)!.text;
    const start = text.indexOf(phrase);
    return { article: id, technique, start, end: start + phrase.length };
  };
  const labels = [
    at('1', 'greedy vultures', 'Name_Calling,Labeling'),
    at('2', 'greedy vultures', 'Name_Calling,Labeling'),
    at('3', 'Either we fight or we lose everything', 'Black-and-White_Fallacy'),
    at('4', 'Either we fight or we lose everything', 'Black-and-White_Fallacy'),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'unspin-tech-'));
  trainAndSave(prepare(articles, labels, new Map()), new Map(), join(dir, 'techniques'), { threshold: 0.5, smooth: 0, minTokens: 1 });
  const model = await loadTechniqueModel(dir);
  const doc = Doc.fromText('Budget day.\n\nThe greedy vultures are back. The weather was mild.');
  const spans = assertValidOutput(model, doc);
  assert.ok(spans.some((s) => doc.slice(s).includes('vultures')), spans.map((s) => doc.slice(s)).join('|'));
  assert.ok(!spans.some((s) => doc.slice(s).includes('weather')));
  const start = doc.text.indexOf('greedy');
  assert.equal(model.classify(doc, [{ start, end: start + 15 }])[0]!.technique, 'Name_Calling,Labeling');
  await assert.rejects(loadTechniqueModel(join(dir, 'missing')), /not trained yet/);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'techniques', 'features.json'), 'utf8')), { clusters: false, stacked: true });
});

test('a model trained with word clusters records it and loads them back', async () => {
  const articles = [
    { id: '1', text: 'Budget day.\n\nThe greedy vultures on the board voted again. The weather was mild.' },
    { id: '2', text: 'Bridge news.\n\nThose greedy vultures raised the fees. Traffic was light.' },
  ];
  const labels = articles.map((a): LabelRow => ({ article: a.id, technique: 'Name_Calling,Labeling', start: a.text.indexOf('greedy'), end: a.text.indexOf('greedy') + 15 }));
  const root = mkdtempSync(join(tmpdir(), 'unspin-tech-'));
  const clusters = loadHashedWordClusters(DEFAULT_MODEL_DIR);
  trainAndSave(prepare(articles, labels, new Map(), clusters), new Map(), join(root, 'techniques'), { threshold: 0.5, smooth: 0, minTokens: 1 });
  assert.deepEqual(JSON.parse(readFileSync(join(root, 'techniques', 'features.json'), 'utf8')), { clusters: true, stacked: true });
  // The model dir has no embeddings/: loading must say so in one line rather than run without them.
  await assert.rejects(loadTechniqueModel(root), /word clusters not found/);
  symlinkSync(join(DEFAULT_MODEL_DIR, 'embeddings'), join(root, 'embeddings'));
  const model = await loadTechniqueModel(root);
  assert.ok(model instanceof TrainedTechniqueModel && model.clusters?.size === clusters.size);
  const doc = Doc.fromText('Rates rise.\n\nThe greedy vultures are back. The weather was mild.');
  assert.ok(model.identify(doc).some((s) => doc.slice(s).includes('vultures')));
});

const STACK_ARTICLES = [
  { id: '1', text: 'The council met today.\n\nThe greedy vultures on the board voted again. The weather was mild.' },
  { id: '2', text: 'A new bridge opened.\n\nThose greedy vultures raised the fees. Traffic was light in the morning.' },
  { id: '3', text: 'Rain is expected.\n\nEither we fight or we lose everything. The market closed at noon.' },
  { id: '4', text: 'Schools reopen.\n\nEither we fight or we lose everything, he said. The bus runs at eight.' },
  { id: '5', text: 'Fog in the hills.\n\nThe greedy vultures want more. The river was calm.' },
];
const stackLabels = (): LabelRow[] =>
  STACK_ARTICLES.map((a) => {
    const phrase = a.text.includes('greedy') ? 'greedy vultures' : 'Either we fight or we lose everything';
    const start = a.text.indexOf(phrase);
    return { article: a.id, technique: phrase.startsWith('greedy') ? 'Name_Calling,Labeling' : 'Black-and-White_Fallacy', start, end: start + phrase.length };
  });

test('stacked features of a token read its neighbours within its sentence only', () => {
  const doc = Doc.fromText(TEXT);
  const v = viewArticle(doc, LEX);
  const rand = mulberry32(7);
  const inside = Float64Array.from({ length: v.n }, () => rand());
  const longShare = Float64Array.from({ length: v.n }, () => rand());
  const featuresOf = (i: number, ins: Float64Array, ls: Float64Array) => {
    const ids = new Uint32Array(STACK_MAX);
    const vals = new Float32Array(STACK_MAX);
    const k = stackFeatures(v, { inside: ins, longShare: ls }, sentenceStats(v, ins), i, (1 << 20) - 1, ids, vals);
    return { ids: Array.from(ids.subarray(0, k)), vals: Array.from(vals.subarray(0, k)) };
  };
  // The first word of "Critics called it a shameless land grab.": its left neighbours are in the previous sentence.
  const i = tokenAt(doc, 'Critics');
  const s = v.sent[i]!;
  const before = featuresOf(i, inside, longShare);
  const ins2 = inside.slice();
  const ls2 = longShare.slice();
  for (let j = 0; j < v.n; j++) {
    if (v.sent[j] === s) continue;
    ins2[j] = 1 - ins2[j]!;
    ls2[j] = 1 - ls2[j]!;
  }
  assert.deepEqual(featuresOf(i, ins2, ls2), before, 'other sentences do not count');
  // A neighbour in the same sentence does, as does the sentence's max.
  const ins3 = inside.slice();
  ins3[i + 2] = ins3[i + 2]! > 0.5 ? 0.01 : 0.99;
  assert.notDeepEqual(featuresOf(i, ins3, longShare), before);
  // Deterministic, and the training rows are these features (in the stage-2 model's space).
  assert.deepEqual(featuresOf(i, inside, longShare), before);
  const rows = stackRows(v, { inside, longShare }, 20);
  assert.deepEqual(Array.from(rows[i]!.idx), before.ids);
});

test('stacked inference over a long input (stage-1 ids in blocks) gives what the training rows give', () => {
  const data = prepare(STACK_ARTICLES, stackLabels(), LEX);
  const { si, si2 } = trainStacked(data);
  assert.ok(si2, 'five articles are enough for an inner CV');
  // Over 4096 tokens, so the feature ids come in more than one block.
  const long = Array.from({ length: 600 }, (_, k) => (k % 3 ? 'The greedy vultures voted again.' : 'Either we fight or we lose everything. The weather was mild.')).join(' ');
  const v = viewArticle(Doc.fromText(`Budget day.\n\n${long}`), LEX);
  assert.ok(v.n > 4096);
  const p1 = tokenClassProbs(si, v);
  const p2 = stackedClassProbs(si, si2, v);
  const rows = stackRows(v, p1);
  for (let i = 0; i < v.n; i += 37) {
    const q = si2.probs(rows[i]!);
    assert.ok(Math.abs(p2.inside[i]! - (1 - q[si2.labels.indexOf('O')]!)) < 1e-5, `token ${i}`);
  }
  assert.notDeepEqual(p2.inside, p1.inside, 'stage 2 moves the probabilities');
});

test('stage 2 changes predictions only through si2.bin: a folder without it runs stage 1', async () => {
  const root = mkdtempSync(join(tmpdir(), 'unspin-tech-'));
  const decode = { threshold: 0.4, low: 0.2, smooth: 0, minTokens: 1 };
  trainAndSave(prepare(STACK_ARTICLES, stackLabels(), LEX), LEX, join(root, 'stacked', 'techniques'), decode);
  // The same folder less its stage 2, as a model made before stacking would be.
  cpSync(join(root, 'stacked'), join(root, 'plain'), { recursive: true });
  rmSync(join(root, 'plain', 'techniques', STAGE2_FILE));
  writeFileSync(join(root, 'plain', 'techniques', 'features.json'), JSON.stringify({ clusters: false }));
  const stacked = await loadTechniqueModel(join(root, 'stacked'));
  const plain = await loadTechniqueModel(join(root, 'plain'));
  assert.ok(stacked instanceof TrainedTechniqueModel && stacked.si2 !== null);
  assert.ok(plain instanceof TrainedTechniqueModel && plain.si2 === null);
  const text = 'Storm warning.\n\nThe greedy vultures 🦅 are back, and either we fight or we lose everything. The weather was mild.';
  const doc = Doc.fromText(text);
  const v = viewArticle(doc, LEX);
  assert.deepEqual(plain.identify(doc), identifySpans(plain.si, v, plain.decode), 'no si2.bin: stage 1 alone');
  assert.deepEqual(stacked.identify(doc), identifySpans(stacked.si, v, stacked.decode, stacked.si2), 'si2.bin: stacked');
  // Same si.bin in both: stage 1 is untouched by the stacked stage.
  assert.deepEqual(tokenClassProbs(stacked.si, v), tokenClassProbs(plain.si, v));
  assert.deepEqual(stacked.classify(doc, stacked.identify(doc)), plain.classify(doc, stacked.identify(doc)));
  // Offsets index the text (UTF-16, past a non-BMP character) and land on token edges.
  for (const s of stacked.identify(doc)) {
    assert.ok(doc.tokens.some((t) => t.start === s.start) && doc.tokens.some((t) => t.end === s.end), JSON.stringify(s));
    assert.equal(text.slice(s.start, s.end), doc.slice(s));
  }
  assert.ok(stacked.identify(doc).some((s) => doc.slice(s).includes('vultures')));
  // A folder that says it is stacked but lost si2.bin is broken, not old.
  writeFileSync(join(root, 'plain', 'techniques', 'features.json'), JSON.stringify({ clusters: false, stacked: true }));
  await assert.rejects(loadTechniqueModel(join(root, 'plain')), /si2\.bin is missing/);
  // Retraining into a folder with too little data for stage 2 drops the old si2.bin.
  trainAndSave(prepare(STACK_ARTICLES.slice(0, 1), stackLabels().slice(0, 1), LEX), LEX, join(root, 'stacked', 'techniques'), decode);
  assert.ok(((await loadTechniqueModel(join(root, 'stacked'))) as TrainedTechniqueModel).si2 === null);
});

test('dense word vectors: a token reads its own vector and its ±2 neighbours\' mean within the sentence', () => {
  const words = ['greedy', 'vultures', 'the', 'board', 'voted'];
  const unit = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0]);
  // The last row repeats "voted"'s hash: the first row of a hash wins.
  const dense = DenseWords.fromUnitRows(Uint32Array.from([...words, 'voted'], (w) => hash32(w)), unit, 4);
  assert.equal(dense.size, 5);
  assert.equal(dense.rowOf(hash32('vultures')), 1);
  assert.equal(dense.rowOf(hash32('qzxv-unknown')), -1);
  const dir = mkdtempSync(join(tmpdir(), 'unspin-dense-'));
  dense.save(join(dir, DENSE_FILE));
  const back = DenseWords.load(join(dir, DENSE_FILE));
  assert.deepEqual([back.dims, back.size, back.rowOf(hash32('board')), back.rowOf(hash32('voted'))], [4, 5, 3, 4]);
  assert.deepEqual(back.rows, dense.rows);
  // A cut or foreign file fails in one line, naming it.
  writeFileSync(join(dir, 'cut.bin'), readFileSync(join(dir, DENSE_FILE)).subarray(0, -3));
  assert.throws(() => DenseWords.load(join(dir, 'cut.bin')), /cut\.bin: \d+ bytes, expected/);
  writeFileSync(join(dir, 'other.bin'), 'not a table\n');
  assert.throws(() => DenseWords.load(join(dir, 'other.bin')), /other\.bin: not a dense word table/);
  const doc = Doc.fromText('Greedy vultures zzqx voted. The board met.');
  const v = viewArticle(doc, LEX, null, { words: back, si: true, tc: false });
  const out = new Float32Array(8);
  assert.ok(denseValues(v, tokenAt(doc, 'vultures'), out));
  // Its own vector, then the mean of "Greedy", "zzqx" (no vector, skipped) and "voted"; "." ends the window.
  assert.deepEqual(Array.from(out, (x) => Math.round(x * 100) / 100), [0, 1, 0, 0, 0.5, 0, 0, 0.5]);
  // "The" starts the next sentence: "voted" and "." are not its neighbours.
  denseValues(v, tokenAt(doc, 'The'), out);
  assert.deepEqual(Array.from(out.subarray(4)), [0, 0, 0, 1]);
  rmSync(dir, { recursive: true, force: true });
});

test('an SI tagger trained with dense word vectors records them, loads them back, and infers what its training rows give', async () => {
  const words = ['greedy', 'vultures', 'either', 'fight', 'lose', 'weather'];
  const unit = new Float32Array(words.length * 3);
  words.forEach((_, i) => (unit[i * 3 + (i % 3)] = 1));
  const dense = DenseWords.fromUnitRows(Uint32Array.from(words, (w) => hash32(w)), unit, 3);
  const root = mkdtempSync(join(tmpdir(), 'unspin-tech-'));
  trainAndSave(prepare(STACK_ARTICLES, stackLabels(), LEX, null, { words: dense, si: true, tc: false }), LEX, join(root, 'techniques'), { threshold: 0.5, smooth: 0, minTokens: 1 });
  assert.deepEqual(JSON.parse(readFileSync(join(root, 'techniques', 'features.json'), 'utf8')), { clusters: false, stacked: true, dense: { dims: 3, si: true, tc: false } });
  const model = await loadTechniqueModel(root);
  assert.ok(model instanceof TrainedTechniqueModel && model.dense?.words.size === words.length);
  const v = viewArticle(Doc.fromText('Budget day.\n\nThe greedy vultures voted. Either we fight or we lose.'), LEX, null, model.dense);
  const rows = tokenRows(v);
  const p = tokenClassProbs(model.si, v);
  for (let i = 0; i < v.n; i++) assert.ok(Math.abs(p.inside[i]! - (1 - model.si.probs(rows[i]!)[model.si.labels.indexOf('O')]!)) < 1e-5, `token ${i}`);
  assert.ok(rows[3]!.idx.length > tokenRows(viewArticle(v.doc, LEX))[3]!.idx.length, 'dense values join the row');
  rmSync(join(root, 'techniques', DENSE_FILE));
  await assert.rejects(loadTechniqueModel(root), /dense\.bin is missing/);
  rmSync(root, { recursive: true, force: true });
});

test('TC reads the mean word vectors of the span and of its ±3 context; SI rows stay as they were', async () => {
  const words = ['greedy', 'vultures', 'board', 'voted', 'fight'];
  const unit = new Float32Array(words.length * 2);
  words.forEach((_, i) => (unit[i * 2 + (i % 2)] = 1));
  const dense = DenseWords.fromUnitRows(Uint32Array.from(words, (w) => hash32(w)), unit, 2);
  const text = 'The greedy vultures on the board voted again.';
  const doc = Doc.fromText(text);
  const tcOnly = viewArticle(doc, LEX, null, { words: dense, si: false, tc: true });
  const plain = viewArticle(doc, LEX);
  const span = [{ start: text.indexOf('greedy'), end: text.indexOf('vultures') + 8 }];
  const withD = spanRows(tcOnly, span)[0]!, without = spanRows(plain, span)[0]!;
  // The span's mean (greedy [1,0], vultures [0,1]) and its right context's (on, the: none; board [1,0]);
  // the left context ("The") has no vector, so it adds nothing.
  const extra = Array.from(withD.val.subarray(without.val.length)).sort();
  assert.deepEqual(extra, [0.5, 0.5, 1]);
  assert.deepEqual(tokenRows(tcOnly), tokenRows(plain), 'SI does not read them');
  const root = mkdtempSync(join(tmpdir(), 'unspin-tech-'));
  trainAndSave(prepare(STACK_ARTICLES, stackLabels(), LEX, null, { words: dense, si: false, tc: true }), LEX, join(root, 'techniques'), { threshold: 0.5, smooth: 0, minTokens: 1 });
  assert.deepEqual(JSON.parse(readFileSync(join(root, 'techniques', 'features.json'), 'utf8')).dense, { dims: 2, si: false, tc: true });
  const model = await loadTechniqueModel(root);
  assert.ok(model instanceof TrainedTechniqueModel && model.dense?.tc && !model.dense.si);
  const d = Doc.fromText('Budget day.\n\nThe greedy vultures voted again. The weather was mild.');
  const found = model.classify(d, [{ start: d.text.indexOf('greedy'), end: d.text.indexOf('greedy') + 15 }]);
  assert.equal(found[0]!.technique, 'Name_Calling,Labeling');
  rmSync(root, { recursive: true, force: true });
});
