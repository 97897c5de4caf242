import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../io/input.ts';
import type { Report } from '../report/schema.ts';
import { labelStudioTask } from './export.ts';
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

test('offsets count code points, as Label Studio does: a span after an emoji is read back where it is', () => {
  const text = 'Great news 🎉🎉 for all: the plan is an utter disaster.';
  const at = text.indexOf('utter disaster');
  const points = [...text.slice(0, at)].length;
  const task = (value: Record<string, unknown>) => [{ data: { text }, annotations: [{ result: [{ type: 'labels', value: { labels: ['Loaded_Language'], ...value } }] }] }];
  const want = [{ article: '1', technique: 'Loaded_Language', start: at, end: at + 14 }];
  assert.deepEqual(read(task({ start: points, end: points + 14, text: 'utter disaster' })).labels, want);
  assert.deepEqual(read(task({ start: points, end: points + 14 })).labels, want, 'code points without a saved text');
  // An export of an older Label Studio, which counted UTF-16 units: its saved text tells.
  assert.deepEqual(read(task({ start: at, end: at + 14, text: 'utter disaster' })).labels, want);
  assert.throws(() => read(task({ start: points, end: [...text].length + 1 })), /outside its text \(53 characters\)/);
});

test('exported predictions come back at their offsets once annotators accept them', () => {
  const text = 'Great news 🎉 for all: the plan is an utter 💥 disaster, shameful.';
  const spans = [{ start: text.indexOf('utter'), end: text.indexOf(', shameful') }, { start: text.indexOf('shameful'), end: text.length - 1 }];
  const report = { techniques: spans.map((s) => ({ ...s, text: text.slice(s.start, s.end), technique: 'Loaded_Language', score: 0.9 })) } as unknown as Report;
  const task = labelStudioTask({ id: 'a1', modelVersion: 'v', outlet: null, date: null, url: null, title: null, text, report });
  const accepted = [{ data: task.data, annotations: [{ result: task.predictions[0]!.result }] }];
  assert.deepEqual(read(accepted).labels.map(({ start, end }) => ({ start, end })), spans);
  assert.equal(task.predictions[0]!.result[1]!.value.start, [...text.slice(0, spans[1]!.start)].length);
});
