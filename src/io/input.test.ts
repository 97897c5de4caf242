import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError, validateText } from './input.ts';

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
