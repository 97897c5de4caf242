// Compiles the TypeScript sources into dist/ with esbuild, so the CLI, its worker threads and the
// benchmarks run as plain JavaScript. Running through tsx instead costs ~38 MB of RSS per process
// (its loader thread), which the techniques pipeline's 300 MB budget cannot spare.
//
// `ensureBuilt()` rebuilds only when a source file is newer than the last build (or a file was
// added or removed), so a checkout never runs stale code. `node bin/build.mjs` builds now.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.sources');

/** Programs that run as a process or a worker thread: dist/<same path>.js. */
export const ENTRIES = [
  'src/cli/main.ts',
  'src/index.ts',
  'src/server/worker.ts',
  'src/batch/thread.ts',
  'bench/analyze.ts',
  'bench/batch.ts',
  'bench/http.ts',
];
const SOURCE_DIRS = ['src', 'bench'];

/** A fingerprint of every source file's path, size and mtime: cheap (a few ms) and exact enough. */
function fingerprint() {
  const parts = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs|json)$/.test(e.name) && !e.name.endsWith('.test.ts')) {
        const s = statSync(p);
        parts.push(`${relative(ROOT, p)} ${s.size} ${s.mtimeMs}`);
      }
    }
  };
  for (const d of SOURCE_DIRS) walk(join(ROOT, d));
  for (const f of ['package.json', 'tsconfig.json', 'tsconfig.lib.json']) parts.push(`${f} ${statSync(join(ROOT, f)).mtimeMs}`);
  return parts.sort().join('\n');
}

export function isFresh() {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8') === fingerprint();
}

export async function build({ quiet = false } = {}) {
  const { build: esbuild } = await import('esbuild');
  const before = fingerprint();
  // Build beside dist/ and swap it in whole, so a process starting meanwhile never sees half a build.
  const tmp = `${DIST}.building-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outbase: ROOT,
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: quiet ? 'error' : 'warning',
  });
  emitTypes(join(tmp, 'types'), quiet);
  writeFileSync(join(tmp, '.sources'), before);
  const old = `${DIST}.old-${process.pid}`;
  if (existsSync(DIST)) renameSync(DIST, old);
  mkdirSync(dirname(DIST), { recursive: true });
  renameSync(tmp, DIST);
  rmSync(old, { recursive: true, force: true });
}

/**
 * The library's type declarations (package.json `exports` points at dist/types/index.d.ts), by
 * tsc from the public entry src/index.ts (about a second). TypeScript is a development
 * dependency: where it is not installed the declarations of the last build are kept, since only
 * a developer's editor reads them.
 */
function emitTypes(outDir, quiet) {
  const tsc = tscPath();
  if (!tsc) {
    const old = join(DIST, 'types');
    if (existsSync(old)) cpSync(old, outDir, { recursive: true });
    return;
  }
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.lib.json'), '--outDir', outDir], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0 && !quiet) console.error(`unspin build: type declarations failed:\n${r.stdout}${r.stderr}`);
}

/** TypeScript's compiler script, or null where the package is not installed. */
export function tscPath() {
  let manifest;
  try {
    // typescript's `exports` hides bin/, its package.json names it.
    manifest = createRequire(import.meta.url).resolve('typescript/package.json');
  } catch {
    return null;
  }
  return join(dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).bin.tsc);
}

export async function ensureBuilt() {
  if (!isFresh()) await build({ quiet: true });
}

/** The compiled file of a source entry, e.g. `bench/analyze.ts` -> dist/bench/analyze.js. */
export const compiled = (entry) => join(DIST, entry.replace(/\.ts$/, '.js'));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = Date.now();
  await build();
  console.error(`built ${ENTRIES.length} entries into dist/ in ${Date.now() - t0} ms`);
}
