import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool } from './pool.ts';
import { ApiError } from './errors.ts';

const rejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected an ApiError, got ${e}`);
    return e;
  }
  assert.fail('expected a rejection');
};

test('a full pool answers 503 busy at once instead of queueing without bound', async () => {
  const pool = new WorkerPool({ size: 1, maxQueue: 1, timeoutMs: 30_000, components: [] });
  try {
    const first = pool.run({ text: 'One ferry left.', components: [] }); // runs
    const second = pool.run({ text: 'Two ferries left.', components: [] }); // waits
    const third = await rejection(pool.run({ text: 'Three ferries left.', components: [] }));
    assert.equal(third.status, 503);
    assert.equal(third.code, 'busy');
    assert.equal(third.headers['Retry-After'], '1');
    assert.equal((await first).text, 'One ferry left.');
    assert.equal((await second).text, 'Two ferries left.');
  } finally {
    await pool.close();
  }
});

test('a job over the timeout gets 504 and its worker is replaced', async () => {
  const pool = new WorkerPool({ size: 1, maxQueue: 4, timeoutMs: 1, components: [] });
  try {
    await pool.ready();
    const err = await rejection(pool.run({ text: 'The ferry left. '.repeat(2000), components: [] }));
    assert.equal(err.status, 504);
    assert.equal(err.code, 'timeout');
    assert.equal(pool.stats.workers, 1);
    assert.equal(pool.stats.busy, 0);
  } finally {
    await pool.close();
  }
});

test('closing the pool settles jobs still running or waiting', async () => {
  const pool = new WorkerPool({ size: 1, maxQueue: 4, timeoutMs: 60_000, components: [] });
  const running = pool.run({ text: 'The ferry left. '.repeat(3000), components: [] });
  const waiting = pool.run({ text: 'Another ferry left.', components: [] });
  const settled = Promise.allSettled([running, waiting]);
  await pool.close();
  for (const r of await settled) {
    assert.equal(r.status, 'rejected');
    assert.equal((r as PromiseRejectedResult).reason.code, 'shutting_down');
  }
});

test('a long article does not hold up a short one sent after it', async () => {
  const pool = new WorkerPool({ size: 2, maxQueue: 4, timeoutMs: 120_000, components: [] });
  try {
    await pool.ready();
    const order: string[] = [];
    const long = pool.run({ text: 'The ferry left the harbour at dawn. '.repeat(3_000), components: [] }).then(() => order.push('long'));
    const short = pool.run({ text: 'One ferry left.', components: [] }).then(() => order.push('short'));
    await Promise.all([long, short]);
    assert.deepEqual(order, ['short', 'long']);
  } finally {
    await pool.close();
  }
});

test('the timeout counts the analysis, not the wait: a job queued behind one that times out still runs', async () => {
  // The long job loads the techniques model (about a second) and tags 1 MB with it (seconds);
  // the short one, with no component, takes a millisecond once its worker is up. Before, the
  // short job's clock ran while it waited, and it failed with the long one's 504.
  const pool = new WorkerPool({ size: 1, maxQueue: 4, timeoutMs: 400, components: [] });
  try {
    await pool.ready();
    const [long, short] = await Promise.allSettled([
      pool.run({ text: 'The ferry left the harbour. '.repeat(36_000), components: ['techniques'] }),
      pool.run({ text: 'One ferry left.', components: [] }),
    ]);
    assert.equal(long.status === 'rejected' && long.reason.code, 'timeout');
    assert.equal(short.status === 'fulfilled' ? short.value.text : `rejected: ${short.reason.code} ${short.reason.message}`, 'One ferry left.');
  } finally {
    await pool.close();
  }
});
