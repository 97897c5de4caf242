import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs, type SourceOptions } from './sources.ts';
import { DEFAULT_FIELDS, type InputRecord } from './record.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'unspin-sources-'));

async function read(inputs: string[], opts: Partial<SourceOptions> = {}): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for await (const r of readInputs(inputs, { fields: DEFAULT_FIELDS, ...opts })) out.push(r);
  return out;
}

/** Each record as `id: text` or `id! error`, for compact expectations. */
const brief = (recs: InputRecord[]) => recs.map((r) => (r.error ? `${r.id}! ${r.error}` : `${r.id}: ${r.text}`));

test('CSV: a stray quote fails its own row, by its line, and every other row is read', async () => {
  const path = join(tmp(), 'feed.csv');
  const rows = ['id,text', ...Array.from({ length: 40 }, (_, i) => `g${i},Good row ${i} about the tram.`), 'bad,The "reckless" tram.', 'h0,"A quoted row, with a comma."', 'h1,After it.'];
  writeFileSync(path, rows.join('\n') + '\n');
  const recs = await read([path]);
  assert.equal(recs.length, 43);
  assert.deepEqual(recs.filter((r) => r.error).map((r) => [r.id, r.origin]), [['feed.csv:42', `${path}:42`]]);
  assert.match(recs[40]!.error!, /^line 42: a quote inside a field that is not quoted/);
  assert.deepEqual(brief(recs.slice(41)), ['h0: A quoted row, with a comma.', 'h1: After it.']);
});

test('CSV: lines stay right after quoted line breaks (CRLF too), blank lines and bad rows; an unclosed quote fails from where it opens, and the rows after it are read', async () => {
  const path = join(tmp(), 'feed.csv');
  writeFileSync(path, 'id,text\r\n\r\nm1,"First line\r\nsecond line"\r\nm2,x "y" z\r\nm3,Plain row\r\nm4,"never closed\r\nm5,kept\r\n');
  const recs = await read([path]);
  assert.deepEqual(recs.map((r) => r.origin.slice(path.length)), [':3', ':5', ':6', ':7', ':8']);
  assert.deepEqual(brief(recs).map((s) => s.slice(0, 24)), ['m1: First line\r\nsecond l', 'feed.csv:3! line 5: a qu', 'm3: Plain row', 'feed.csv:5! line 7: a qu', 'm5: kept']);
  assert.match(recs[3]!.error!, /line 7: a quoted field opens here and is never closed/);
});

test('TSV: a row with more fields than the header fails with the line and both counts, instead of losing text', async () => {
  const path = join(tmp(), 'feed.tsv');
  writeFileSync(path, 'id\ttext\tdate\nt1\tA "quoted" word stays.\t2024-03-05\nt2\tbad "quoted\ttab\tfields\t\nt3\tShort row, no date\n');
  const recs = await read([path]);
  assert.deepEqual(brief(recs), [
    't1: A "quoted" word stays.',
    'feed.tsv:3! line 3 has 5 fields, the header 3 (a tab inside a field?)',
    't3: Short row, no date',
  ]);
});

test('CSV: a row that is not UTF-8 fails under its id, the rows around it are read, and a BOM is dropped from the header', async () => {
  const path = join(tmp(), 'latin1.csv');
  writeFileSync(path, Buffer.concat([Buffer.from('\ufeffid,text\nl0,Before.\n'), Buffer.from('l1,Caf\xe9 owners in Dresk complained.\n', 'latin1'), Buffer.from('l2,After.\n')]));
  assert.deepEqual(brief(await read([path])), [
    'l0: Before.',
    'l1! line 3 is not valid UTF-8 text (convert the file first, e.g. with iconv -t utf-8)',
    'l2: After.',
  ]);
});

test('--max-size applies to JSONL and CSV records as to files: a record over it fails with the same reason', async () => {
  const dir = tmp();
  const long = 'The ferry plan was debated at length. '.repeat(70);
  const jsonl = join(dir, 'feed.jsonl');
  writeFileSync(jsonl, [JSON.stringify({ id: 'j1', text: 'Short.' }), JSON.stringify({ id: 'j2', text: long })].join('\n') + '\n');
  const csv = join(dir, 'feed.csv');
  writeFileSync(csv, `id,text\nc1,Short.\nc2,${long}\n`);
  const txt = join(dir, 'folder');
  mkdirSync(txt);
  writeFileSync(join(txt, 'f1.txt'), long);
  const recs = await read([jsonl, csv, txt], { maxBytes: 1024 });
  const limit = /input is 2\.6 KB, over the 1 KB limit \(raise it with --max-size\)$/;
  assert.deepEqual(recs.map((r) => [r.id, !!r.error]), [['j1', false], ['j2', true], ['c1', false], ['c2', true], ['f1', true]]);
  assert.match(recs[1]!.error!, /^line 2: /);
  assert.match(recs[3]!.error!, /^line 3: /);
  for (const i of [1, 3, 4]) assert.match(recs[i]!.error!, limit);
});

test('folder: a file in a subfolder keeps its path in its id, a top-level file its bare name; metadata by bare name still joins', async () => {
  const dir = tmp();
  for (const month of ['2024-01', '2024-02']) {
    mkdirSync(join(dir, 'd', month), { recursive: true });
    writeFileSync(join(dir, 'd', month, 'index.txt'), `Story of ${month}\n\nThe tram plan was debated.`);
  }
  writeFileSync(join(dir, 'd', 'top.txt'), 'Top story\n\nThe ferry plan was debated.');
  writeFileSync(join(dir, 'meta.csv'), 'id,outlet\n2024-01/index,Daily Lantern\nindex,Harbor Courier\ntop,Valley Ledger\n');
  const recs = await read([join(dir, 'd')], { metadata: join(dir, 'meta.csv') });
  assert.deepEqual(recs.map((r) => [r.id, r.outlet, !!r.error]), [
    ['2024-01/index', 'Daily Lantern', false],
    ['2024-02/index', 'Harbor Courier', false],
    ['top', 'Valley Ledger', false],
  ]);
});

test('a second record with an id already read fails under its own name, whatever the input kind', async () => {
  const dir = tmp();
  mkdirSync(join(dir, 'd'));
  writeFileSync(join(dir, 'd', 'story.html'), '<p>The harbour plan was debated.</p>');
  writeFileSync(join(dir, 'd', 'story.txt'), 'The harbour plan was debated again.');
  const jsonl = join(dir, 'feed.jsonl');
  writeFileSync(jsonl, ['a1', 'a2', 'a1', 'story'].map((id, i) => JSON.stringify({ id, text: `Text ${i}.` })).join('\n') + '\n');
  const recs = await read([join(dir, 'd'), jsonl]);
  assert.deepEqual(brief(recs), [
    'story: <p>The harbour plan was debated.</p>',
    `story.txt! duplicate id "story", already used by ${join(dir, 'd', 'story.html')}`,
    'a1: Text 0.',
    'a2: Text 1.',
    `feed.jsonl:3! duplicate id "a1", already used by ${jsonl}:1`,
    `feed.jsonl:4! duplicate id "story", already used by ${join(dir, 'd', 'story.html')}`,
  ]);
});

test('folder: --encoding names the files\' encoding; a page that declares its charset is read in it; other files fail by name', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'a.txt'), Buffer.from('Caf\xe9 owners in Dresk complained.', 'latin1'));
  writeFileSync(join(dir, 'b.html'), Buffer.concat([Buffer.from('<meta charset="windows-1252"><p>The mayor'), Buffer.from([0x92]), Buffer.from('s office replied.</p>')]));
  const plain = await read([dir]);
  assert.match(plain[0]!.error!, /a\.txt: is not valid UTF-8 text \(name its encoding with --encoding/);
  assert.equal(plain[1]!.text, '<meta charset="windows-1252"><p>The mayor’s office replied.</p>');
  const named = await read([dir], { encoding: 'windows-1252' });
  assert.deepEqual(named.map((r) => r.text), ['Café owners in Dresk complained.', '<meta charset="windows-1252"><p>The mayor’s office replied.</p>']);
});
