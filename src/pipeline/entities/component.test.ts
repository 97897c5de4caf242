import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Doc } from '../../doc/doc.ts';
import { EntityMentionSchema } from '../../report/schema.ts';
import { createPipeline } from '../registry.ts';
import { loadEntities } from './component.ts';
import { DEFAULT_MODEL_DIR } from '../registry.ts';

// Invented article: curly quotes, a contraction, a title before a name, later surname mentions.
const TEXT = `Ministry denies shelling claims

General Ivan Sidorov told reporters in Moscow on Tuesday that the army “doesn’t need” foreign help.
The ministry spokeswoman, Anna Petrova, said the European Union had misled voters in Kherson.
Petrova added that Sidorov’s troops were not near the city. The EU did not reply.
nobody here writes in capitals at all.`;

test('entities layer: typed, offset-exact mentions, with surnames and acronyms linked', async () => {
  const component = await loadEntities({ modelDir: DEFAULT_MODEL_DIR });
  const doc = Doc.fromText(TEXT);
  const mentions = component.predict(doc);
  for (const m of mentions) {
    EntityMentionSchema.parse(m);
    assert.equal(doc.slice(m), m.text);
  }
  const find = (text: string) => {
    const m = mentions.find((x) => x.text === text);
    assert.ok(m, `no mention "${text}" in ${JSON.stringify(mentions.map((x) => x.text))}`);
    return m;
  };
  assert.equal(find('Ivan Sidorov').type, 'PER');
  assert.equal(find('Anna Petrova').type, 'PER');
  assert.equal(find('Moscow').type, 'LOC');
  assert.equal(find('European Union').type, 'ORG');
  assert.equal(find('Sidorov').entity, find('Ivan Sidorov').entity);
  assert.equal(find('Petrova').entity, find('Anna Petrova').entity);
  assert.equal(find('EU').entity, find('European Union').entity);
  assert.notEqual(find('Ivan Sidorov').entity, find('Anna Petrova').entity);
  const ids = [...new Set(mentions.map((m) => m.entity))];
  assert.deepEqual(ids, ids.map((_, i) => i), 'ids count from 0 in order of first mention');
});

test('the pipeline puts the entities layer into the report', async () => {
  const pipeline = await createPipeline({ components: ['entities'] });
  const report = pipeline.analyze({ text: 'Talks in Vienna ended. Chancellor Markus Feldmann left early.' });
  const texts = report.entities!.map((m) => `${m.text}/${m.type}`);
  assert.ok(texts.includes('Vienna/LOC'), texts.join(', '));
  assert.ok(texts.includes('Markus Feldmann/PER'), texts.join(', '));
  assert.deepEqual(pipeline.analyze({ text: 'it was a quiet day.' }).entities, []);
});

// The tagger read a Title Case headline's capitals as one long name (an audit: 11 of 12 such headlines).
test('a Title Case headline is not taken whole for one name; a name in it still is', async () => {
  const component = await loadEntities({ modelDir: DEFAULT_MODEL_DIR });
  const inTitle = (title: string) => {
    const doc = Doc.fromText(`${title}\n\nThe court ruled on Monday, officials said.\n`);
    return component.predict(doc).filter((m) => m.end <= doc.title!.end).map((m) => m.text);
  };
  assert.deepEqual(inTitle('Appeals Court Upholds Ruling Against Water Company Over River Pollution'), []);
  assert.deepEqual(inTitle('Storm Expected To Bring Heavy Rain To Western Counties'), []);
  assert.ok(inTitle('Putin Says NATO Is To Blame').includes('Putin'));
  // Ordinary words that news writes in lower case are no name in a headline either.
  assert.deepEqual(inTitle('SHOCKING: Officials Admit 5G Towers Were Switched On Before Outbreak'), []);
  assert.ok(inTitle('Officials Say Putin Will Visit Berlin In May').includes('Putin'));
});
