import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/unspin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unspin-jsonl-'));
const run = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
const jsonl = (rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
const out = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l));

test('claims --jsonl: one score per line, ids kept as given, in order', () => {
  const file = join(dir, 'claims.jsonl');
  writeFileSync(file, jsonl([
    { id: 7, text: 'The army lost 1,200 soldiers in March, the ministry said.' },
    { id: 'x-1', text: 'I just love this town.' },
    { id: 0, text: 'Exports fell by 12 percent in 2023.' },
  ]));
  const r = run(['claims', '--jsonl', file]);
  assert.equal(r.status, 0, r.stderr);
  const rows = out(r.stdout);
  assert.deepEqual(rows.map((x) => x.id), [7, 'x-1', 0]);
  for (const x of rows) assert.ok(x.score >= 0 && x.score <= 1);
  assert.ok(rows[0].score > rows[1].score && rows[2].score > rows[1].score);
});

test('headline --jsonl reads standard input and prints clickbait', () => {
  const r = run(['headline', '--jsonl', '-'], jsonl([{ id: 'a', text: '21 Photos That Will Make You Laugh Out Loud' }, { id: 'b', text: 'Senate passes farm bill' }]));
  assert.equal(r.status, 0, r.stderr);
  const rows = out(r.stdout);
  assert.deepEqual(rows.map((x) => x.id), ['a', 'b']);
  assert.ok(rows[0].clickbait > 0.5 && rows[1].clickbait < 0.5);
});

test('malformed lines: an error line keeps the output aligned, stderr names the line, exit is non-zero', () => {
  const file = join(dir, 'bad.jsonl');
  writeFileSync(file, jsonl([{ id: 1, text: 'Prices rose 3%.' }, 'not json', { id: 2 }, { text: 'no id' }, { id: 3, text: 'Fine.' }]));
  const r = run(['claims', '--jsonl', file]);
  assert.equal(r.status, 2);
  const rows = out(r.stdout);
  assert.equal(rows.length, 5);
  assert.deepEqual(rows.map((x) => x.id), [1, null, 2, null, 3]);
  assert.ok('score' in rows[0] && 'score' in rows[4]);
  assert.ok(rows[1].error && rows[2].error && rows[3].error);
  assert.match(r.stderr, /bad\.jsonl:2: not valid JSON/);
  assert.match(r.stderr, /bad\.jsonl:3: "text" must be a string/);
  assert.match(r.stderr, /bad\.jsonl:4: "id"/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('a line that is not UTF-8 gets an error line, not a score of replacement characters; a byte-order mark is dropped', () => {
  const file = join(dir, 'latin1.jsonl');
  writeFileSync(file, Buffer.concat([Buffer.from('\ufeff{"id": 1, "text": "Prices rose 3%."}\n'), Buffer.from('{"id": 2, "text": "Caf\xe9 prices rose 3%."}\n', 'latin1'), Buffer.from('{"id": 3, "text": "Café prices rose 3%."}\n')]));
  const r = run(['claims', '--jsonl', file]);
  assert.equal(r.status, 2);
  const rows = out(r.stdout);
  assert.deepEqual(rows.map((x) => x.id), [1, null, 3]);
  assert.ok('score' in rows[0] && rows[1].error && 'score' in rows[2]);
  assert.match(r.stderr, /latin1\.jsonl:2: not valid UTF-8/);
});

test('a missing file is one clear error line', () => {
  const r = run(['headline', '--jsonl', join(dir, 'nope.jsonl')]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr.trim(), /^unspin: .*nope\.jsonl: no such file$/);
});

for (const [command, key] of [['claims', 'score'], ['headline', 'clickbait']] as const) {
  test(`${command} --jsonl: an empty or white-space text is a bad line, not a score`, () => {
    const r = run([command, '--jsonl', '-'], jsonl([{ id: 'a', text: 'Exports fell by 12 percent in 2023.' }, { id: 'd', text: '' }, { id: 'e', text: ' \t\n ' }]));
    assert.equal(r.status, 2);
    const rows = out(r.stdout);
    assert.deepEqual(rows.map((x) => x.id), ['a', 'd', 'e']);
    assert.ok(key in rows[0]);
    for (const x of rows.slice(1)) assert.deepEqual(x, { id: x.id, error: '"text" is empty' });
    assert.match(r.stderr, /stdin:2: "text" is empty\n.*stdin:3: "text" is empty/);
  });
}
