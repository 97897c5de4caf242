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

/**
 * The model version to export: the one asked for, every one for "all", else the latest, as
 * `report` takes it. Exporting every version by default wrote each article once per version (a
 * CSV's spans twice over, semeval and Label Studio tasks twice), and said nothing of it.
 */
async function versionToExport(store: Store, asked: string | undefined): Promise<string | undefined> {
  const versions = await store.all('SELECT model_version AS v, COUNT(*) AS n, MAX(analyzed_at) AS t FROM articles GROUP BY model_version ORDER BY MAX(analyzed_at) DESC');
  const list = (vs: typeof versions) => vs.map((o) => `${o.v} (${Number(o.n)} article${Number(o.n) === 1 ? '' : 's'})`).join(', ');
  if (asked === 'all') {
    if (versions.length > 1) process.stderr.write(`unspin: exporting every model version: ${list(versions)}; an article analysed under several appears once for each\n`);
    return undefined;
  }
  if (asked !== undefined) {
    await store.checkModelVersion(asked);
    return asked;
  }
  const [latest, ...others] = versions;
  if (others.length) process.stderr.write(`unspin: exporting model ${latest!.v} (${Number(latest!.n)} articles), the latest; the database also holds ${list(others)}: choose with --model-version, or all\n`);
  return latest?.v as string | undefined;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('Export stored results: jsonl (full reports), csv (one row per technique span), semeval (articles + TC labels) or label-studio (tasks with predictions)')
    .requiredOption('-f, --format <format>', FORMATS.join(', '))
    .option('--db <target>', 'SQLite file or postgres:// URL', 'results.sqlite')
    .option('-o, --out <path>', 'output file (a folder for semeval); default standard output')
    .option('--model-version <v>', 'the model version to export, or all (default: the latest, as report takes)')
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
        const version = await versionToExport(store, opts.modelVersion);
        const articles = storedArticles(store, version);
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
