import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPipeline } from './registry.ts';

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
