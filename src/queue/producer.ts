import { createHash } from 'node:crypto';
import { Job, type IRedisTransaction, type Queue } from 'bullmq';
import type { ChainableCommander } from 'ioredis';
import { Store } from '../store/store.ts';
import { MonthlessDates } from '../store/month.ts';
import { modelVersion } from '../batch/model-version.ts';
import { contentHash, type FieldMap, type InputRecord } from '../batch/record.ts';
import { checkInputs, readInputs } from '../batch/sources.ts';
import { DEFAULT_QUEUE_NAME, openQueue, openRedis } from './connection.ts';
import { dbName } from '../store/dialect.ts';

export interface ArticleJob {
  record: InputRecord;
  hash: string;
  components?: string[];
  /**
   * The database the enqueuing batch named (`--db`; `dbName`): a worker stores into its
   * own `--db`, and says so when the two differ, since the results would not be where the batch
   * looked for stored articles.
   */
  db?: string;
  /** Set by a worker when the job fails: the model version it failed under (`queue status`). */
  modelVersion?: string;
}

export interface EnqueueOptions {
  inputs: string[];
  fields: FieldMap;
  metadata?: string;
  maxBytes?: number;
  /** The encoding of a folder's files (`--encoding`). */
  encoding?: string;
  components?: string[];
  modelDir?: string;
  pipelineModule?: string;
  queue: string;
  queueName?: string;
  /** When given, articles already stored there under this model version are not enqueued. */
  db?: string;
  signal?: AbortSignal;
  quiet?: boolean;
}

/**
 * Retries back off exponentially (1 s, 2 s, 4 s, …); completed jobs are dropped so Redis holds
 * only the work still to do, and failed ones stay with their reason for `queue status`.
 */
export const JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: false,
} as const;

/** Same record content and components → same job id, so enqueuing twice adds it once. */
const jobId = (rec: InputRecord, hash: string, components?: string[]) =>
  createHash('sha256').update(`${rec.id}\0${hash}\0${components?.join(',') ?? '*'}`).digest('hex').slice(0, 40);

type NewJob = { name: string; data: ArticleJob; opts: typeof JOB_OPTIONS & { jobId: string } };

/** What adding a job found: no job of its id, one Redis holds (waiting, active, retrying), or one that failed. */
type Added = 'new' | 'held' | 'failed';

/**
 * Adds jobs and says which were new. `Queue.addBulk` cannot tell: for an id Redis already holds,
 * BullMQ's add script only emits a "duplicated" event and returns the id, as for a new job
 * (bullmq 6.7 `commands/addStandardJob-9.lua`, `includes/handleDuplicatedJob.lua`), and addBulk
 * hands back the job objects it built. So each add runs after an EXISTS on its key and a ZSCORE
 * in the failed set, in one MULTI: atomic, so neither a worker finishing (and removing) the job
 * nor another batch adding it can come between the check and the add.
 */
async function addJobs(queue: Queue, jobs: NewJob[]): Promise<Added[]> {
  // BullMQ's transaction type lists only the commands BullMQ uses; under it is ioredis's MULTI.
  const multi = (await queue.getBackend().client).multi() as IRedisTransaction & ChainableCommander;
  for (const j of jobs) {
    multi.exists(queue.toKey(j.opts.jobId));
    multi.zscore(queue.keys.failed!, j.opts.jobId);
    // Queued on the MULTI, not run: this resolves at once.
    await new Job(queue, j.name, j.data, j.opts, j.opts.jobId).addJob(multi);
  }
  const results = await multi.exec();
  if (!results) throw new Error('enqueue: Redis discarded the transaction');
  return jobs.map((j, i) => {
    const [[e1, exists], [e2, failedAt], [e3, added]] = results.slice(3 * i, 3 * i + 3) as Array<[Error | null, unknown]>;
    const e = e1 ?? e2 ?? e3;
    if (e) throw e;
    if (typeof added === 'number' && added < 0) throw new Error(`enqueue: BullMQ refused job ${j.opts.jobId} (code ${added})`);
    return !exists ? 'new' : failedAt === null ? 'held' : 'failed';
  });
}

export interface EnqueueResult {
  /** Jobs added by this call. */
  enqueued: number;
  /** Jobs not added because Redis already held one of that id: waiting, active, retrying or failed. */
  alreadyQueued: number;
  /** Of those, the ones that failed: they stay failed, enqueuing again does not retry them. */
  alreadyFailed: number;
  /** Articles stored under this model version with the same content (with `db`): not enqueued. */
  skipped: number;
  /** Unreadable records, among the enqueued and already queued: the worker files them as failures. */
  failed: number;
  queueName: string;
  modelVersion: string;
  interrupted: boolean;
  dateWarning: string | null;
}

export async function enqueueBatch(opts: EnqueueOptions): Promise<EnqueueResult> {
  checkInputs(opts.inputs, opts.metadata);
  // The version checks the components: first, so a typo opens no queue and creates no database.
  const version = modelVersion({ components: opts.components, modelDir: opts.modelDir, pipelineModule: opts.pipelineModule });
  const name = opts.queueName ?? DEFAULT_QUEUE_NAME;
  // Fail with one clear line before reading any input when Redis is not there.
  (await openRedis(opts.queue)).disconnect();
  const queue = openQueue(opts.queue, name);
  const store = opts.db ? await Store.open(opts.db) : null;
  let enqueued = 0;
  let alreadyQueued = 0;
  let alreadyFailed = 0;
  let skipped = 0;
  let failed = 0;
  const monthless = new MonthlessDates();
  let last = Date.now();
  let batch: NewJob[] = [];
  const flush = async () => {
    if (!batch.length) return;
    for (const added of await addJobs(queue, batch)) {
      if (added === 'new') enqueued++;
      else alreadyQueued++;
      if (added === 'failed') alreadyFailed++;
    }
    batch = [];
    if (!opts.quiet && Date.now() - last > 10_000) {
      last = Date.now();
      process.stderr.write(`enqueue: ${enqueued} new articles on ${name}, ${alreadyQueued} already on it\n`);
    }
  };
  try {
    for await (const record of readInputs(opts.inputs, { fields: opts.fields, maxBytes: opts.maxBytes, encoding: opts.encoding, metadata: opts.metadata })) {
      if (opts.signal?.aborted) break;
      const hash = contentHash(record);
      if (!record.error) monthless.note(record.date);
      if (record.error) failed++;
      else if (store && (await store.storedHash(record.id, version)) === hash) {
        skipped++;
        continue;
      }
      // Unreadable records are enqueued too: the worker files them as failures with their reason.
      batch.push({ name: 'article', data: { record, hash, components: opts.components, ...(opts.db ? { db: dbName(opts.db) } : {}) }, opts: { ...JOB_OPTIONS, jobId: jobId(record, hash, opts.components) } });
      if (batch.length >= 200) await flush();
    }
    await flush();
  } finally {
    await queue.close();
    await store?.close();
  }
  return { enqueued, alreadyQueued, alreadyFailed, skipped, failed, queueName: name, modelVersion: version, interrupted: !!opts.signal?.aborted, dateWarning: monthless.warning() };
}
