import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
// What Windows editors save as "Unicode": UTF-16 with a byte-order mark is read as such.
const ARTICLE = 'Harbour toll rises\n\nThe port authority said the toll for every ferry would rise by a third in May.\n';
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
for (const [label, bytes] of [
  ['UTF-16LE with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ARTICLE, 'utf16le')])],
  ['UTF-16BE with a byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(ARTICLE)])],
] as const) {
  test(`${label} is decoded`, () => {
    const r = run(['analyze', '--format', 'json', '--components', 'headline', file(`${label.slice(0, 8)}.txt`, bytes)]);
    assert.equal(r.status, 0, r.stderr);
    // Offsets index the decoded text: the title and the sentence that ends the article.
    const report = JSON.parse(r.stdout) as { headline: { text: string }; sentences: Array<{ start: number; end: number }> };
    assert.equal(report.headline.text, 'Harbour toll rises');
    assert.equal(report.sentences.at(-1)!.end, ARTICLE.indexOf('May.') + 4);
  });
}
test('UTF-16 without a byte-order mark', () => assertCleanFailure(run(['analyze', file('u16.txt', Buffer.from(ARTICLE, 'utf16le'))]), /UTF-16 text without a byte-order mark .*utf-16le/));
test('UTF-16BE without a byte-order mark', () => assertCleanFailure(run(['analyze', file('u16be.txt', utf16be(ARTICLE))]), /UTF-16 text without a byte-order mark .*utf-16be/));
test('UTF-32', () => assertCleanFailure(run(['analyze', file('u32.txt', Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))]), /UTF-32/));
test('UTF-16 with a NUL character', () => assertCleanFailure(run(['analyze', file('u16nul.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Text\u0000more', 'utf16le')]))]), /binary/));
test('invalid UTF-8', () => assertCleanFailure(run(['analyze', file('latin1.txt', Buffer.from('Caf\xe9 au lait, na\xefve text.', 'latin1'))]), /UTF-8/));
test('text over the size limit', () =>
  assertCleanFailure(run(['analyze', '--max-size', '1KB', file('big.txt', 'word '.repeat(400))]), /over the 1 KB limit/));
test('unknown format', () => assertCleanFailure(run(['analyze', '--format', 'xml', file('ok.txt', 'Fine text.')]), /unknown format/));

// An HTML page is reduced to its article, as the API's `html` field and batch's .html files are;
// read as plain text, its tags and script were highlighted as techniques (invented page).
const PAGE = `<!doctype html><html><head><title>Harbour toll rises</title><meta property="og:site_name" content="Bay Courier">
<script>var tracking = "SHOCKING!!! everyone knows";</script></head><body><nav>Home | Sport</nav><article><h1>Harbour toll rises</h1>
<p>The port authority said the toll for every ferry would rise by a third in May.<br>Ferry owners called the plan a disaster for the islands.</p>
<p>The council will vote on the plan next month, a spokesman said.</p></article></body></html>`;
test('an HTML page is analysed as its article text, which the JSON report carries', () => {
  const r = run(['analyze', '--format', 'json', '--components', 'techniques,headline', file('page.html', PAGE)]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /read as HTML/);
  const report = JSON.parse(r.stdout) as { text: string; headline: { text: string }; techniques: Array<{ start: number; end: number; text: string }> };
  assert.doesNotMatch(report.text, /<|tracking|Home \| Sport/);
  assert.match(report.text, /third in May\. Ferry owners/, '<br> separates words');
  assert.equal(report.headline.text, 'Harbour toll rises');
  for (const t of report.techniques) assert.equal(report.text.slice(t.start, t.end), t.text);
  // Plain text carries its text too: here without the byte-order mark that offsets do not count.
  const plain = run(['analyze', '--format', 'json', '--components', 'headline', file('bom.txt', `\ufeff${ARTICLE}`)]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal((JSON.parse(plain.stdout) as { text: string }).text, ARTICLE);
});

// A page saved from an older site: windows-1252 bytes (é, “ ”), its charset declared in a meta tag.
const LEGACY = Buffer.concat([Buffer.from('<html><head><meta charset="windows-1252"><title>t</title></head><body><article><h1>Harbour toll rises</h1><p>The caf'), Buffer.from([0xe9]), Buffer.from(' owners called the toll '), Buffer.from([0x93]), Buffer.from('a disaster'), Buffer.from([0x94]), Buffer.from(' on Monday.</p></article></body></html>')]);
test('a page in the charset it declares is read in it, and says so; --encoding names a file\'s encoding', () => {
  const r = run(['analyze', '--format', 'json', '--components', 'headline', file('legacy.html', LEGACY)]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /read as windows-1252, the charset the page declares/);
  assert.match((JSON.parse(r.stdout) as { text: string }).text, /The café owners called the toll “a disaster” on Monday\./);
  const latin1 = file('latin1-named.txt', Buffer.from('Caf\xe9 au lait, na\xefve text.', 'latin1'));
  const named = run(['analyze', '--format', 'json', '--components', 'headline', '--encoding', 'latin1', latin1]);
  assert.equal(named.status, 0, named.stderr);
  assert.equal((JSON.parse(named.stdout) as { text: string }).text, 'Café au lait, naïve text.');
  assertCleanFailure(run(['analyze', latin1]), /not valid UTF-8 text \(name its encoding with --encoding/);
  assertCleanFailure(run(['analyze', '--encoding', 'klingon', latin1]), /unknown encoding "klingon"/);
});

test('a report leaves out the techniques layer when techniques did not run, and an empty component list is refused', () => {
  const r = run(['analyze', '--format', 'json', '--components', 'headline', file('nt.txt', ARTICLE)]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { techniques?: unknown }).techniques, undefined);
  assertCleanFailure(run(['analyze', '-c', ',', file('nt2.txt', ARTICLE)]), /names no component/);
});

test('the size limit is stated as given, in bytes below a kilobyte', () =>
  assertCleanFailure(run(['analyze', '--max-size', '10', file('big10.txt', 'word '.repeat(400))]), /input is 1\.96 KB, over the 10 bytes limit/));
for (const size of ['0', '-5', '0.1']) {
  test(`--max-size ${size} is an option error, not a limit every input breaks`, () =>
    assertCleanFailure(run(['analyze', '--max-size', size, file('ok.txt', 'Fine text.')]), new RegExp(`^unspin: --max-size ${size}: use a size of 1 byte or more`)));
}
test('--help shows the default --max-size as a size, as serve does', () => {
  for (const cmd of ['analyze', 'serve', 'entities']) assert.match(run([cmd, '--help']).stdout, /--max-size <size>.*\(default: "5MB"\)/);
});

// readFileSync(0) read an endless stream (`yes | unspin analyze -`) into memory before any check.
test('stdin over the size limit fails at the limit, without reading the rest', () =>
  assertCleanFailure(run(['analyze', '-', '--max-size', '1KB'], Buffer.from('The council betrayed us. '.repeat(200))), /stdin: input is over the 1 KB limit/));

test('a usage mistake exits 2 with a short hint, not the whole help', () => {
  const r = run(['analyze', file('usage.txt', ARTICLE), '--bogus']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown option '--bogus'/);
  assert.ok(r.stderr.trim().split('\n').length <= 2, r.stderr);
});

test('an output path in a folder that is not there is one clear line, exit 2', () => {
  const db = join(dir, 'out-results.sqlite');
  const folder = join(dir, 'batch-in');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.txt'), ARTICLE);
  assert.equal(run(['batch', folder, '--db', db, '-c', 'headline']).status, 0);
  for (const args of [['export', '--db', db, '-f', 'jsonl', '-o', join(dir, 'nodir', 'x.jsonl')], ['report', '--db', db, '-o', join(dir, 'nodir', 'x.html')], ['export', '--db', db, '-f', 'csv', '-o', dir]]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assertCleanFailure(r, /no such file, or its folder does not exist|is a folder, not a file/);
  }
});

test('batch --metadata that is not a CSV/TSV is named as such, before a database is made', () => {
  const folder = join(dir, 'meta-in');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.txt'), ARTICLE);
  const db = join(dir, 'meta.sqlite');
  assertCleanFailure(run(['batch', folder, '--db', db, '--metadata', file('meta.txt', 'id\toutlet\n')]), /--metadata .*meta\.txt: use a \.csv or \.tsv file/);
  assert.equal(existsSync(db), false);
});

test('entities refuses an HTML page (its offsets index the text as given) and says what reads one', () =>
  assertCleanFailure(run(['entities', file('page.html', '<!doctype html><html><body><p>The Council met.</p></body></html>')]), /is an HTML page; .*analyze -c entities/));

test('batch exits 2 when a record failed, as its summary says, and 0 on a rerun with nothing left to fail', () => {
  const db = join(dir, 'failed.sqlite');
  const feed = file('failed-feed.jsonl', `${JSON.stringify({ id: 'ok', text: ARTICLE })}\n{not json\n`);
  const first = run(['batch', feed, '--db', db, '-c', 'headline', '--quiet']);
  assert.equal(first.status, 2, first.stderr);
  assert.match(first.stderr, /1 analysed, 0 skipped \(already stored\), 1 failed/);
  writeFileSync(feed, `${JSON.stringify({ id: 'ok', text: ARTICLE })}\n`);
  const rerun = run(['batch', feed, '--db', db, '-c', 'headline', '--quiet']);
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.match(rerun.stderr, /0 analysed, 1 skipped \(already stored\), 0 failed/);
});
