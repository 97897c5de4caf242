import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Doc } from '../../doc/doc.ts';
import { DEFAULT_MODEL_DIR } from '../registry.ts';
import { HeadlineModel } from './model.ts';
import { headlineComponent } from './component.ts';
import { CASINGS } from './data.ts';

const model = HeadlineModel.load(DEFAULT_MODEL_DIR);

// Invented headlines.
const BAIT = [
  '17 Things Only People Who Grew Up With Cats Will Understand',
  'You Won’t Believe What This Mayor Did Next',
  'This Is Why Everyone Is Talking About Tiny Houses',
  'Which Breakfast Cereal Are You Based On Your Zodiac Sign?',
];
const NEWS = [
  'Parliament approves revised budget after two-day debate',
  'Central bank holds interest rates at 4.5 percent',
  'Floods displace thousands in northern province',
  'Rebels agree to ceasefire talks in Geneva',
];

test('clickbait headlines outscore news headlines', () => {
  for (const h of BAIT) assert.ok(model.clickbait(h) >= 0.5, `${h}: ${model.clickbait(h)}`);
  for (const h of NEWS) assert.ok(model.clickbait(h) < 0.5, `${h}: ${model.clickbait(h)}`);
});

// The training data's clickbait is Every Word Capitalised and its news mostly sentence case: a
// model that read casing scored news in Title Case as clickbait and missed lower-case bait.
test('the clickbait score does not depend on how a headline is capitalised', () => {
  for (const h of [...BAIT, ...NEWS]) {
    for (const [casing, recase] of Object.entries(CASINGS)) assert.equal(model.clickbait(recase(h)), model.clickbait(h), `${h} in ${casing}`);
  }
  assert.ok(model.clickbait('Central Bank Holds Interest Rates At 4.5 Percent') < 0.5);
  assert.ok(model.clickbait('you won’t believe what this mayor did next') >= 0.5);
});

test('signals point at shouting, exclamations, hyperbole, teasers and questions', () => {
  const text = 'SHOCKING: NATO Officials Hide The Truth About Amazing Secret Base! Here’s Why?';
  const signals = model.signals(text, 10);
  const kinds = (k: string) => signals.filter((s) => s.kind === k).map((s) => s.text);
  assert.deepEqual(kinds('capitals'), ['SHOCKING']); // NATO is an acronym, not shouting
  assert.deepEqual(kinds('exclamation'), ['!']);
  assert.ok(kinds('hyperbole').includes('Amazing'));
  assert.ok(kinds('teaser').includes('The Truth About'));
  assert.ok(kinds('teaser').includes('Here’s Why'));
  assert.deepEqual(kinds('question'), ['?']);
  for (const s of signals) assert.equal(text.slice(s.start - 10, s.end - 10), s.text);
});

test('a plain news headline has no signals', () => {
  assert.deepEqual(model.signals('Rebels agree to ceasefire talks in Geneva'), []);
});

test('headline layer uses the title with document offsets; no title gives null', () => {
  const c = headlineComponent(model);
  const doc = Doc.fromText('You Won’t Believe What Happened Next!\n\nThe council met on Monday. It approved the plan.');
  c.set!(doc, c.predict(doc));
  const h = doc.layers.headline!;
  assert.equal(h.text, 'You Won’t Believe What Happened Next!');
  assert.ok(h.clickbait >= 0.5);
  for (const s of h.signals) assert.equal(doc.text.slice(s.start!, s.end!), s.text);
  const plain = Doc.fromText('The council met on Monday. It approved the plan.');
  c.set!(plain, c.predict(plain));
  assert.equal(plain.layers.headline, null);
  assert.ok(plain.layers.style);
});

test('style: loaded, exclamatory prose scores above plain reporting', () => {
  const style = (body: string) => model.styleOf(Doc.fromText(`Title\n\n${body}`));
  const plain = style('The council met on Monday. It approved the budget for the new school. The vote was seven to two.');
  const loaded = style('This outrageous, disgraceful betrayal is a horrific disaster! The corrupt traitors lied shamelessly! Unbelievable!');
  assert.equal(plain.exclamations, 0);
  assert.equal(loaded.exclamations, 3);
  assert.ok(loaded.loadedWordShare > plain.loadedWordShare);
  assert.ok(loaded.sensational > 0.9 && plain.sensational < 0.5, JSON.stringify({ plain, loaded }));
  // The title's words and marks do not count towards the body's style.
  assert.equal(model.styleOf(Doc.fromText('Outrageous!\n\nThe council met on Monday.')).exclamations, 0);
});

test('runs of capital words and all-caps headlines count as shouting', () => {
  const caps = (t: string) => model.signals(t).filter((s) => s.kind === 'capitals').map((s) => s.text);
  // A run is one signal, its offsets over the whole run.
  assert.deepEqual(caps('They LIED TO US about the EU deal'), ['LIED TO US']);
  assert.deepEqual(caps('THE MEDIA WILL NOT TELL YOU THIS'), ['THE MEDIA WILL NOT TELL YOU THIS']);
  assert.deepEqual(caps('SHOCKING: the DAM is LEAKING'), ['SHOCKING', 'LEAKING']);
  const t = 'Why NATO SECRETLY ARMS Rebels';
  const [run] = model.signals(t, 7).filter((s) => s.kind === 'capitals');
  assert.deepEqual([run!.start, run!.end, run!.text], [11, 29, 'NATO SECRETLY ARMS']);
});

test('the pipeline report with claims, headline and style validates against the schema', async () => {
  const { createPipeline } = await import('../registry.ts');
  const { ReportSchema } = await import('../../report/schema.ts');
  const pipeline = await createPipeline({ components: ['claims', 'headline'] });
  const report = pipeline.analyze({
    title: 'You Won’t Believe What The Council Did!',
    text: 'The council cut the school budget by 12 percent in March. What a disgrace!',
  });
  ReportSchema.parse(report);
  assert.ok(report.headline && report.headline.clickbait >= 0.5);
  assert.equal(report.style?.exclamations, 1);
  assert.equal(report.claims?.[0]?.text, 'The council cut the school budget by 12 percent in March.');
});
