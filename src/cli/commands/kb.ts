import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { UserError, encodingName } from '../../io/input.ts';
import { readQueries, type QueryLine } from '../../io/queries.ts';
import { inert } from '../render.ts';
import { BUILT_IN_KBS, buildKb, ensureKb } from '../../kb/build.ts';
import { defaultDataRoot, defaultKbPath } from '../../kb/paths.ts';
import { kbCounts, openKb } from '../../kb/db.ts';
import { IMPORT_FORMATS, catalogueNameProblem, importFile, type ImportFormat } from '../../kb/import.ts';
import { kbHandle } from '../../kb/handle.ts';
import { DEFAULT_MODEL_DIR } from '../../pipeline/registry.ts';
import { Reranker } from '../../kb/reranker.ts';
import type { KbSearcher } from '../../kb/search.ts';
import { kbSearchOptions } from '../../kb/search-options.ts';
import { encode } from '../../kb/encoder.ts';

const log = (line: string) => process.stderr.write(line + '\n');
/** Queries encoded together by `kb search`. */
const SEARCH_BATCH = 64;

/**
 * `--top` limits. `kb search` is an evaluation output: deeper ranked lists (MAP, recall at k) cost
 * one short JSON object per match. `match` prints each match in full (title, summary, URL) and
 * answers as POST /v1/match does, whose schema allows 50.
 */
export const SEARCH_TOP_MAX = 100;
export const MATCH_TOP_MAX = 50;

export function topOption(v: string, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UserError(`--top must be a whole number from 1 to ${max}, not "${v}"`);
  return n;
}

/** The searcher over an existing KB (or the default one, built on first use). */
export function openSearcher(kbPath: string | undefined, modelDir = DEFAULT_MODEL_DIR) {
  const path = kbPath ?? defaultKbPath();
  if (kbPath && !existsSync(kbPath)) throw new UserError(`${kbPath}: no knowledge base there (build one with \`unspin kb build --db ${kbPath}\`)`);
  const h = kbHandle({ modelDir, kbPath: path });
  if (!h.searcher) throw new UserError(`no knowledge base at ${path} and no data under ${defaultDataRoot()} to build one (set UNSPIN_DATA or run \`unspin kb build --data DIR\`)`);
  if (h.warning) log(`unspin: ${h.warning}`);
  return h;
}

/** The catalogues a `--kb` option names (comma-separated), checked against the KB (`kbsProblem`). */
export function kbsOption(value: unknown, searcher: KbSearcher): string[] | undefined {
  if (value === undefined) return undefined;
  const kbs = String(value).split(',').map((s) => s.trim()).filter(Boolean);
  const problem = searcher.kbsProblem(kbs);
  if (problem) throw new UserError(`--kb: ${problem}`);
  return kbs;
}

export function registerKb(program: Command): void {
  const kb = program.command('kb').description('The knowledge base of known narratives, fact-checks and source labels (SQLite)');

  kb.command('build')
    .description('Build the knowledge base from the shared data sets (EUvsDisinfo, Ukraine-war narratives, Snopes, LIAR, source labels)')
    .option('--data <dir>', 'data root (default: $UNSPIN_DATA or ../shared/data)')
    .option('--db <file>', 'knowledge base file (default: $UNSPIN_KB or .cache/kb.sqlite)')
    .action((opts) => {
      const data = opts.data ?? defaultDataRoot();
      if (!existsSync(data)) throw new UserError(`${data}: no such data folder`);
      buildKb(data, opts.db ?? defaultKbPath(), log);
    });

  kb.command('import')
    .description('Import your own catalogue; idempotent, malformed records (an unreadable CSV row too) are reported by line and skipped, and an impossible date is reported and left out')
    .argument('<file>', 'the file to import')
    .requiredOption('--format <format>', IMPORT_FORMATS.join('|'))
    .option('--kb <name>', `catalogue name for the imported entries (default: claimreview, euvsdisinfo or user); a jsonl record's own "kb" field takes precedence, is checked the same way, and may not name a built-in catalogue (${BUILT_IN_KBS.join(', ')}) other than --kb: such a record is reported and skipped`)
    .option('--db <file>', 'knowledge base file (default: $UNSPIN_KB or .cache/kb.sqlite)')
    .option('--encoding <label>', "the file's encoding, e.g. windows-1252 for a spreadsheet's CSV export (default: UTF-8)")
    .action(async (file: string, opts) => {
      if (!IMPORT_FORMATS.includes(opts.format)) throw new UserError(`unknown format "${opts.format}" (use ${IMPORT_FORMATS.join(', ')})`);
      const problem = opts.kb === undefined ? null : catalogueNameProblem(opts.kb);
      if (problem) throw new UserError(`--kb: ${problem}`);
      // Checked before a missing KB is built: a mistyped label fails at once.
      if (opts.encoding !== undefined) encodingName(opts.encoding);
      const kbPath: string = opts.db ?? defaultKbPath();
      // A KB made by an import holds only its entries, and `analyze` would never build the
      // catalogues beside them: a missing KB is built first when the data is there.
      if (!existsSync(kbPath)) {
        const data = defaultDataRoot();
        const built = ensureKb(kbPath, data, log);
        if (built) built.close();
        else log(`unspin: no knowledge base at ${kbPath} and no data under ${data}: a new one holds only what you import (\`unspin kb build\` adds the catalogues later, keeping it)`);
      }
      const db = openKb(kbPath, { create: true });
      const r = await importFile(db, file, opts.format as ImportFormat, opts.kb, opts.encoding);
      db.close();
      // A reason quotes the record, which may hold control characters: shown escaped.
      const said = [...r.skipped.map((s) => ({ ...s, reason: `skipped: ${s.reason}` })), ...r.notes].sort((a, b) => a.line - b.line);
      for (const s of said) log(`${file}:${s.line}: ${inert(s.reason)}`);
      log(`imported ${r.imported} entr${r.imported === 1 ? 'y' : 'ies'}, skipped ${r.skipped.length}`);
      if (!r.imported && r.skipped.length) process.exitCode = 2;
    });

  kb.command('search')
    .description('Rank catalogued items for each query: reads JSON lines {"id","text"}, prints {"id","matches":[{"kb","id","score"}]} per line; a malformed line gets {"id","matches":[],"error"} and exit code 2 at the end')
    .requiredOption('--jsonl <file>', 'queries, one JSON object per line (- for standard input)')
    .option('--top <n>', `matches per query, 1 to ${SEARCH_TOP_MAX} (\`match\` stops at ${MATCH_TOP_MAX}: it prints each in full)`, '5')
    .option('--kb <names>', 'only these catalogues, comma-separated (e.g. snopes)')
    .option('--db <file>', 'knowledge base file (default: $UNSPIN_KB or .cache/kb.sqlite)')
    .option('--lexical', 'skip the semantic stage (sentence vectors, about 70 ms per tweet-length query): the lexical re-ranker alone')
    .action(async (opts) => {
      const top = topOption(opts.top, SEARCH_TOP_MAX);
      const queries = readQueries(opts.jsonl);
      const { searcher } = openSearcher(opts.db);
      const kbs = kbsOption(opts.kb, searcher!);
      const scorer = searcher!.scorer;
      let semantic = !opts.lexical && scorer instanceof Reranker && scorer.semanticReady;
      if (!opts.lexical && scorer instanceof Reranker && !semantic) log(`unspin: kb search without its semantic stage (${scorer.semanticProblem}): the lexical re-ranker alone`);
      const namedKbs = scorer instanceof Reranker ? scorer.calibration.namedKbs : undefined;
      // Queries are encoded in batches (about half the time per query of one at a time), then
      // searched in order; typed at a terminal, each is answered at once.
      const batch = opts.jsonl === '-' && process.stdin.isTTY ? 1 : SEARCH_BATCH;
      // Bad lines wait in the batch too, so that every input line's output keeps its place.
      let pending: QueryLine[] = [];
      let done = 0, bad = 0, lastReport = Date.now();
      const flush = async () => {
        const good = pending.filter((q): q is Extract<QueryLine, { text: string }> => !('error' in q));
        let vecs: Float32Array[] | undefined;
        if (semantic && good.length) {
          try {
            vecs = await encode(good.map((q) => q.text));
          } catch (e) {
            semantic = false;
            log(`unspin: the sentence encoder failed (${(e as Error).message}); searching with the lexical re-ranker alone from here on`);
          }
        }
        let i = 0;
        for (const q of pending) {
          if ('error' in q) {
            bad++;
            process.stdout.write(JSON.stringify({ id: q.id, matches: [], error: q.error }) + '\n');
            continue;
          }
          const matches = searcher!.search(q.text, kbSearchOptions(top, kbs, vecs?.[i++], namedKbs)).map((m) => ({ kb: m.entry.kb, id: m.entry.id, score: Math.round(m.score * 1e4) / 1e4 }));
          process.stdout.write(JSON.stringify({ id: q.id, matches }) + '\n');
        }
        done += good.length;
        pending = [];
        if (Date.now() - lastReport > 10_000) {
          lastReport = Date.now();
          log(`kb search: ${done} queries`);
        }
      };
      for await (const q of queries) {
        pending.push(q);
        if (pending.length >= batch) await flush();
      }
      await flush();
      if (bad) throw new UserError(`${bad} malformed line(s); their output lines carry "error" and no matches`);
    });

  kb.command('info')
    .description('What the knowledge base holds')
    .option('--db <file>', 'knowledge base file (default: $UNSPIN_KB or .cache/kb.sqlite)')
    .action((opts) => {
      const path = opts.db ?? defaultKbPath();
      if (!existsSync(path)) throw new UserError(`${path}: no knowledge base (run \`unspin kb build\`)`);
      const db = openKb(path, { readonly: true });
      const counts = kbCounts(db);
      const sources = (db.prepare('SELECT count(DISTINCT domain) n FROM sources').get() as { n: number }).n;
      process.stdout.write(`${path}\n${Object.entries(counts).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n  source labels for ${sources} domains\n`);
    });
}
