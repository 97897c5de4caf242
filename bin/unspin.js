#!/usr/bin/env node
// Runs the compiled CLI (dist/), rebuilding it first when a source file changed, so a checkout
// never runs stale code and the process carries no TypeScript loader (see bin/build.mjs).
import { pathToFileURL } from 'node:url';
import { compiled, ensureBuilt } from './build.mjs';

await ensureBuilt();
await import(pathToFileURL(compiled('src/cli/main.ts')).href);
