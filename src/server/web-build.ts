import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_DIST } from './app.ts';
import { REPO_ROOT } from '../learn/data.ts';

const WEB_ROOT = join(REPO_ROOT, 'web');

/** The newest modification time among the page's sources (index.html, src/, public/, the vite config). */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) for (const f of readdirSync(path)) visit(join(path, f));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['index.html', 'src', 'public', 'vite.config.ts']) visit(join(WEB_ROOT, p));
  return newest;
}

/**
 * web/dist is not committed, so a fresh checkout builds the page on first `serve` (vite is a
 * dev dependency, installed by `npm ci`), and a checkout whose page sources changed since (a pull,
 * an edit) builds it again, as bin/build.mjs does for the server's code: a stale page once
 * passed for the new one. `npm run build:web` does the same explicitly.
 */
export async function ensureWebBuilt(log: (msg: string) => void): Promise<boolean> {
  const built = join(WEB_DIST, 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) return true;
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    log('web page not built and vite is not installed (run `npm ci`, then `npm run build:web`); serving the API only');
    return false;
  }
  log(existsSync(built) ? 'rebuilding the web page (its sources changed)...' : 'building the web page (first run)...');
  await vite.build({ root: WEB_ROOT, configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}
