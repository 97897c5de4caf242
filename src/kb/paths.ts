import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../learn/data.ts';

export { REPO_ROOT };

/** Where the KB lives unless told otherwise: `$UNSPIN_KB`, else `.cache/kb.sqlite` (git-ignored). */
export function defaultKbPath(): string {
  return process.env.UNSPIN_KB ? resolve(process.env.UNSPIN_KB) : join(REPO_ROOT, '.cache', 'kb.sqlite');
}

/** The shared data sets: `$UNSPIN_DATA`, else `../shared/data` beside the repo (read at call time, for tests). */
export function defaultDataRoot(): string {
  return process.env.UNSPIN_DATA ? resolve(process.env.UNSPIN_DATA) : resolve(REPO_ROOT, '..', 'shared', 'data');
}

/** True when at least one of the KB's data sets is present under `root`. */
export function hasKbData(root: string): boolean {
  return ['narratives', 'factchecks', 'sources'].some((d) => existsSync(join(root, d)));
}
