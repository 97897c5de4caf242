// Node 20 loads a worker's entry before `--import` hooks apply, so a .ts entry fails there.
// This plain-JS entry registers tsx first, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./thread.ts');
