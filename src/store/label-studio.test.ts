import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../io/input.ts';
import { readLabelStudio } from './label-studio.ts';

const TEXT = 'The plan is an utter disaster for all of us.';
const span = (value: Record<string, unknown>) => [{ data: { text: TEXT }, annotations: [{ result: [{ type: 'labels', value }] }] }];

function read(tasks: unknown) {
  const file = join(mkdtempSync(join(tmpdir(), 'unspin-ls-')), 'export.json');
  writeFileSync(file, JSON.stringify(tasks));
  return readLabelStudio(file);
}

test('a well-formed task gives its article and span', () => {
  const r = read(span({ start: 15, end: 29, labels: ['Loaded_Language'] }));
  assert.deepEqual(r.labels, [{ article: '1', technique: 'Loaded_Language', start: 15, end: 29 }]);
});

test('an export of another shape is refused with what is wrong, not an internal error or a made-up label', () => {
  const cases: Array<[unknown, RegExp]> = [
    [[{ data: { text: TEXT }, annotations: {} }], /task 1: annotations is not a list/],
    [[{ data: { text: TEXT }, annotations: [{ result: {} }] }], /task 1: an annotation's result is not a list/],
    [span({ start: 15, end: 29, labels: 'Loaded_Language' }), /task 1: span 15-29 has no list of labels/],
    [span({ start: '15', end: 29, labels: ['Loaded_Language'] }), /task 1: span "15"-29 has no whole-number start and end/],
    // JSON-MIN puts the text at the top of each task: the full JSON export is the one to use.
    [[{ id: 3, text: TEXT, label: [{ start: 15, end: 29, labels: ['Loaded_Language'] }] }], /task 1 has no data\.text \(export the project as "JSON", not "JSON-MIN"\)/],
  ];
  for (const [tasks, message] of cases) assert.throws(() => read(tasks), (e) => e instanceof UserError && message.test(e.message), String(message));
});
