import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/unspin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unspin-cli-'));
const file = (name: string, data: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};
const run = (args: string[], input?: Buffer) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });

/** Bad input: one clear line on stderr, a non-zero exit, no stack trace, nothing on stdout. */
function assertCleanFailure(r: ReturnType<typeof run>, pattern: RegExp) {
  assert.notEqual(r.status, 0);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one stderr line, got: ${r.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

test('missing file', () => assertCleanFailure(run(['analyze', join(dir, 'nope.txt')]), /no such file/));
test('empty file', () => assertCleanFailure(run(['analyze', file('empty.txt', '  \n\n')]), /empty/));
test('empty stdin', () => assertCleanFailure(run(['analyze', '-'], Buffer.alloc(0)), /empty/));
test('binary file', () => assertCleanFailure(run(['analyze', file('bin.dat', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0]))]), /binary/));
test('invalid UTF-8', () => assertCleanFailure(run(['analyze', file('latin1.txt', Buffer.from('Caf\xe9 au lait, na\xefve text.', 'latin1'))]), /UTF-8/));
test('text over the size limit', () =>
  assertCleanFailure(run(['analyze', '--max-size', '1KB', file('big.txt', 'word '.repeat(400))]), /over the 1 KB limit/));
test('unknown format', () => assertCleanFailure(run(['analyze', '--format', 'xml', file('ok.txt', 'Fine text.')]), /unknown format/));
