import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { reportJsonSchema } from './json-schema.ts';
import { createPipeline } from '../pipeline/registry.ts';

test('docs/report.schema.json matches the zod schema (run npm run docs after changing it)', () => {
  const committed = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(reportJsonSchema())));
});

// The schema forbids keys it does not list, so what the CLI prints must list none it lacks.
test('what analyze --format json prints (the report and its text) has only keys the schema lists', async () => {
  const pipeline = await createPipeline({ components: ['headline', 'claims'] });
  const text = 'Harbour vote\n\nThe mayor said the harbour plan would cost 40 million euros.\n';
  const printed = { ...pipeline.analyze({ text }), text };
  const schema = reportJsonSchema() as { properties: Record<string, unknown>; additionalProperties?: boolean };
  for (const key of Object.keys(printed)) assert.ok(key in schema.properties, key);
});
