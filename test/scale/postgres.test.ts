import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from '../../src/store/dialect.ts';
import { SKIP_POSTGRES, freshPostgres } from './fixtures.ts';

// A PostgreSQL restart (or fail-over) mid-transaction emitted an unhandled 'error' on the
// checked-out client, which ended every busy worker of a cluster (an audit, 3 of 3 tries).
test('a connection lost mid-transaction fails that transaction only; the process and the next one go on', { skip: SKIP_POSTGRES }, async () => {
  const url = (await freshPostgres())!;
  const db = await openDb(url);
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await db.exec('CREATE TABLE t(n INTEGER)');
    await assert.rejects(
      db.tx(async (q) => {
        const [{ pid }] = (await q.all('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
        await q.run('INSERT INTO t(n) VALUES (?)', [1]);
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await sleep(200); // the 'error' event arrives while no query of this client is waiting
        await q.run('INSERT INTO t(n) VALUES (?)', [2]);
      }),
    );
    await db.tx(async (q) => q.run('INSERT INTO t(n) VALUES (?)', [3]));
    assert.deepEqual(await db.all('SELECT n FROM t ORDER BY n'), [{ n: 3 }]);
  } finally {
    await admin.end();
    await db.close();
  }
});
