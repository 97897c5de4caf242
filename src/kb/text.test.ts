import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, names, otherForms, withoutReportingFrame, words } from './text.ts';

test('words: the ASCII fast path gives the tokens the Unicode path gives', () => {
  const unicode = (s: string) => fold(s).replace(/['’]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const s of [
    'The mayor said “taxes will triple” — twice… in 2019.',
    'Don’t say it’s over: ‘NATO’s plan’ (leaked)',
    'Zelensky met Müller in Kraków; Łódź said no.',
    'COVID-19 vaccines: 5G, 3.5% and www.example.com',
    '',
  ]) assert.deepEqual(words(s), unicode(s), s);
  assert.deepEqual(words('Don’t PANIC'), ['dont', 'panic']);
});

test('words and names: one form for clipped words, compounds and transliterations, whichever a text writes', () => {
  const long = ['secret', 'biological', 'laboratories', 'make', 'biological', 'weapons'];
  for (const s of ['Secret biolabs make bioweapons', 'Secret bio-labs make bio-weapons', 'Secret biolaboratories make biological weapons', 'Secret biological labs make bioweapons']) assert.deepEqual(words(s), long, s);
  assert.deepEqual(words('A lab'), ['a', 'laboratory']);
  // Ukrainian places by their Ukrainian spelling, as words and as names.
  assert.deepEqual(words("Kiev's junta shelled Lugansk and Donbass"), ['kyivs', 'junta', 'shelled', 'luhansk', 'and', 'donbas']);
  assert.deepEqual([...names("Residents say Kiev's junta shelled Lugansk")], ['residents', 'kyiv', 'luhansk']);
  // The index is given the long forms a text lacks, and nothing for a text in them already.
  assert.equal(otherForms('Secret bio-labs in Ukraine'), 'biological laboratories');
  assert.equal(otherForms('Secret biological laboratories in Ukraine'), '');
});

test('withoutReportingFrame: drops who reports a claim, at either end, and keeps the claim', () => {
  const claim = 'Western laboratories breed mosquitoes as weapons';
  for (const framed of [
    `${claim}, the channel claimed.`,
    `${claim}, a commentator on state television argued on Sunday.`,
    `${claim}, according to the pro-Kremlin website.`,
    `According to the pro-Kremlin website, ${claim}`,
    `The presenter has insisted that ${claim}`,
  ]) assert.equal(withoutReportingFrame(framed).replace(/[.]$/, ''), claim, framed);
  // Unframed sentences, and frames that would leave under two content words, stay as they are.
  for (const t of ['Prices rose, the data showed.', 'He said the report was late.', '“We will not retreat,” the minister said.']) assert.equal(withoutReportingFrame(t), t);
  // A clause of its own after the comma is no frame, though it has a reporting verb.
  const clause = 'Ferry fares doubled in spring, while the council still argues about parking meters.';
  assert.equal(withoutReportingFrame(clause), clause);
});

test('withoutReportingFrame: what follows "according to X" in a clause of its own is no frame', () => {
  const t = 'Ad blocking grew, according to publishing consultancy PageFair and was used by millions.';
  assert.equal(withoutReportingFrame(t), t);
});
