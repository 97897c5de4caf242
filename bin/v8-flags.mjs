// V8 flags for `unspin batch`, whose analysis threads keep every core busy.
// - By default V8 marks garbage and optimises hot functions on helper threads of its own. While a
//   batch runs, those helpers take turns on the cores the analysis threads need: with one analysis
//   thread over 1,500 articles (throwaway probe, 2 cores) they burned 7.2 s of CPU besides the
//   main thread's 2.6 s, 4.2 s of it compiling. `--single-threaded-gc` and
//   `--no-concurrent-recompilation` do that work on each analysis thread itself, which costs
//   less CPU in all (10,000 articles, one thread, runs interleaved with V8's defaults: 23.2-23.6
//   against 24.7-24.8 ms per article).
// - `--max-semi-space-size=4` (MB) bounds the young generation of the main thread, which only
//   reads input and writes the store: V8 let it grow to 46 MB of heap for 21 MB in use. The
//   analysis threads set their own (src/batch/pool.ts). Peak RSS with two threads fell by about
//   23 MB (3,000 articles; both figures from throwaway probes).
// `npm run bench:batch` runs with these flags (`--v8-defaults` without); figures in the README and bench/HISTORY.md.
// V8 reads them only at start-up (setting them at run time crashed it), so bin/unspin.js starts
// the batch in a second node process that carries them.
export const BATCH_V8_FLAGS = ['--single-threaded-gc', '--no-concurrent-recompilation', '--max-semi-space-size=4'];

/** The command name: the first argument that is not an option. */
const commandOf = (argv) => argv.find((a) => !a.startsWith('-'));

/**
 * The flags the CLI starts with for these arguments: `batch` analysing here (not `--queue`,
 * which only enqueues, nor `--help`). Other commands keep V8's defaults.
 */
export function v8FlagsFor(argv) {
  if (commandOf(argv) !== 'batch') return [];
  if (argv.some((a) => a === '--queue' || a.startsWith('--queue=') || a === '--help' || a === '-h')) return [];
  return BATCH_V8_FLAGS;
}
