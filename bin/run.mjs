#!/usr/bin/env node
// `node bin/run.mjs bench/analyze.ts [args]`: runs one compiled entry (see ENTRIES in build.mjs)
// with the remaining arguments, rebuilding first when a source file changed.
import { pathToFileURL } from 'node:url';
import { ENTRIES, compiled, ensureBuilt } from './build.mjs';

const [entry, ...rest] = process.argv.slice(2);
if (!ENTRIES.includes(entry)) {
  console.error(`run.mjs: unknown entry ${entry ?? '(none)'}; one of ${ENTRIES.join(', ')}`);
  process.exit(2);
}
await ensureBuilt();
process.argv = [process.argv[0], compiled(entry), ...rest];
await import(pathToFileURL(compiled(entry)).href);
