import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { sharedArray, sharedArraysOfThisThread } from './shared-arrays.ts';

const MODULE = new URL('./shared-arrays.ts', import.meta.url).href;

/** Runs sharedArray('weights', …) in a fresh thread that was handed `sharedArrays`. */
async function inThread(sharedArrays: Record<string, SharedArrayBuffer>, lazyLength = false): Promise<{ filled: boolean; first: number; measured: boolean }> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    (async () => {
      (await import('tsx/esm/api')).register();
      const { sharedArray } = await import(${JSON.stringify(MODULE)});
      let filled = false, measured = false;
      const length = ${lazyLength} ? () => { measured = true; return 4; } : 4;
      const a = sharedArray('weights', Int32Array, length, (out) => { filled = true; out.fill(7); });
      a[0] = 42;
      parentPort.postMessage({ filled, first: a[0], measured });
    })();`;
  const worker = new Worker(code, { eval: true, workerData: { sharedArrays } });
  const [msg] = await once(worker, 'message');
  await worker.terminate();
  return msg;
}

test('a thread handed an array reuses its memory instead of building its own', async () => {
  const built = sharedArray('weights', Int32Array, 4, (out) => out.fill(1));
  const handed = sharedArraysOfThisThread();
  assert.ok(handed.weights instanceof SharedArrayBuffer);
  const r = await inThread(handed);
  assert.deepEqual(r, { filled: false, first: 42, measured: false });
  // The write in the other thread is visible here: one copy of the memory.
  assert.equal(built[0], 42);
});

test('a thread without the array, or with one of another size, builds its own', async () => {
  assert.deepEqual(await inThread({}), { filled: true, first: 42, measured: false });
  assert.deepEqual(await inThread({ weights: new SharedArrayBuffer(8) }), { filled: true, first: 42, measured: false });
});

test('a length that costs work to find is found only by a thread that builds the array', async () => {
  assert.deepEqual(await inThread({ weights: new SharedArrayBuffer(16) }, true), { filled: false, first: 42, measured: false });
  assert.deepEqual(await inThread({}, true), { filled: true, first: 42, measured: true });
});
