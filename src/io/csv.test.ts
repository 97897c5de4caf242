import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRecords, type CsvOptions, type CsvRecord } from './csv.ts';

async function read(content: string | Buffer, opts: CsvOptions = {}, name = 'in.csv'): Promise<CsvRecord[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'unspin-csv-')), name);
  writeFileSync(file, content);
  const out: CsvRecord[] = [];
  for await (const r of csvRecords(file, opts)) out.push(r);
  return out;
}

/** Each record as `line id` or `line! error`. */
const brief = (recs: CsvRecord[]) => recs.map((r) => (r.error ? `${r.line}! ${r.error}` : `${r.line} ${r.fields.id}`));

test('a quoted field left open runs into a later quoted row: the row fails from the line where it opens, and every row after it is read', async () => {
  const recs = await read('id,text\na1,"First, quoted"\nbad,"opens and never closes\na2,plain\n\na3,"He said ""yes"", then left"\na4,last\n');
  assert.deepEqual(brief(recs).map((s) => s.slice(0, 60)), ['2 a1', '3! line 3: a quoted field opens here and runs on to line 6, ', '4 a2', '6 a3', '7 a4']);
  assert.deepEqual(recs.map((r) => r.row), [2, 3, 4, 5, 6]);
  assert.equal(recs[3]!.fields.text, 'He said "yes", then left');
});

test('a quoted field left open in a row that spans lines: reading goes on after the line where that field opens', async () => {
  const recs = await read('id,text,note\r\nm1,"Para one.\r\nPara two.","open\r\nm2,ok,x\r\n');
  assert.deepEqual(brief(recs).map((s) => s.slice(0, 50)), ['2! line 3: a quoted field opens here and is never ', '4 m2']);
});

test('a quote closed too early costs only its row when the parser finds the row end on that line', async () => {
  const recs = await read('id,text\na1,"He said "no" today"\na2,after\n');
  assert.deepEqual(brief(recs), ['2! line 2: a quoted field goes on after its closing quote (double a quote inside a quoted field: "a ""b"" c")', '3 a2']);
});

test('a stray quote and a quote left open in one row are one bad record', async () => {
  const recs = await read('id,text,more\na1,x "y,"z\na2,b,c\n');
  assert.deepEqual(brief(recs).map((s) => s.slice(0, 40)), ['2! line 2: a quote inside a field that i', '3 a2']);
});

test('a field that runs on past the limit is cut there, so memory stays bounded; its row fails and the rows after it are read', async () => {
  const rows = Array.from({ length: 3000 }, (_, i) => `r${i},Row ${i} about the tram`);
  rows[10] = 'open,"no quote closes this field';
  const recs = await read(['id,text', ...rows].join('\n'), { fieldLimit: 16 * 1024 });
  const bad = recs.filter((r) => r.error);
  assert.deepEqual(bad.map((r) => r.error), ['line 12: a quoted field opens here and is not closed within 16 KB (close it, or double a quote inside a quoted field: "a ""b"" c")']);
  assert.equal(recs.length, 3000);
  assert.equal(recs.at(-1)!.fields.id, 'r2999');
  const long = await read(`id,text\na1,${'x'.repeat(100_000)}\na2,after\n`, { fieldLimit: 16 * 1024 });
  assert.deepEqual(brief(long), ['2! line 2: a field opens here and runs on for over 16 KB without a line break', '3 a2']);
});

test('bytes already read are read as the file is', async () => {
  const text = 'id,text\na1,"open\na2,x\n';
  const fromBytes: CsvRecord[] = [];
  for await (const r of csvRecords(Buffer.from(text))) fromBytes.push(r);
  assert.deepEqual(fromBytes, await read(text));
  assert.deepEqual(brief(fromBytes).map((s) => s.slice(0, 20)), ['2! line 2: a quoted ', '3 a2']);
});

test('a header with a quote left open is one error, and nothing else is read', async () => {
  assert.deepEqual(brief(await read('id,"text\na1,x\n')), ['1! line 1: a quoted field opens here and is never closed (close it, or double a quote inside a quoted field: "a ""b"" c"); it is the header, so the file was not read']);
});

test('TSV keeps quotes as characters; a row with a tab too many fails alone', async () => {
  const recs = await read('id\ttext\nt1\tA "quoted\tx\ty\nt2\tsays "hi\n', {}, 'in.tsv');
  assert.deepEqual(brief(recs), ['2! line 2 has 4 fields, the header 2 (a tab inside a field?)', '3 t2']);
  assert.equal(recs[1]!.fields.text, 'says "hi');
});

test('what the header callback throws ends the reading', async () => {
  const onHeader = (names: string[]) => {
    if (!names.includes('title')) throw new Error('no title column');
  };
  await assert.rejects(read('id,text\na,b\n', { onHeader }), /no title column/);
});
