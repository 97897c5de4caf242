import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { enqueueBatch } from '../../src/queue/producer.ts';
import { runWorker } from '../../src/queue/worker.ts';
import { queueStatus } from '../../src/queue/status.ts';
import { DEFAULT_FIELDS } from '../../src/batch/record.ts';
import { Store } from '../../src/store/store.ts';
import { FAKE_PIPELINE, REPO, SKIP_QUEUE, article, freshPostgres, tmp, writeJsonl } from './fixtures.ts';

const REDIS = process.env.UNSPIN_TEST_REDIS_URL!;

function startWorker(queueName: string, db: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [join(REPO, 'bin/unspin.js'), 'worker', '--queue', REDIS, '--queue-name', queueName, '--db', db, '--lock-ms', '2000', '--pipeline-module', FAKE_PIPELINE],
    { env: { ...process.env, UNSPIN_FAKE_DELAY_MS: '10' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr!.setEncoding('utf8').on('data', () => undefined);
  return child;
}

async function count(db: string, sql: string, params: unknown[] = []): Promise<number> {
  const store = await Store.open(db);
  try {
    return Number((await store.all(sql, params))[0]!.n);
  } finally {
    await store.close();
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

test('two workers, one killed with SIGKILL mid-run: every article is stored exactly once; poisoned jobs fail with their reason', { skip: SKIP_QUEUE, timeout: 240_000 }, async () => {
  const dir = tmp();
  const N = 1000;
  const lines = Array.from({ length: N }, (_, n) => JSON.stringify(article(n)));
  lines.push('{not json', JSON.stringify({ id: 'crash', text: 'This article says CRASH-ME to the fake component.' }));
  const input = writeJsonl(dir, 'feed.jsonl', lines);
  const db = (await freshPostgres())!;
  const queueName = `t${process.pid}${Date.now()}`;

  const r = await enqueueBatch({ inputs: [input], fields: DEFAULT_FIELDS, queue: REDIS, queueName, pipelineModule: FAKE_PIPELINE, quiet: true });
  assert.equal(r.enqueued, N + 2);
  // Enqueuing the same input again adds nothing, and says so: job ids follow content.
  const again = await enqueueBatch({ inputs: [input], fields: DEFAULT_FIELDS, queue: REDIS, queueName, pipelineModule: FAKE_PIPELINE, quiet: true });
  assert.deepEqual([again.enqueued, again.alreadyQueued], [0, N + 2]);

  const victim = startWorker(queueName, db);
  const survivor = startWorker(queueName, db);
  try {
    await waitFor('the first 150 articles', async () => (await count(db, 'SELECT COUNT(*) AS n FROM articles').catch(() => 0)) >= 150, 120_000);
    victim.kill('SIGKILL');
    await waitFor(`all ${N} articles`, async () => (await count(db, 'SELECT COUNT(*) AS n FROM articles')) >= N, 180_000);
    await waitFor('the queue to drain', async () => {
      const s = await queueStatus(REDIS, queueName);
      return s.waiting === 0 && s.active === 0 && s.delayed === 0;
    }, 30_000);
  } finally {
    victim.kill('SIGKILL');
    survivor.kill('SIGTERM');
  }
  assert.equal(await count(db, 'SELECT COUNT(*) AS n FROM articles'), N);
  assert.equal(await count(db, 'SELECT COUNT(DISTINCT article_id) AS n FROM articles'), N);
  // Spans were replaced, not appended, on any redelivery: a0 has exactly its one trigger word.
  assert.equal(await count(db, "SELECT COUNT(*) AS n FROM technique_spans t JOIN articles a ON a.pk = t.article_pk WHERE a.article_id = 'a0'"), 2);
  const s = await queueStatus(REDIS, queueName);
  // A job redelivered after the kill may count twice (stored, then skipped); the store counts once.
  assert.ok(s.stored + s.skipped >= N && s.stored <= N, `stored ${s.stored}, skipped ${s.skipped}`);
  assert.equal(s.waiting + s.active + s.delayed, 0);
  assert.equal(s.failed, 2);
  const reasons = s.failedJobs.map((f) => f.reason).sort();
  assert.match(reasons.join(' | '), /fake component refuses this article/);
  assert.match(reasons.join(' | '), /not valid JSON/);
  assert.equal(await count(db, 'SELECT COUNT(*) AS n FROM failures'), 2);
  // Both say which model version they failed under, in the store and on the queue.
  assert.equal(await count(db, 'SELECT COUNT(*) AS n FROM failures WHERE model_version = ?', [r.modelVersion]), 2);
  assert.deepEqual(s.failedJobs.map((f) => f.modelVersion), [r.modelVersion, r.modelVersion]);
});

test('batch --queue-name enqueues on the named queue, the one `worker` and `queue status` take', { skip: SKIP_QUEUE }, async () => {
  const dir = tmp();
  const input = writeJsonl(dir, 'feed.jsonl', [0, 1, 2].map((n) => JSON.stringify(article(n))));
  const queueName = `n${process.pid}${Date.now()}`;
  const r = spawnSync(process.execPath, [join(REPO, 'bin/unspin.js'), 'batch', input, '--queue', REDIS, '--queue-name', queueName, '--pipeline-module', FAKE_PIPELINE], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`enqueued 3 new articles on ${queueName}; 0 already on the queue,`));
  assert.equal((await queueStatus(REDIS, queueName)).waiting, 3);
});

test('a re-enqueue counts the jobs Redis already holds apart from the new ones, and the failed ones among them', { skip: SKIP_QUEUE }, async () => {
  const dir = tmp();
  const input = writeJsonl(dir, 'feed.jsonl', ['{not json', JSON.stringify(article(0))]);
  const db = join(dir, 'results.sqlite');
  const queueName = `r${process.pid}${Date.now()}`;
  const enqueue = () => enqueueBatch({ inputs: [input], fields: DEFAULT_FIELDS, queue: REDIS, queueName, db, pipelineModule: FAKE_PIPELINE, quiet: true });
  const counts = (r: Awaited<ReturnType<typeof enqueue>>) => ({ enqueued: r.enqueued, alreadyQueued: r.alreadyQueued, alreadyFailed: r.alreadyFailed, skipped: r.skipped, failed: r.failed });
  const first = await enqueue();
  assert.deepEqual(counts(first), { enqueued: 2, alreadyQueued: 0, alreadyFailed: 0, skipped: 0, failed: 1 });
  // A worker stores a0 (its job leaves Redis) and files the unreadable line (its job stays, failed).
  const stop = new AbortController();
  const worker = runWorker({ queue: REDIS, queueName, db, pipelineModule: FAKE_PIPELINE, signal: stop.signal });
  await waitFor('both jobs', async () => {
    const s = await queueStatus(REDIS, queueName);
    return s.stored + s.failed >= 2;
  }, 60_000);
  stop.abort();
  await worker;
  // Two more articles: the only jobs the next enqueue adds.
  writeFileSync(input, [1, 2].map((n) => JSON.stringify(article(n)) + '\n').join(''), { flag: 'a' });
  assert.deepEqual(counts(await enqueue()), { enqueued: 2, alreadyQueued: 1, alreadyFailed: 1, skipped: 1, failed: 1 });
  const s = await queueStatus(REDIS, queueName);
  assert.deepEqual([s.waiting, s.failed], [2, 1]);
  // Once more, by the command: nothing is new, and its summary says so.
  const r = spawnSync(process.execPath, [join(REPO, 'bin/unspin.js'), 'batch', input, '--queue', REDIS, '--queue-name', queueName, '--db', db, '--pipeline-module', FAKE_PIPELINE], { encoding: 'utf8' });
  // Exit 2: the input still holds its unreadable line.
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`^unspin: enqueued 0 new articles on ${queueName}; 3 already on the queue \\(1 of them failed there: \`unspin queue status\` lists it, \`unspin queue retry\` queues failed jobs again\\), 1 already stored, 1 unreadable; model \\S+\\n$`));
  assert.equal((await queueStatus(REDIS, queueName)).waiting, 2);
  // `queue status` lists the failed job with the model version it failed under.
  const status = spawnSync(process.execPath, [join(REPO, 'bin/unspin.js'), 'queue', 'status', '--queue', REDIS, '--queue-name', queueName], { encoding: 'utf8' });
  assert.match(status.stdout, new RegExp(`failed: feed\\.jsonl:1 after 1 attempt\\(s\\) under model ${first.modelVersion.replace(/[+]/g, '\\+')}: line 1 is not valid JSON`));
  // `queue retry` puts it back to waiting, which enqueuing again could not.
  const retry = spawnSync(process.execPath, [join(REPO, 'bin/unspin.js'), 'queue', 'retry', '--queue', REDIS, '--queue-name', queueName], { encoding: 'utf8' });
  assert.equal(retry.status, 0, retry.stderr);
  assert.equal(retry.stdout, `queue ${queueName}: 1 failed job moved back to waiting; workers will analyse it again\n`);
  const after = await queueStatus(REDIS, queueName);
  assert.deepEqual([after.waiting, after.failed], [3, 0]);
});

test('a Redis that is not there is named with the reason, not "Connection is closed"', async () => {
  // A port just freed: nothing listens on it.
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  for (const command of ['status', 'retry']) {
    const r = spawnSync(process.execPath, [join(REPO, 'bin/unspin.js'), 'queue', command, '--queue', `redis://127.0.0.1:${port}`], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, `queue ${command}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^unspin: --queue redis://127.0.0.1:${port}: cannot reach Redis \\(connect ECONNREFUSED 127.0.0.1:${port}\\)\\n$`));
  }
});

test('a worker says when jobs were enqueued for another database than the one it stores into', { skip: SKIP_QUEUE }, async () => {
  const dir = tmp();
  const input = writeJsonl(dir, 'feed.jsonl', [0, 1].map((n) => JSON.stringify(article(n))));
  const queueName = `d${process.pid}${Date.now()}`;
  const meant = join(dir, 'meant.sqlite');
  await enqueueBatch({ inputs: [input], fields: DEFAULT_FIELDS, queue: REDIS, queueName, db: meant, pipelineModule: FAKE_PIPELINE, quiet: true });
  const lines: string[] = [];
  const stop = new AbortController();
  const done = runWorker({ queue: REDIS, queueName, db: join(dir, 'other.sqlite'), pipelineModule: FAKE_PIPELINE, signal: stop.signal, log: (l) => lines.push(l) });
  await waitFor('both jobs', async () => (await queueStatus(REDIS, queueName)).stored >= 2, 60_000);
  stop.abort();
  assert.equal((await done).stored, 2);
  const warnings = lines.filter((l) => l.includes('warning'));
  assert.equal(warnings.length, 1, lines.join('\n'));
  assert.match(warnings[0]!, new RegExp(`enqueued for --db ${meant.replace(/[.]/g, '\\.')}; this worker stores into --db .*other\\.sqlite`));
});
