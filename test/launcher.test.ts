import assert from 'node:assert/strict';
import test from 'node:test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';

const BIN = fileURLToPath(new URL('../bin/unspin.js', import.meta.url));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// `unspin batch` runs in a second process (bin/unspin.js relaunches itself with V8 flags). Killed
// outright, the launcher could pass nothing on, and the batch ran on unseen to its end; a rerun
// then put two batches on one database.
test('a batch whose launcher is killed outright (kill -9) stops as after a Ctrl-C', { skip: !existsSync('/proc/self/task') && 'needs /proc to find the batch process' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unspin-launcher-'));
  const input = join(dir, 'in.jsonl');
  const text = (i: number) => `Harbour vote ${i}\n\nThe reckless council wasted ${i} million euros on a disgraceful scheme, the mayor said. Traders called the plan a betrayal of every honest family.`;
  writeFileSync(input, Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ id: `a${i}`, text: text(i) })).join('\n') + '\n');
  const db = join(dir, 'r.sqlite');
  const launcher = spawn(process.execPath, [BIN, 'batch', input, '--db', db, '-c', 'techniques,entities,claims', '--quiet'], { stdio: 'ignore' });
  const children = () => readFileSync(`/proc/${launcher.pid}/task/${launcher.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  // Wait until the batch process has started storing, then kill its launcher.
  for (let i = 0; i < 600 && !(existsSync(db) && children().length); i++) await sleep(100);
  await sleep(1500);
  const [batch] = children();
  assert.ok(batch, 'the launcher started a batch process');
  launcher.kill('SIGKILL');
  for (let i = 0; i < 600 && alive(batch!); i++) await sleep(100);
  assert.equal(alive(batch!), false, 'the batch process stopped');
  const store = new Database(db, { readonly: true });
  const run = store.prepare('SELECT status FROM runs').get() as { status: string };
  const stored = (store.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
  store.close();
  assert.equal(run.status, 'interrupted');
  assert.ok(stored > 0 && stored < 20_000, `${stored} stored`);
});
