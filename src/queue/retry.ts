import { DEFAULT_QUEUE_NAME, openQueue, openRedis } from './connection.ts';

/**
 * Moves the queue's failed jobs back to waiting, so that workers analyse them again: after a fix,
 * a retrained model, or a database that was down for longer than a job's retries. Enqueuing the
 * input again cannot do it: a failed job stays in Redis under its id, and the same id is not added
 * twice (producer.ts). The count is the failed jobs before less those after: a job that fails
 * while this runs can make it one off.
 */
export async function retryFailed(url: string, name = DEFAULT_QUEUE_NAME): Promise<{ queue: string; retried: number }> {
  // A Redis that is not there is said at once, as the other queue commands say it; BullMQ's own
  // connection retries for ever, and `queue retry` waited in silence.
  (await openRedis(url)).disconnect();
  const queue = openQueue(url, name);
  try {
    const before = await queue.getJobCountByTypes('failed');
    // BullMQ moves them in rounds of `count` until none that failed before now is left.
    await queue.retryJobs({ state: 'failed', count: 1000 });
    const after = await queue.getJobCountByTypes('failed');
    return { queue: name, retried: Math.max(0, before - after) };
  } finally {
    await queue.close();
  }
}
