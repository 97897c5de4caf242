import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { UserError } from '../io/input.ts';
import { redact } from '../store/dialect.ts';

export const DEFAULT_QUEUE_NAME = 'unspin';

export function checkRedisUrl(url: string): string {
  if (!/^rediss?:\/\//.test(url)) throw new UserError(`--queue ${url}: use a redis:// URL, e.g. redis://localhost:6379`);
  return url;
}

/** BullMQ workers need maxRetriesPerRequest null: they block on Redis and must not give up. */
export const connection = (url: string) => ({ url: checkRedisUrl(url), maxRetriesPerRequest: null });

/** Counters kept beside BullMQ's own: completed jobs are removed, so totals live here. */
export const counterKey = (name: string, what: 'stored' | 'skipped' | 'failed') => `unspin:${name}:${what}`;

/** A plain client for counters; fails fast with one clear line when Redis is not there. */
export async function openRedis(url: string): Promise<Redis> {
  const redis = new Redis(checkRedisUrl(url), { lazyConnect: true, maxRetriesPerRequest: 2, retryStrategy: (n) => (n > 3 ? null : 200 * n) });
  // connect() rejects with "Connection is closed." once retries run out; the cause (refused,
  // unknown host) came as an error event before it.
  let cause: Error | undefined;
  redis.on('error', (e) => (cause = e));
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    throw new UserError(`--queue ${redact(url)}: cannot reach Redis (${(cause ?? (e as Error)).message})`);
  }
  return redis;
}

export const openQueue = (url: string, name = DEFAULT_QUEUE_NAME) => {
  const q = new Queue(name, { connection: connection(url) });
  q.on('error', () => undefined);
  return q;
};
