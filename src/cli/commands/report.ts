import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { UserError } from '../../io/input.ts';
import { Store } from '../../store/store.ts';
import { aggregate, type CorpusReport } from '../../store/aggregate.ts';
import { renderHtml } from '../../batch/report-html.ts';

const csvCell = (v: unknown) => {
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvLines = (rows: unknown[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

/** One table per --by value: a row per outlet/month with every technique's rate, or per technique. */
export function toCsv(r: CorpusReport, by: 'outlet' | 'month' | 'technique'): string {
  if (by === 'technique') return csvLines([['technique', 'spans', 'articles', 'per_1000_words'], ...r.techniques.map((t) => [t.technique, t.spans, t.articles, t.rate])]);
  const techniques = r.techniques.map((t) => t.technique);
  const rows = by === 'outlet' ? r.outlets : r.months;
  return csvLines([
    [by, 'articles', 'words', 'spans', 'per_1000_words', ...techniques.map((t) => `${t}_per_1000_words`)],
    ...rows.map((g) => [g.key, g.articles, g.words, g.spans, g.rate, ...techniques.map((t) => g.techniques[t] ?? 0)]),
  ]);
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Summarise a results database: technique rates per 1,000 words by outlet and month, top narratives and claims')
    .option('--db <target>', 'SQLite file or postgres:// URL', 'results.sqlite')
    .option('--by <dimension>', 'outlet, month or technique (CSV rows; JSON section)')
    .option('-f, --format <format>', 'html, csv or json', 'html')
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .option('--model-version <v>', 'which model version to report (default: the latest used)')
    .option('--top <n>', 'how many narratives and claims to list', '20')
    .action(async (opts) => {
      if (!['html', 'csv', 'json'].includes(opts.format)) throw new UserError(`unknown format "${opts.format}" (use html, csv or json)`);
      if (opts.by !== undefined && !['outlet', 'month', 'technique'].includes(opts.by)) throw new UserError(`--by ${opts.by}: use outlet, month or technique`);
      const top = Number(opts.top);
      if (!Number.isInteger(top) || top < 1) throw new UserError(`--top ${opts.top}: use a whole number of 1 or more`);
      if (!/^postgres(ql)?:\/\//.test(opts.db)) {
        const { existsSync } = await import('node:fs');
        if (!existsSync(opts.db)) throw new UserError(`--db ${opts.db}: no such database (run \`unspin batch\` first)`);
      }
      const store = await Store.open(opts.db, { existing: true });
      let r: CorpusReport;
      try {
        await store.checkModelVersion(opts.modelVersion);
        r = await aggregate(store, { modelVersion: opts.modelVersion, top });
        // The latest version is taken silently otherwise: after a run with other components or a
        // retrained model, a report of part of the database would read as one of all of it.
        if (!opts.modelVersion && r.otherVersions.length) {
          const list = r.otherVersions.map((o) => `${o.modelVersion} (${o.articles} article${o.articles === 1 ? '' : 's'})`).join(', ');
          process.stderr.write(`unspin: report of model ${r.modelVersion} (${r.articles} articles); the database also holds ${list}: choose with --model-version\n`);
        }
      } finally {
        await store.close();
      }
      if (!r.articles) process.stderr.write('unspin: the database holds no analysed articles for this model version\n');
      let out: string;
      if (opts.format === 'html') out = renderHtml(r);
      else if (opts.format === 'csv') out = toCsv(r, opts.by ?? 'outlet');
      else {
        const section = { outlet: r.outlets, month: r.months, technique: r.techniques }[opts.by as 'outlet'];
        out = JSON.stringify(opts.by ? section : r, null, 2) + '\n';
      }
      if (opts.out) {
        writeFileSync(opts.out, out);
        process.stderr.write(`unspin: wrote ${opts.out}\n`);
      } else process.stdout.write(out);
    });
}
