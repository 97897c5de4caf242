import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPipeline } from '../registry.ts';

// With the committed entities model in front: quote sources become entity ids, and the pronoun
// "he" takes the person quoted just before it. The article is invented.
test('in the pipeline, sources resolve to the entities layer', async () => {
  const pipeline = await createPipeline({ components: ['entities', 'attributions'] });
  const text = readFileSync(new URL('./fixtures/kremlin-style.txt', import.meta.url), 'utf8');
  const report = pipeline.analyze({ text });
  const attributions = report.attributions ?? [];
  const idOf = (name: string) => report.entities?.find((m) => m.type === 'PER' && m.text.includes(name))?.entity;
  for (const name of ['Petrova', 'Sidorov', 'Volkov', 'Orlov']) {
    const id = idOf(name);
    assert.notEqual(id, undefined, `entities layer has no person ${name}`);
    const named = attributions.filter((a) => a.source?.text.includes(name));
    assert.ok(named.length > 0, `no attribution for ${name}`);
    for (const a of named) assert.equal(a.entity, id, `${a.source?.text} should resolve to ${name}`);
  }
  // "…,” he added." follows Sidorov's statements; "He claimed …" follows Orlov's.
  const pronoun = (cue: string) => attributions.find((a) => a.cue.text === cue && /^he$/i.test(a.source?.text ?? ''));
  assert.equal(pronoun('added')?.entity, idOf('Sidorov'));
  assert.equal(pronoun('claimed')?.entity, idOf('Orlov'));
});
