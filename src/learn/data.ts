import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** Root of the shared data sets: `$UNSPIN_DATA`, else `../shared/data` beside the repo. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DATA_DIR = process.env.UNSPIN_DATA ?? resolve(REPO_ROOT, '../shared/data');
