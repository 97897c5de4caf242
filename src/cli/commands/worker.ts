import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { positiveInt } from './options.ts';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Analyse articles from a Redis queue (filled by `batch --queue`) into a database; run one per core, on any number of machines')
    .requiredOption('--queue <url>', 'Redis URL, e.g. redis://10.0.0.5:6379')
    .requiredOption('--db <target>', 'postgres:// URL shared by all workers (or a SQLite file for one machine)')
    .option('--queue-name <name>', 'queue name', 'unspin')
    .option('--model <dir>', 'folder with trained models (default: the bundled models/)')
    .option('--lock-ms <ms>', 'how long a job stays claimed without a heartbeat before another worker takes it', '30000')
    .addOption(new Option('--pipeline-module <file>', 'module exporting createPipeline() (tests)').hideHelp())
    .action(async (opts) => {
      const { runWorker } = await import('../../queue/worker.ts');
      const stop = new AbortController();
      const onSignal = () => {
        if (stop.signal.aborted) process.exit(130);
        process.stderr.write('unspin: worker stopping after the current article\n');
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const counts = await runWorker({
        queue: opts.queue,
        queueName: opts.queueName,
        db: opts.db,
        modelDir: opts.model,
        lockMs: positiveInt(opts.lockMs, '--lock-ms'),
        pipelineModule: opts.pipelineModule ? resolve(opts.pipelineModule) : undefined,
        signal: stop.signal,
        log: (line) => process.stderr.write(line + '\n'),
      });
      process.stderr.write(`unspin: worker stopped: ${counts.stored} stored, ${counts.skipped} skipped, ${counts.failed} failed\n`);
    });
}
