import assert from 'node:assert/strict';
import test from 'node:test';
import { BATCH_V8_FLAGS, envFor, v8FlagsFor } from '../bin/v8-flags.mjs';

test('the batch process starts with the V8 flags and malloc hands free arena tops back; a value the user set is kept', () => {
  assert.deepEqual(v8FlagsFor(['batch', 'in.jsonl']), BATCH_V8_FLAGS);
  assert.equal(envFor(['batch', 'in.jsonl'], { PATH: '/bin' }).MALLOC_TRIM_THRESHOLD_, '0');
  assert.equal(envFor(['batch', 'in.jsonl'], { PATH: '/bin' }).PATH, '/bin');
  assert.equal(envFor(['--threads', '2', 'batch', 'in.jsonl'], { MALLOC_TRIM_THRESHOLD_: '65536' }).MALLOC_TRIM_THRESHOLD_, '65536');
});

test('other commands, and a batch that only enqueues or prints help, keep V8 and malloc defaults', () => {
  for (const argv of [['analyze', 'a.txt'], ['batch', 'in.jsonl', '--queue', 'redis://x'], ['batch', '--queue=redis://x', 'in.jsonl'], ['batch', '--help'], []]) {
    const env = { PATH: '/bin' };
    assert.deepEqual(v8FlagsFor(argv), [], argv.join(' '));
    assert.equal(envFor(argv, env), env, argv.join(' '));
  }
});
