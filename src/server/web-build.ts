import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_DIST } from './app.ts';
import { REPO_ROOT } from '../learn/data.ts';

const WEB_ROOT = join(REPO_ROOT, 'web');

/**
 * web/dist is not committed, so a fresh checkout builds the page on first `serve` (vite is a
 * dev dependency, installed by `npm ci`). `npm run build:web` does the same explicitly.
 */
export async function ensureWebBuilt(log: (msg: string) => void): Promise<boolean> {
  if (existsSync(join(WEB_DIST, 'index.html'))) return true;
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    log('web page not built and vite is not installed (run `npm ci`, then `npm run build:web`); serving the API only');
    return false;
  }
  log('building the web page (first run)...');
  await vite.build({ root: WEB_ROOT, configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}
