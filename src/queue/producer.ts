import { createHash } from 'node:crypto';
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
}

export interface EnqueueOptions {
  inputs: string[];
  fields: FieldMap;
  metadata?: string;
  maxBytes?: number;
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

export async function enqueueBatch(opts: EnqueueOptions) {
  checkInputs(opts.inputs);
  // The version checks the components: first, so a typo opens no queue and creates no database.
  const version = modelVersion({ components: opts.components, modelDir: opts.modelDir, pipelineModule: opts.pipelineModule });
  const name = opts.queueName ?? DEFAULT_QUEUE_NAME;
  // Fail with one clear line before reading any input when Redis is not there.
  (await openRedis(opts.queue)).disconnect();
  const queue = openQueue(opts.queue, name);
  const store = opts.db ? await Store.open(opts.db) : null;
  let enqueued = 0;
  let skipped = 0;
  let failed = 0;
  const monthless = new MonthlessDates();
  let last = Date.now();
  let batch: Array<{ name: string; data: ArticleJob; opts: typeof JOB_OPTIONS & { jobId: string } }> = [];
  const flush = async () => {
    if (!batch.length) return;
    await queue.addBulk(batch);
    enqueued += batch.length;
    batch = [];
    if (!opts.quiet && Date.now() - last > 10_000) {
      last = Date.now();
      process.stderr.write(`enqueue: ${enqueued} articles on ${name}\n`);
    }
  };
  try {
    for await (const record of readInputs(opts.inputs, { fields: opts.fields, maxBytes: opts.maxBytes, metadata: opts.metadata })) {
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
  return { enqueued, skipped, failed, queueName: name, modelVersion: version, interrupted: !!opts.signal?.aborted, dateWarning: monthless.warning() };
}
