import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MAX_SIZE, UserError, decodeArticle, encodingName, fmtSize, parseSize, validateText } from './input.ts';
import { declaredCharset } from './charset.ts';

// validateText is the check the API and batch records get (their text never passes through
// decodeArticle's byte checks), so what it accepts is what they analyse.

const rejects = (text: string, pattern: RegExp) =>
  assert.throws(() => validateText(text, 'rec-1'), (e: unknown) => e instanceof UserError && pattern.test(e.message));

test('NUL characters count as control characters, with the error the others get', () => {
  rejects('\u0000'.repeat(200) + 'abc', /^rec-1: looks like binary data, not text$/);
  rejects('\u0000'.repeat(50) + 'x', /^rec-1: looks like binary data, not text$/);
  rejects('The reckless\u0000\u0000\u0000\u0000 regime lied.', /binary/);
  rejects('The reckless\u0001\u0002\u0003\u0004 regime lied.', /binary/);
});

test('ordinary text, with a stray control character or two, passes', () => {
  validateText('The harbour authority doubled ferry fares on Monday.\u0000 Commuters queued for an hour at the terminal.');
  validateText('Tabs\tand\r\nline breaks are text.');
});

test('empty and blank text is rejected', () => {
  rejects('', /^rec-1: input is empty$/);
  rejects(' \n\t ', /empty/);
});

test('sizes read as they were given; an input just over a limit never reads as the limit', () => {
  assert.equal(fmtSize(parseSize('10')), '10 bytes');
  assert.equal(fmtSize(parseSize('1')), '1 byte');
  assert.equal(fmtSize(parseSize('1KB')), '1 KB');
  assert.equal(fmtSize(parseSize('1.5MB')), '1.5 MB');
  assert.equal(fmtSize(parseSize(DEFAULT_MAX_SIZE)), '5 MB');
  assert.equal(fmtSize(1025, true), '1.01 KB');
});

test('a size under one byte is an error that names the option', () => {
  for (const v of ['0', '0KB', '-5', '0.4']) assert.throws(() => parseSize(v), /^UserError: --max-size .*: use a size of 1 byte or more/);
  assert.throws(() => parseSize('lots'), /--max-size lots: use a number of bytes/);
});

// Bytes of an invented sentence in windows-1252: é, “ ”, – and ’ are single bytes there.
const CP1252 = Buffer.from([...Buffer.from('Caf'), 0xe9, 0x20, 0x93, ...Buffer.from('closed'), 0x94, 0x20, 0x96, 0x20, ...Buffer.from('the mayor'), 0x92, ...Buffer.from('s office said.')]);
const READ = 'Café “closed” – the mayor’s office said.';

test('--encoding names the encoding; windows-1252 and its labels read curly quotes and dashes, not control characters', () => {
  for (const label of ['windows-1252', 'cp1252', 'latin1', 'ISO-8859-1']) {
    assert.deepEqual(decodeArticle(CP1252, 'a.txt', { encoding: label }), { text: READ, encoding: 'windows-1252' }, label);
  }
  assert.equal(decodeArticle(Buffer.from([0xc8, 0x65, 0x73, 0x6b, 0xe9]), 'b.txt', { encoding: 'iso-8859-2' }).text, 'České');
  assert.throws(() => decodeArticle(CP1252, 'a.txt', { encoding: 'klingon' }), /^UserError: unknown encoding "klingon"/);
  assert.throws(() => encodingName(' nope '), /unknown encoding/);
});

test('bytes that are not UTF-8 are read in the charset an HTML page declares; without one the error names --encoding', () => {
  const page = (meta: string) => Buffer.concat([Buffer.from(`<html><head>${meta}<title>t</title></head><body><p>`), CP1252, Buffer.from('</p></body></html>')]);
  for (const meta of ['<meta charset="windows-1252">', '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">']) {
    const r = decodeArticle(page(meta), 'p.html');
    assert.equal(r.encoding, 'windows-1252', meta);
    assert.ok(r.text.includes(READ), meta);
  }
  assert.equal(declaredCharset(page('<meta charset="x-unknown">')), null);
  assert.throws(() => decodeArticle(page(''), 'p.html'), /^UserError: p\.html: is not valid UTF-8 text \(name its encoding with --encoding/);
  assert.throws(() => decodeArticle(page('<meta charset="utf-8">'), 'p.html'), /is not valid UTF-8 text/);
  // Valid UTF-8 stays UTF-8, whatever the page declares.
  const utf8 = Buffer.from(`<meta charset="windows-1252"><p>${READ}</p>`);
  assert.deepEqual(decodeArticle(utf8, 'u.html'), { text: utf8.toString(), encoding: 'utf-8' });
});
