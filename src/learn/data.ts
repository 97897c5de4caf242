import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root: the nearest folder above this module whose package.json is unspin's. Walked
 * up rather than fixed, because this code runs both from src/ (tsx) and bundled into dist/.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'unspin') return dir;
    if (dirname(dir) === dir) throw new Error(`unspin: no package.json of unspin above ${from}`);
  }
}

export const REPO_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
/** True when running the esbuild bundle in dist/ (see bin/build.mjs), false under tsx. */
export const COMPILED = !import.meta.url.endsWith('.ts');
/** Root of the shared data sets: `$UNSPIN_DATA`, else `../shared/data` beside the repo. */
export const DATA_DIR = process.env.UNSPIN_DATA ?? resolve(REPO_ROOT, '../shared/data');
