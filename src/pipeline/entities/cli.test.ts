import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/unspin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unspin-entities-'));
const run = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });

// Invented CoNLL-style lines: token, POS, gold tag.
const CONLL = [
  '-DOCSTART- -X- O',
  '',
  'General NNP O',
  'Ivan NNP B-PER',
  'Sidorov NNP I-PER',
  'visited VBD O',
  'Moscow NNP B-LOC',
  '. . O',
  '',
  'Nothing NN O',
  'happened VBD O',
  '',
].join('\n');

test('entities --conll appends one BIO tag per token line; blank and -DOCSTART- lines pass through', () => {
  const file = join(dir, 'in.conll');
  writeFileSync(file, CONLL);
  const r = run(['entities', '--conll', file]);
  assert.equal(r.status, 0, r.stderr);
  const inLines = CONLL.split('\n').slice(0, -1);
  const outLines = r.stdout.split('\n').slice(0, -1);
  assert.equal(outLines.length, inLines.length);
  outLines.forEach((line, i) => {
    const src = inLines[i]!;
    if (src === '' || src.startsWith('-DOCSTART-')) assert.equal(line, src);
    else {
      assert.ok(line.startsWith(src + ' '), line);
      assert.match(line.slice(src.length + 1), /^(O|[BI]-(PER|ORG|LOC|MISC))$/);
    }
  });
  assert.equal(outLines[3], 'Ivan NNP B-PER B-PER');
  assert.equal(outLines[6], 'Moscow NNP B-LOC B-LOC');
});

test('entities --conll reads standard input and keeps tab separators', () => {
  const r = run(['entities', '--conll', '-'], 'Berlin\tNNP\tB-LOC\nis\tVBZ\tO\n');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'Berlin\tNNP\tB-LOC\tB-LOC\nis\tVBZ\tO\tO\n');
});

test('malformed input gets one clear error line and exit code 2', () => {
  const bad = join(dir, 'bad.conll');
  writeFileSync(bad, 'Berlin NNP B-LOC\nlonely\n');
  for (const [args, pattern] of [
    [['entities', '--conll', bad], /bad\.conll:2: expected "token POS TAG"/],
    [['entities', '--conll', join(dir, 'missing.conll')], /no such file/],
    [['entities'], /either a text file or --conll/],
  ] as const) {
    const r = run([...args]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
});

test('entities FILE prints linked mentions of a plain text as JSON lines', () => {
  const r = run(['entities', '-'], 'Talks in Vienna ended. Chancellor Markus Feldmann left, and Feldmann did not return.');
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const full = rows.find((m) => m.text === 'Markus Feldmann');
  const last = rows.find((m) => m.text === 'Feldmann');
  assert.ok(full && last, r.stdout);
  assert.equal(full.entity, last.entity);
});
