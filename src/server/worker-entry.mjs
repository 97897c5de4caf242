// Worker bootstrap in plain JS: Node 20 does not apply `--import tsx` to a worker's .ts entry
// file itself, so register tsx here and then load the TypeScript worker (as bin/unspin.js does).
import { register } from 'tsx/esm/api';
register();
await import('./worker.ts');
