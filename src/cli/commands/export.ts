import type { Command } from 'commander';
import { createWriteStream, existsSync, mkdirSync, openSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { UserError } from '../../io/input.ts';
import { Store } from '../../store/store.ts';
import { rowsInCodePoints } from '../../io/semeval.ts';
import { CSV_HEADER, LABEL_CONFIG, csvLine, csvRows, labelStudioTask, semevalId, storedArticles } from '../../store/export.ts';

const FORMATS = ['jsonl', 'csv', 'semeval', 'label-studio'];

/**
 * A stream to a new file, opened at once: a stream opened lazily reports a missing folder as an
 * 'error' event while the export waits for 'drain', which never comes (the process ended with no
 * message). Opened here, the error is thrown with its path, and the CLI says what it means.
 */
function outputFile(path: string): WriteStream {
  return createWriteStream(path, { fd: openSync(path, 'w') });
}

/** Writes with backpressure so a large export streams instead of filling memory. */
async function write(out: NodeJS.WritableStream, chunk: string) {
  if (!out.write(chunk)) await once(out, 'drain');
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Export stored results: jsonl (full reports), csv (one row per technique span), semeval (articles + TC labels) or label-studio (tasks with predictions)')
    .requiredOption('-f, --format <format>', FORMATS.join(', '))
    .option('--db <target>', 'SQLite file or postgres:// URL', 'results.sqlite')
    .option('-o, --out <path>', 'output file (a folder for semeval); default standard output')
    .option('--model-version <v>', 'only this model version (default: all)')
    .action(async (opts) => {
      if (!FORMATS.includes(opts.format)) throw new UserError(`unknown format "${opts.format}" (use ${FORMATS.join(', ')})`);
      if (opts.format === 'semeval' && !opts.out) throw new UserError('--format semeval writes a folder: give it with --out DIR');
      if (!/^postgres(ql)?:\/\//.test(opts.db) && !existsSync(opts.db)) throw new UserError(`--db ${opts.db}: no such database (run \`unspin batch\` first)`);
      // `export … | head` closes the pipe early: that is the reader's choice, not an error.
      process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(0) : undefined));
      const store = await Store.open(opts.db, { existing: true });
      let file: WriteStream | null = null;
      let n = 0;
      try {
        await store.checkModelVersion(opts.modelVersion);
        const articles = storedArticles(store, opts.modelVersion);
        if (opts.format === 'semeval') {
          const dir = join(opts.out, 'articles');
          mkdirSync(dir, { recursive: true });
          const labels = outputFile(join(opts.out, 'techniques.labels'));
          file = labels;
          // Ids that differ only in characters a file name cannot keep ("x.1", "x_1") would share
          // one file: a later one gets a suffix, and the renaming is said.
          const used = new Set<string>();
          for await (const a of articles) {
            let id = semevalId(a.id);
            for (let k = 2; used.has(id); k++) id = `${semevalId(a.id)}-${k}`;
            used.add(id);
            if (id !== semevalId(a.id)) process.stderr.write(`unspin: article "${a.id}" exported as article${id}.txt (its safe name was taken)\n`);
            writeFileSync(join(dir, `article${id}.txt`), a.text);
            // The task counts code points, the report UTF-16 units (`rowsInCodePoints`).
            const rows = rowsInCodePoints((a.report.techniques ?? []).map((t) => ({ article: id, technique: t.technique, start: t.start, end: t.end })), a.text);
            for (const r of rows) await write(labels, `${r.article}\t${r.technique}\t${r.start}\t${r.end}\n`);
            n++;
          }
        } else {
          const out: NodeJS.WritableStream = opts.out ? (file = outputFile(opts.out)) : process.stdout;
          if (opts.format === 'csv') await write(out, csvLine(CSV_HEADER));
          if (opts.format === 'label-studio') await write(out, '[\n');
          for await (const a of articles) {
            if (opts.format === 'jsonl') await write(out, JSON.stringify(a) + '\n');
            else if (opts.format === 'csv') await write(out, csvRows(a));
            else await write(out, (n ? ',\n' : '') + JSON.stringify(labelStudioTask(a)));
            n++;
          }
          if (opts.format === 'label-studio') {
            await write(out, '\n]\n');
            if (opts.out) writeFileSync(`${opts.out.replace(/\.json$/, '')}.config.xml`, LABEL_CONFIG);
          }
        }
      } finally {
        await store.close();
        if (file) {
          file.end();
          await once(file, 'finish');
        }
      }
      if (opts.out) process.stderr.write(`unspin: exported ${n} articles to ${opts.out}${opts.format === 'label-studio' ? ` (labelling config: ${opts.out.replace(/\.json$/, '')}.config.xml)` : ''}\n`);
    });
}
