import type { Command } from 'commander';

export function registerQueue(program: Command): void {
  const queue = program.command('queue').description('Inspect the distributed work queue, and retry its failed jobs');
  queue
    .command('status')
    .description('Progress of the queue: waiting, active, stored, failed (with reasons)')
    .option('--queue <url>', 'Redis URL', process.env.UNSPIN_QUEUE ?? 'redis://127.0.0.1:6379')
    .option('--queue-name <name>', 'queue name', 'unspin')
    .option('-f, --format <format>', 'text or json', 'text')
    .action(async (opts) => {
      const { queueStatus } = await import('../../queue/status.ts');
      const s = await queueStatus(opts.queue, opts.queueName);
      if (opts.format === 'json') {
        process.stdout.write(JSON.stringify(s, null, 2) + '\n');
        return;
      }
      const done = s.stored + s.skipped + s.failed;
      const pct = s.total ? ` (${Math.round((100 * done) / s.total)}%)` : '';
      const lines = [
        `queue ${s.queue}: ${done}/${s.total} done${pct}`,
        `  waiting ${s.waiting}, active ${s.active}, retrying ${s.delayed}`,
        `  stored ${s.stored}, skipped (already stored) ${s.skipped}, failed ${s.failed}`,
        ...s.failedJobs.map((f) => `  failed: ${f.id} after ${f.attempts} attempt(s)${f.modelVersion ? ` under model ${f.modelVersion}` : ''}: ${f.reason}`),
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
  queue
    .command('retry')
    .description('Move the failed jobs back to waiting, so that workers analyse them again (after a fix or a new model)')
    .option('--queue <url>', 'Redis URL', process.env.UNSPIN_QUEUE ?? 'redis://127.0.0.1:6379')
    .option('--queue-name <name>', 'queue name', 'unspin')
    .action(async (opts) => {
      const { retryFailed } = await import('../../queue/retry.ts');
      const r = await retryFailed(opts.queue, opts.queueName);
      process.stdout.write(`queue ${r.queue}: ${r.retried} failed job${r.retried === 1 ? '' : 's'} moved back to waiting${r.retried ? `; workers will analyse ${r.retried === 1 ? 'it' : 'them'} again` : ''}\n`);
    });
}
