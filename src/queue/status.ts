import { DEFAULT_QUEUE_NAME, counterKey, openQueue, openRedis } from './connection.ts';
import type { ArticleJob } from './producer.ts';

export interface QueueStatus {
  queue: string;
  /** Every distinct job seen: done (stored, skipped, failed) plus still to do. */
  total: number;
  stored: number;
  skipped: number;
  failed: number;
  waiting: number;
  active: number;
  delayed: number;
  /** `modelVersion`: the one the job failed under, null when the worker could not say (no model loaded). */
  failedJobs: Array<{ id: string; reason: string; attempts: number; modelVersion: string | null }>;
}

export async function queueStatus(url: string, name = DEFAULT_QUEUE_NAME, show = 10): Promise<QueueStatus> {
  const redis = await openRedis(url);
  const queue = openQueue(url, name);
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children');
    const [stored, skipped] = await Promise.all(
      (['stored', 'skipped'] as const).map(async (k) => Number((await redis.get(counterKey(name, k))) ?? 0)),
    );
    const failed = await queue.getFailed(0, show - 1);
    return {
      queue: name,
      stored: stored!, skipped: skipped!,
      failed: counts.failed ?? 0,
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      total: stored! + skipped! + (counts.failed ?? 0) + (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0),
      failedJobs: failed.map((j) => {
        const data = j.data as Partial<ArticleJob> | undefined;
        return { id: data?.record?.id ?? String(j.id), reason: j.failedReason ?? '', attempts: j.attemptsMade, modelVersion: data?.modelVersion ?? null };
      }),
    };
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
