#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx, so a checkout never has a stale build.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
