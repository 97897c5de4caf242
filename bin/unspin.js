#!/usr/bin/env node
// Runs the compiled CLI (dist/), rebuilding it first when a source file changed, so a checkout
// never runs stale code and the process carries no TypeScript loader (see bin/build.mjs).
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiled, ensureBuilt } from './build.mjs';
import { envFor, v8FlagsFor } from './v8-flags.mjs';

const args = process.argv.slice(2);
// Under a debugger (--inspect) the command runs in this process, where the debugger is.
const debugging = process.execArgv.some((a) => a.startsWith('--inspect'));
const flags = debugging ? [] : v8FlagsFor(args).filter((f) => !process.execArgv.includes(f));

// The relaunched process checks dist/ itself, so this one does not check it first as well.
if (flags.length) relaunch(flags);
else {
  // Started by a launcher (`relaunch`): when it dies without passing a signal on (kill -9), its
  // channel closes, and this process stops as after a Ctrl-C instead of running on unseen. The
  // channel is unref'd so that it does not keep this process alive.
  if (process.channel) {
    process.channel.unref();
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  await ensureBuilt();
  await import(pathToFileURL(compiled('src/cli/main.ts')).href);
}

/**
 * Runs this CLI again in a node process started with `flags` and the batch's malloc setting (V8
 * and glibc read them only at start-up) and waits for it. This process stays idle meanwhile
 * (about 7 MB of private memory, the rest of its 43 MB RSS being node's own code shared with the
 * child: smaps of an idle node parent, a throwaway probe). Signals sent to this process alone (kill
 * PID) are passed on; a Ctrl-C in a terminal reaches both processes, and the batch counts the
 * two copies as one (see the batch command). If this process is killed outright (kill -9), the
 * child stops as after a Ctrl-C. The exit code, or the signal that ended the child, is passed back.
 */
function relaunch(flags) {
  // The IPC channel is only a lifeline: the child sees it close when this process dies.
  const child = spawn(process.execPath, [...process.execArgv, ...flags, fileURLToPath(import.meta.url), ...args], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: envFor(args, process.env) });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const pass = (signal) => child.kill(signal);
  for (const s of signals) process.on(s, pass);
  child.on('error', (e) => {
    console.error(`unspin: cannot start the batch process: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, pass);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
