import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { reportJsonSchema } from './json-schema.ts';

test('docs/report.schema.json matches the zod schema (run npm run docs after changing it)', () => {
  const committed = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(reportJsonSchema())));
});
