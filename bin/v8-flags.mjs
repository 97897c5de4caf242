// V8 flags (and one malloc setting, below) for `unspin batch`, whose analysis threads keep every core busy.
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
// `npm run bench:batch` runs with these flags and BATCH_ENV (`--v8-defaults` without both); figures in the README and bench/HISTORY.md.
// V8 reads them only at start-up (setting them at run time crashed it), so bin/unspin.js starts
// the batch in a second node process that carries them.
export const BATCH_V8_FLAGS = ['--single-threaded-gc', '--no-concurrent-recompilation', '--max-semi-space-size=4'];

// One setting of glibc's malloc for the same process, read at its start-up too. Each analysis
// thread mallocs (whatever it allocates outside V8's heap) from an arena of its own, and glibc
// keeps up to 128 KB free at an arena's top before handing memory back; with threshold 0 it
// hands back whatever is free there. 10,000 articles, two threads, peak RSS 563 and 570 MB
// against 580 and 593 MB without, at 122 and 113 against 124 and 125 articles/s (runs
// interleaved; 3,000 articles: 545-557 against 559-566 MB). MALLOC_ARENA_MAX=2 saved as much
// but slowed the threads (83-90 against 95-109 articles/s), 4 saved about half as much.
// Throwaway runs of `npm run bench:batch -- --runs 1 --threads 2` with the variable set
// (bench/HISTORY.md); a variable the user set is kept, so MALLOC_TRIM_THRESHOLD_=131072
// (glibc's default) measures without it.
export const BATCH_ENV = { MALLOC_TRIM_THRESHOLD_: '0' };

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

/** The environment the process started with these flags gets: `env` with BATCH_ENV's defaults. */
export function envFor(argv, env) {
  return v8FlagsFor(argv).length ? { ...BATCH_ENV, ...env } : env;
}
