import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ComponentLoader, createPipeline } from './registry.ts';

// The bench empties every cache before a timed run (articles new to the process); a component
// that kept its per-word memo would run warm beside one that starts cold.
test('forget: each component that memoises words can empty it, and the report stays the same', async () => {
  const pipeline = await createPipeline({ components: ['techniques', 'entities', 'claims', 'attributions', 'headline'] });
  for (const name of ['entities', 'claims', 'headline']) {
    assert.equal(typeof pipeline.components.find((c) => c.name === name)?.forget, 'function', name);
  }
  const text = readFileSync(new URL('../../examples/article.txt', import.meta.url), 'utf8');
  const first = pipeline.analyze({ text });
  pipeline.forget();
  assert.deepEqual(pipeline.analyze({ text }), first);
});

// A batch thread or a server worker analyses many texts in one process: a report must not depend
// on which came before (wink-nlp once kept words from earlier texts, and "Clinton's" read whole
// after "than Clinton's." stayed whole in every later text).
test('a report does not depend on what the pipeline analysed before', async () => {
  const pipeline = await createPipeline({ components: ['techniques', 'entities', 'claims', 'attributions', 'headline'] });
  const text = 'Harbour vote\n\nMrs. Clinton\'s aide said the harbour plan was a disgrace. The mayor of Velmora disagreed.\n';
  const first = pipeline.analyze({ text });
  pipeline.analyze({ text: 'Poll\n\nVoters trust the mayor more than Clinton\'s. On Monday the aide resigned.\n' });
  assert.deepEqual(pipeline.analyze({ text }), first);
});

// The HTTP API builds a pipeline for each component set a request names: each set must reuse the
// components already loaded, or every new set holds another copy of the models.
test('a component loader loads each component once, whatever sets its pipelines take', async () => {
  const loader = new ComponentLoader();
  const one = await loader.pipeline(['headline', 'claims']);
  const other = await loader.pipeline(['claims']);
  assert.deepEqual(one.names, ['claims', 'headline'], 'registry order');
  assert.equal(other.components[0], one.components[0], 'the same claims component');
  const text = 'Harbour vote\n\nThe mayor said the harbour plan would cost 40 million euros.\n';
  assert.deepEqual(other.analyze({ text }).claims, one.analyze({ text }).claims);
  await assert.rejects(loader.pipeline(['astrology']), /unknown component/);
});
