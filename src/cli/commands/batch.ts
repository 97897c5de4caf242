import type { Command } from 'commander';
import { resolve } from 'node:path';
import { encodingName, parseSize } from '../../io/input.ts';
import { runBatch } from '../../batch/run.ts';
import { redact } from '../../store/dialect.ts';
import { addFieldOptions, addPipelineOptions, componentsFrom, fieldsFrom, positiveInt } from './options.ts';

/** Signals this close together are one Ctrl-C delivered twice, not a second Ctrl-C. */
const SAME_SIGNAL_MS = 500;

/**
 * 130 after a Ctrl-C; 2 when a record failed (as `analyze --jsonl` exits after a bad line), so a
 * script that runs a batch learns of it without parsing the summary; 0 otherwise.
 */
export function exitCodeFor(r: { interrupted: boolean; failed: number }): number {
  if (r.interrupted) return 130;
  return r.failed ? 2 : 0;
}

export function registerBatch(program: Command): void {
  const cmd = program
    .command('batch')
    .description('Analyse many articles into a results database (resumable; Ctrl-C stops cleanly)')
    .argument('<inputs...>', 'folders of .txt/.html files, .jsonl files or .csv/.tsv files')
    .option('--db <target>', 'SQLite file or postgres:// URL', 'results.sqlite')
    .option('--threads <n>', 'worker threads (default: one per core)')
    .option('--metadata <file>', 'CSV/TSV giving url, outlet and date of the files in a folder input, joined on --id-field')
    .option('--queue <url>', 'enqueue on this Redis (redis://…) for `unspin worker` processes instead of analysing here')
    .option('--queue-name <name>', 'with --queue: the queue to fill, as given to `worker --queue-name`', 'unspin')
    .option('--max-size <size>', "largest article accepted (a file, or a record's text field), e.g. 512KB", '5MB')
    .option('--encoding <label>', 'encoding of the files in folder inputs, e.g. windows-1252 (default: UTF-8, or the charset an HTML page declares when its bytes are not UTF-8); JSONL and CSV are read as UTF-8')
    .option('-q, --quiet', 'no progress output');
  addPipelineOptions(cmd);
  addFieldOptions(cmd);
  cmd.action(async (inputs: string[], opts) => {
    const fields = fieldsFrom(opts);
    const common = {
      inputs,
      fields,
      metadata: opts.metadata,
      maxBytes: parseSize(opts.maxSize),
      encoding: opts.encoding === undefined ? undefined : encodingName(opts.encoding),
      components: componentsFrom(opts.components),
      modelDir: opts.model,
      pipelineModule: opts.pipelineModule ? resolve(opts.pipelineModule) : undefined,
    };
    const stop = new AbortController();
    let stoppingSince = 0;
    const onSigint = () => {
      // A second Ctrl-C leaves at once. Copies of one signal arriving together count once: a
      // terminal's Ctrl-C reaches this process and the launcher, which passes it on too (bin/unspin.js).
      if (stop.signal.aborted) {
        if (Date.now() - stoppingSince > SAME_SIGNAL_MS) process.exit(130);
        return;
      }
      stoppingSince = Date.now();
      process.stderr.write('\nunspin: stopping after the articles in flight (Ctrl-C again to quit at once)\n');
      stop.abort();
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    try {
      if (opts.queue) {
        const { enqueueBatch } = await import('../../queue/producer.ts');
        const r = await enqueueBatch({ ...common, queue: opts.queue, queueName: opts.queueName, db: opts.db === 'results.sqlite' ? undefined : opts.db, signal: stop.signal, quiet: opts.quiet });
        // Jobs Redis already holds are not added again, and a failed one stays failed: said apart from the new ones.
        const one = r.alreadyFailed === 1;
        const failedThere = r.alreadyFailed ? ` (${r.alreadyFailed} of them failed there: \`unspin queue status\` lists ${one ? 'it' : 'them'}, \`unspin queue retry\` queues failed jobs again)` : '';
        process.stderr.write(
          `unspin: enqueued ${r.enqueued} new articles on ${r.queueName}; ${r.alreadyQueued} already on the queue${failedThere}, ${r.skipped} already stored, ${r.failed} unreadable; model ${r.modelVersion}\n`,
        );
        if (r.dateWarning) process.stderr.write(`unspin: warning: ${r.dateWarning}\n`);
        process.exitCode = exitCodeFor(r);
        return;
      }
      const r = await runBatch({ ...common, db: opts.db, threads: opts.threads ? positiveInt(opts.threads, '--threads') : undefined, quiet: opts.quiet, signal: stop.signal });
      if (r.dateWarning) process.stderr.write(`unspin: warning: ${r.dateWarning}\n`);
      process.stderr.write(
        `unspin: run ${r.runId} ${r.interrupted ? 'interrupted' : 'finished'} in ${r.seconds.toFixed(1)}s: ${r.done} analysed, ${r.skipped} skipped (already stored), ${r.failed} failed; model ${r.modelVersion}; results in ${redact(opts.db)}\n`,
      );
      if (!r.done && !r.skipped && !r.failed && !r.interrupted) process.stderr.write('unspin: warning: the inputs hold no article (a folder\'s .txt/.html files, JSONL lines, CSV rows): check the paths\n');
      process.exitCode = exitCodeFor(r);
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  });
}
