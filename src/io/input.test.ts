import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MAX_SIZE, UserError, fmtSize, parseSize, validateText } from './input.ts';

// validateText is the check the API and batch records get (their text never passes through
// decodeText's byte checks), so what it accepts is what they analyse.

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
