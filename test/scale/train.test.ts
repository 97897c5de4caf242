import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tmp } from './fixtures.ts';

const cli = (args: string[]) => execFileSync(process.execPath, [join(REPO, 'bin/unspin.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const PLACES = ['the mill', 'the pier', 'the depot', 'the old school', 'the market hall', 'the ferry'];

/** An invented annotated task: "utter disaster" is marked as loaded language wherever it occurs. */
function task(n: number) {
  const place = PLACES[n % PLACES.length];
  const text = `Council votes on ${place}\n\nThe council voted on ${place} on Monday. One member called the plan an utter disaster for the town. The clerk read the minutes aloud and the meeting closed at nine.`;
  const start = text.indexOf('utter disaster');
  return {
    id: n + 1,
    data: { text, article_id: `t${n}` },
    annotations: [{ was_cancelled: false, updated_at: '2026-11-01T10:00:00Z', result: [{ type: 'labels', from_name: 'technique', to_name: 'text', value: { start, end: start + 14, text: 'utter disaster', labels: ['Loaded_Language'] } }] }],
  };
}

test('train techniques --from label-studio writes a usable model folder with cross-validated scores', () => {
  const dir = tmp();
  const file = join(dir, 'annotated.json');
  writeFileSync(file, JSON.stringify([...Array.from({ length: 24 }, (_, n) => task(n)), { id: 99, data: { text: 'Not annotated yet.' }, annotations: [] }]));
  const out = join(dir, 'model');
  const stdout = cli(['train', 'techniques', '--from', 'label-studio', file, '--out', out, '--folds', '3']);
  assert.match(stdout, /trained on 24 articles, 24 spans \(1 unannotated/);
  assert.match(stdout, /3-fold cross-validation: SI F1 \d+\.\d, TC F1 \d+\.\d/);
  for (const f of ['techniques/si.bin', 'techniques/tc.bin', 'techniques/MODEL_CARD.md']) assert.ok(existsSync(join(out, f)), f);

  const article = join(dir, 'new.txt');
  writeFileSync(article, 'Harbour plan\n\nResidents met at the pier on Friday. A speaker called the harbour plan an utter disaster for fishing families.\n');
  const report = JSON.parse(cli(['analyze', '--model', out, '-c', 'techniques', '-f', 'json', article]));
  assert.ok(report.techniques.some((t: { text: string; technique: string }) => /disaster/.test(t.text) && t.technique === 'Loaded_Language'), JSON.stringify(report.techniques));
});

test('one annotated article trains a model and says that there was no cross-validation, not "1-fold"', () => {
  const dir = tmp();
  const file = join(dir, 'one.json');
  writeFileSync(file, JSON.stringify([task(0)]));
  const stdout = cli(['train', 'techniques', '--from', 'label-studio', file, '--out', join(dir, 'model'), '--folds', '2']);
  assert.match(stdout, /no cross-validation: it needs 2 or more annotated articles/);
  assert.doesNotMatch(stdout, /1-fold/);
});

test('train refuses an annotation with an unknown technique, naming the task', () => {
  const dir = tmp();
  const file = join(dir, 'bad.json');
  const bad = task(0);
  bad.annotations[0]!.result[0]!.value.labels = ['Sarcasm'];
  writeFileSync(file, JSON.stringify([bad]));
  try {
    cli(['train', 'techniques', '--from', 'label-studio', file, '--out', join(dir, 'm')]);
    assert.fail('should fail');
  } catch (e) {
    const err = e as { status: number; stderr: string };
    assert.equal(err.status, 2);
    assert.match(err.stderr, /task 1: unknown technique "Sarcasm"/);
  }
});
