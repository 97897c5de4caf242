import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReportSchema } from '../report/schema.ts';
import { renderTerminal } from './render.ts';

const span = (text: string, s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, text: s });
/** The "Who says what" list of `text` with these attributions, drawn without colour. */
const whoSaysWhat = (text: string, attributions: unknown[]) =>
  renderTerminal(text, ReportSchema.parse({ version: '1', title: null, sentences: [], techniques: [], attributions }), { color: false });

test('who says what reads in the text\'s order, the quote without its marks, control characters escaped', () => {
  const text = 'According to the harbour office, the pier is closed. "It will never \u001b[31mopen again," the mayor of Dresk said.';
  const out = whoSaysWhat(text, [
    { source: span(text, 'the harbour office'), cue: span(text, 'According to'), content: span(text, 'the pier is closed'), kind: 'indirect' },
    { source: span(text, 'the mayor of Dresk'), cue: span(text, 'said'), content: span(text, '"It will never \u001b[31mopen again,"'), kind: 'direct' },
  ]);
  assert.match(out, /^ {2}According to the harbour office \[indirect\]: "the pier is closed"$/m);
  assert.match(out, /^ {2}the mayor of Dresk said \[direct\]: "It will never \\x1b\[31mopen again"$/m);
  assert.ok(!out.includes('\u001b'));
});

test('who says what keeps a quotation inside indirect speech balanced', () => {
  const text = 'The minister said that the regime is "bloodthirsty". "It is over," she said, and the fans\' chants stopped.';
  const out = whoSaysWhat(text, [
    { source: span(text, 'The minister'), cue: span(text, 'said'), content: span(text, 'that the regime is "bloodthirsty"'), kind: 'indirect' },
    { source: span(text, 'she'), cue: span(text, 'said, and'), content: span(text, '"It is over,"'), kind: 'direct' },
    { source: null, cue: span(text, 'stopped'), content: span(text, "the fans' chants"), kind: 'indirect' },
  ]);
  assert.match(out, /: "that the regime is "bloodthirsty""$/m);
  assert.match(out, /: "It is over"$/m);
  assert.match(out, /: "the fans' chants"$/m);
});

test('who says what gives a quotation its cue and source interrupt as its parts, without "said X" between them', () => {
  const text = '"The pier is closed," said Ana Roe, the harbour master. "It will stay closed."';
  assert.match(whoSaysWhat(text, [{ source: span(text, 'Ana Roe, the harbour master'), cue: span(text, 'said'), content: span(text, text), kind: 'direct' }]), /^ {2}said Ana Roe, the harbour master \[direct\]: "The pier is closed … It will stay closed\."$/m);
});

test('who says what shows a cue without its colon, and a colon cue as nothing: "Brandt said", "Lavrov"', () => {
  const text = 'Lavrov: "The West has lost its mind"\n\nBrandt said: "Nothing to hide."';
  const out = whoSaysWhat(text, [
    { source: span(text, 'Lavrov'), cue: span(text, ':'), content: span(text, '"The West has lost its mind"'), kind: 'direct' },
    { source: span(text, 'Brandt'), cue: span(text, 'said:'), content: span(text, '"Nothing to hide."'), kind: 'direct' },
  ]);
  assert.match(out, /^ {2}Lavrov \[direct\]: "The West has lost its mind"$/m);
  assert.match(out, /^ {2}Brandt said \[direct\]: "Nothing to hide\."$/m);
});

test('Windows line ends read as line ends, bidi overrides and escapes are shown once escaped, body style has a heading', () => {
  const text = 'Pier closed\r\n\r\nThe \u202eshameful\u202c pier is \u001b[31mclosed.\r\nNobody knows why.';
  const report = ReportSchema.parse({
    version: '1', title: null, sentences: [],
    techniques: [{ ...span(text, '\u202eshameful\u202c pier is \u001b[31mclosed'), technique: 'Loaded_Language', score: 0.9, explanation: 'x' }],
    style: { sensational: 0.1, loadedWordShare: 0.05, exclamations: 0 },
  });
  const out = renderTerminal(text, report, { color: false });
  assert.ok(!out.includes('\r') && !out.includes('\\x0d'), 'no CR, raw or escaped');
  assert.match(out, /^Pier closed\n\nThe \[\[/);
  assert.match(out, /closed\]\]1\.\nNobody knows why\./);
  assert.ok(!/[\u202a-\u202e]/.test(out));
  assert.match(out, /: "\\u202eshameful\\u202c pier is \\x1b\[31mclosed"$/m, 'escaped once, not "\\\\x1b"');
  assert.match(out, /\nBody style\n {2}body style: sensational 10%/);
});

test('a report whose techniques did not run has no Techniques section, one that found none says so', () => {
  const base = { version: '1', title: null, sentences: [] };
  assert.doesNotMatch(renderTerminal('Some text.', ReportSchema.parse(base), { color: false }), /Techniques|none found/);
  assert.match(renderTerminal('Some text.', ReportSchema.parse({ ...base, techniques: [] }), { color: false }), /Techniques\n {2}none found/);
});
