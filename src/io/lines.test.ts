import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { linesOf } from './lines.ts';

async function lines(content: string): Promise<Array<string | null>> {
  const file = join(mkdtempSync(join(tmpdir(), 'unspin-lines-')), 'in.jsonl');
  writeFileSync(file, content);
  const out: Array<string | null> = [];
  for await (const line of linesOf(file)) out.push(line);
  return out;
}

test('JSONL lines split on \\n, \\r\\n and \\r, keeping blank lines so line numbers stay right', async () => {
  assert.deepEqual(await lines('a\nb\n'), ['a', 'b']);
  assert.deepEqual(await lines('a\r\nb'), ['a', 'b']);
  assert.deepEqual(await lines('a\rb\r'), ['a', 'b']);
  assert.deepEqual(await lines('\n\nx'), ['', '', 'x']);
  assert.deepEqual(await lines(''), []);
});

test('a line longer than a read chunk, and \\r\\n split across two chunks, come out whole', async () => {
  const long = 'x'.repeat(200_000);
  assert.deepEqual(await lines(`${long}\r\ny`), [long, 'y']);
  // The reader's chunks are 64 KiB: here \r ends the first chunk and \n starts the second.
  const edge = 'a'.repeat(64 * 1024 - 1);
  assert.deepEqual(await lines(`${edge}\r\nb`), [edge, 'b']);
});

test('a line that is not UTF-8 comes out as null, its neighbours whole', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'unspin-lines-')), 'in.jsonl');
  writeFileSync(file, Buffer.concat([Buffer.from('{"text": "fine"}\n'), Buffer.from('{"text": "Caf\xe9"}\r\n', 'latin1'), Buffer.from('{"text": "Café ok"}')]));
  const out: Array<string | null> = [];
  for await (const line of linesOf(file)) out.push(line);
  assert.deepEqual(out, ['{"text": "fine"}', null, '{"text": "Café ok"}']);
});

test('a stream is read the same way, and a byte-order mark opening a line is dropped', async () => {
  const out: Array<string | null> = [];
  for await (const line of linesOf(Readable.from([Buffer.from('\ufeff{"a": 1}\r'), Buffer.from('\n{"b": 2}')]))) out.push(line);
  assert.deepEqual(out, ['{"a": 1}', '{"b": 2}']);
});
