import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FAKE_PIPELINE = fileURLToPath(new URL('./fake-pipeline.ts', import.meta.url));
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export const tmp = (prefix = 'unspin-scale-') => mkdtempSync(join(tmpdir(), prefix));

const OUTLETS = ['Daily Lantern', 'Harbor Courier', 'Valley Ledger'];
const TOPICS = ['the river bridge', 'the school budget', 'the new bus line', 'the harbour dredging', 'the library hours'];

/** Invented article n: deterministic, varied, some with technique trigger words. */
export function article(n: number) {
  const topic = TOPICS[n % TOPICS.length];
  const loaded = n % 3 === 0 ? ' Opponents called the plan a disaster.' : '';
  const bandwagon = n % 4 === 0 ? ' Everyone knows the council will back down.' : '';
  return {
    id: `a${n}`,
    title: `Council debates ${topic} (${n})`,
    text: `The council met on Tuesday to discuss ${topic}. Members heard from residents for two hours.${loaded}${bandwagon}\n\nA vote is expected next month, the clerk said. Item ${n} stays on the agenda.`,
    outlet: OUTLETS[n % OUTLETS.length],
    date: `2026-0${1 + (n % 3)}-1${n % 10}`,
    url: `https://example.org/news/${n}`,
  };
}

export function writeJsonl(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** A new empty database on the test server, so tests never see each other's rows. */
export async function freshPostgres(): Promise<string | null> {
  const base = process.env.UNSPIN_TEST_POSTGRES_URL;
  if (!base) return null;
  const { default: pg } = await import('pg');
  const name = `unspin_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export const SKIP_POSTGRES = process.env.UNSPIN_TEST_POSTGRES_URL ? false : 'UNSPIN_TEST_POSTGRES_URL not set (CI starts a server; locally: see .ci/run)';
export const SKIP_QUEUE =
  process.env.UNSPIN_TEST_REDIS_URL && process.env.UNSPIN_TEST_POSTGRES_URL ? false : 'UNSPIN_TEST_REDIS_URL and UNSPIN_TEST_POSTGRES_URL not set (CI starts both; locally: see .ci/run)';
