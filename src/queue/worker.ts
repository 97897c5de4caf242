import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Store } from '../store/store.ts';
import { spanRows } from '../store/span-rows.ts';
import { analyzeRecord, loadPipeline, type PipelineSpec } from '../batch/analyzer.ts';
import { modelVersion } from '../batch/model-version.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import { DEFAULT_QUEUE_NAME, connection, counterKey, openRedis } from './connection.ts';
import { dbName } from '../store/dialect.ts';
import type { ArticleJob } from './producer.ts';

export interface WorkerOptions extends Omit<PipelineSpec, 'components'> {
  queue: string;
  queueName?: string;
  db: string;
  /** How long a job stays locked without a heartbeat; a killed worker's job returns after it. */
  lockMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/**
 * Pulls article jobs and stores their results. Delivery is at least once (a killed worker's job
 * is redelivered once its lock lapses); the store's upsert on (article id, model version) makes
 * a second delivery harmless. Bad input fails the job at once; other errors retry with backoff.
 */
export async function runWorker(opts: WorkerOptions): Promise<{ stored: number; skipped: number; failed: number }> {
  const name = opts.queueName ?? DEFAULT_QUEUE_NAME;
  const log = opts.log ?? (() => undefined);
  const redis = await openRedis(opts.queue);
  const store = await Store.open(opts.db);
  const pipelines = new Map<string, { pipeline: Pipeline; version: string }>();
  const pipelineFor = async (components?: string[]) => {
    const key = components?.join(',') ?? '*';
    let p = pipelines.get(key);
    if (!p) {
      const spec: PipelineSpec = { components, modelDir: opts.modelDir, pipelineModule: opts.pipelineModule };
      p = { pipeline: await loadPipeline(spec), version: modelVersion(spec) };
      pipelines.set(key, p);
    }
    return p;
  };
  const counts = { stored: 0, skipped: 0, failed: 0 };
  const ownDb = dbName(opts.db);
  /** Databases named by jobs that are not this worker's: each said once. */
  const otherDbs = new Set<string>();

  const handle = async (job: Job<ArticleJob>) => {
    const { record, hash, components, db } = job.data;
    if (db && db !== ownDb && !otherDbs.has(db)) {
      otherDbs.add(db);
      log(`worker: warning: jobs on ${name} were enqueued for --db ${db}; this worker stores into --db ${ownDb}`);
    }
    const { pipeline, version } = await pipelineFor(components);
    const fail = async (reason: string) => {
      await store.saveFailure({ runId: null, articleId: record.id, origin: record.origin, reason, modelVersion: version });
      await redis.incr(counterKey(name, 'failed'));
      counts.failed++;
      throw new UnrecoverableError(reason);
    };
    try {
      if (record.error) return await fail(record.error);
      if ((await store.storedHash(record.id, version)) === hash) {
        await redis.incr(counterKey(name, 'skipped'));
        counts.skipped++;
        return 'skipped';
      }
      const a = analyzeRecord(pipeline, record);
      if (!a.ok) return await fail(a.reason);
      await store.saveArticle({
        id: record.id, hash, modelVersion: version, runId: null, outlet: record.outlet, date: record.date, url: record.url,
        title: a.title, text: a.text, words: a.words, reportJson: JSON.stringify(a.report), rows: spanRows(a.report),
      });
      await redis.incr(counterKey(name, 'stored'));
      counts.stored++;
      return 'stored';
    } catch (e) {
      // `queue status` lists failed jobs from Redis: the version goes with the job. Best effort:
      // when Redis is what failed, the job's retry or failure says so anyway.
      await job.updateData({ ...job.data, modelVersion: version }).catch(() => undefined);
      throw e;
    }
  };

  const lockDuration = opts.lockMs ?? 30_000;
  const worker = new Worker<ArticleJob>(name, handle, {
    connection: connection(opts.queue),
    concurrency: 1,
    lockDuration,
    stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
    // A job whose worker dies is put back this many times before it counts as poisoned.
    maxStalledCount: 3,
  });
  worker.on('error', (e) => log(`worker: ${e.message}`));
  worker.on('failed', (job, e) => log(`worker: job ${job?.data.record.id ?? '?'} failed: ${e.message}`));
  log(`worker: waiting for jobs on ${name}`);
  await new Promise<void>((resolve) => {
    if (opts.signal?.aborted) resolve();
    opts.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  // close() lets the job in hand finish and be stored before leaving.
  await worker.close();
  await store.close();
  redis.disconnect();
  return counts;
}
