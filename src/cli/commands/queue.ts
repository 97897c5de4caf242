import type { Command } from 'commander';

export function registerQueue(program: Command): void {
  const queue = program.command('queue').description('Inspect the distributed work queue');
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
}
