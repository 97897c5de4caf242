import { Command, CommanderError } from 'commander';
import { UserError } from '../io/input.ts';
import { FormatError } from '../io/semeval.ts';

const program = new Command('unspin')
  .description('See where and how a news text spins its reader. Runs offline.')
  .version('0.1.0')
  .showHelpAfterError('(unspin <command> --help lists its options)')
  .exitOverride();

// Each command lives in its own file under commands/. Only the command being run is imported,
// so `unspin claims` or the batch main thread do not load every model's code; help loads all.
type Register = (program: Command) => void;
const COMMANDS: Record<string, () => Promise<Register>> = {
  analyze: async () => (await import('./commands/analyze.ts')).registerAnalyze,
  semeval: async () => (await import('./commands/semeval.ts')).registerSemeval,
  claims: async () => (await import('./commands/claims.ts')).registerClaims,
  headline: async () => (await import('./commands/headline.ts')).registerHeadline,
  entities: async () => (await import('./commands/entities.ts')).registerEntities,
  batch: async () => (await import('./commands/batch.ts')).registerBatch,
  worker: async () => (await import('./commands/worker.ts')).registerWorker,
  queue: async () => (await import('./commands/queue.ts')).registerQueue,
  report: async () => (await import('./commands/report.ts')).registerReport,
  export: async () => (await import('./commands/export.ts')).registerExport,
  train: async () => (await import('./commands/train.ts')).registerTrain,
  serve: async () => (await import('./commands/serve.ts')).registerServe,
  kb: async () => (await import('./commands/kb.ts')).registerKb,
  match: async () => (await import('./commands/match.ts')).registerMatch,
};

const asked = process.argv[2];
const names = asked !== undefined && asked in COMMANDS ? [asked] : Object.keys(COMMANDS);
for (const name of names) (await COMMANDS[name]!())(program);

// A reader that stops early (`unspin semeval si ... | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

function fail(message: string, code: number): never {
  process.stderr.write(`unspin: ${message}\n`);
  process.exit(code);
}

/** What a file error means, for the paths a user gives (`-o` into a folder that is not there). */
const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file, or its folder does not exist',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'already exists',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // Help and --version exit 0; a usage mistake (unknown option, missing argument) exits 2, as bad input does.
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  if (e instanceof UserError) fail(e.message, e.exitCode);
  if (e instanceof FormatError) fail(e.message, 2);
  const err = e as NodeJS.ErrnoException;
  if (err?.code && err.path && FILE_ERRORS[err.code]) fail(`${err.path}: ${FILE_ERRORS[err.code]}`, 2);
  // Anything else is our bug: one line by default, the stack only on request.
  if (process.env.UNSPIN_DEBUG) console.error(e);
  fail(`internal error: ${(e as Error)?.message ?? e} (set UNSPIN_DEBUG=1 for details)`, 1);
}
