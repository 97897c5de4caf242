import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelVersion } from './model-version.ts';

test('model version: a model file changes it, documentation beside the model does not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unspin-version-'));
  mkdirSync(join(dir, 'narratives'));
  writeFileSync(join(dir, 'narratives', 'reranker.bin'), Buffer.from([1, 2, 3]));
  const version = () => modelVersion({ components: ['narratives'], modelDir: dir });
  const first = version();
  assert.match(first, /^narratives@[0-9a-f]{12}$/);
  writeFileSync(join(dir, 'narratives', 'MODEL_CARD.md'), '# card\n');
  writeFileSync(join(dir, 'narratives', 'NOTES.md'), '# lab notes\n');
  assert.equal(version(), first, 'a resumed batch must not re-analyse for a note');
  writeFileSync(join(dir, 'narratives', 'reranker.bin'), Buffer.from([1, 2, 4]));
  assert.notEqual(version(), first);
});
