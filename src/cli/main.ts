import { Command, CommanderError } from 'commander';
import { UserError } from '../io/input.ts';
import { FormatError } from '../io/semeval.ts';
import { registerAnalyze } from './commands/analyze.ts';
import { registerSemeval } from './commands/semeval.ts';
import { registerClaims } from './commands/claims.ts';
import { registerHeadline } from './commands/headline.ts';
import { registerEntities } from './commands/entities.ts';
import { registerBatch } from './commands/batch.ts';
import { registerWorker } from './commands/worker.ts';
import { registerQueue } from './commands/queue.ts';
import { registerReport } from './commands/report.ts';
import { registerExport } from './commands/export.ts';
import { registerTrain } from './commands/train.ts';
import { registerServe } from './commands/serve.ts';
import { registerKb } from './commands/kb.ts';
import { registerMatch } from './commands/match.ts';

const program = new Command('unspin')
  .description('See where and how a news text spins its reader. Runs offline.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

// Each command lives in its own file under commands/ and registers itself here.
registerAnalyze(program);
registerSemeval(program);
registerClaims(program);
registerHeadline(program);
registerEntities(program);
registerBatch(program);
registerWorker(program);
registerQueue(program);
registerReport(program);
registerExport(program);
registerTrain(program);
registerServe(program);
registerKb(program);
registerMatch(program);

function fail(message: string, code: number): never {
  process.stderr.write(`unspin: ${message}\n`);
  process.exit(code);
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  if (e instanceof UserError) fail(e.message, e.exitCode);
  if (e instanceof FormatError) fail(e.message, 2);
  // Anything else is our bug: one line by default, the stack only on request.
  if (process.env.UNSPIN_DEBUG) console.error(e);
  fail(`internal error: ${(e as Error)?.message ?? e} (set UNSPIN_DEBUG=1 for details)`, 1);
}
