import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** Repo root: src/kb/ is two levels below it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the KB lives unless told otherwise: `$UNSPIN_KB`, else `.cache/kb.sqlite` (git-ignored). */
export function defaultKbPath(): string {
  return process.env.UNSPIN_KB ? resolve(process.env.UNSPIN_KB) : join(REPO_ROOT, '.cache', 'kb.sqlite');
}

/** The shared data sets: `$UNSPIN_DATA`, else `../shared/data` beside the repo. */
export function defaultDataRoot(): string {
  return process.env.UNSPIN_DATA ? resolve(process.env.UNSPIN_DATA) : resolve(REPO_ROOT, '..', 'shared', 'data');
}

/** True when at least one of the KB's data sets is present under `root`. */
export function hasKbData(root: string): boolean {
  return ['narratives', 'factchecks', 'sources'].some((d) => existsSync(join(root, d)));
}
