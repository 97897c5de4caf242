import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runBatch } from '../../src/batch/run.ts';
import { DEFAULT_FIELDS } from '../../src/batch/record.ts';
import { parseLabels } from '../../src/io/semeval.ts';
import { FAKE_PIPELINE, REPO, article, tmp, writeJsonl } from './fixtures.ts';

const cli = (args: string[]) => execFileSync(process.execPath, [join(REPO, 'bin/unspin.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('export round-trips spans: jsonl, csv, semeval and label-studio all point at the same text', async () => {
  const dir = tmp();
  const db = join(dir, 'r.sqlite');
  const input = writeJsonl(dir, 'feed.jsonl', Array.from({ length: 8 }, (_, n) => JSON.stringify({ ...article(n), id: `feed/${n}` })));
  await runBatch({ inputs: [input], db, fields: DEFAULT_FIELDS, pipelineModule: FAKE_PIPELINE, threads: 1, quiet: true });

  const jsonl = cli(['export', '--db', db, '-f', 'jsonl']).trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(jsonl.length, 8);
  const spans = jsonl.flatMap((a) => a.report.techniques.map((t: { start: number; end: number; text: string }) => ({ a, t })));
  assert.ok(spans.length >= 5);
  for (const { a, t } of spans) assert.equal(a.text.slice(t.start, t.end), t.text);

  const csv = parse(cli(['export', '--db', db, '-f', 'csv']), { columns: true }) as Array<Record<string, string>>;
  assert.equal(csv.length, spans.length);
  assert.deepEqual(Object.keys(csv[0]!), ['article_id', 'outlet', 'date', 'url', 'technique', 'start', 'end', 'score', 'text']);

  const sem = join(dir, 'semeval');
  cli(['export', '--db', db, '-f', 'semeval', '-o', sem]);
  const labels = parseLabels(readFileSync(join(sem, 'techniques.labels'), 'utf8'));
  assert.equal(labels.length, spans.length);
  for (const l of labels) {
    assert.match(l.article, /^feed_\d$/, 'ids are made file-name safe');
    const text = readFileSync(join(sem, 'articles', `article${l.article}.txt`), 'utf8');
    assert.match(text.slice(l.start, l.end), /^(disaster|catastrophe|everyone knows)$/i);
  }

  const ls = join(dir, 'tasks.json');
  cli(['export', '--db', db, '-f', 'label-studio', '-o', ls]);
  const tasks = JSON.parse(readFileSync(ls, 'utf8'));
  assert.equal(tasks.length, 8);
  for (const task of tasks) {
    for (const r of task.predictions[0].result) {
      assert.equal(r.from_name, 'technique');
      assert.equal(task.data.text.slice(r.value.start, r.value.end), r.value.text);
    }
  }
  assert.match(readFileSync(join(dir, 'tasks.config.xml'), 'utf8'), /<Labels name="technique" toName="text">/);
});

test('semeval export counts offsets in code points, as the task does, and gives colliding ids their own files', async () => {
  const dir = tmp();
  const db = join(dir, 'r.sqlite');
  // Invented texts; "🔥" is one code point but two UTF-16 units, so a JS offset after it is one too far for the task.
  const records = [
    { ...article(0), id: 'x.1', text: 'Residents 🔥 said 🔥 the plan was a disaster.' },
    { ...article(3), id: 'x_1', text: 'Opponents called the plan a catastrophe.' },
  ];
  await runBatch({ inputs: [writeJsonl(dir, 'feed.jsonl', records.map((r) => JSON.stringify(r)))], db, fields: DEFAULT_FIELDS, pipelineModule: FAKE_PIPELINE, threads: 1, quiet: true });
  const sem = join(dir, 'semeval');
  cli(['export', '--db', db, '-f', 'semeval', '-o', sem]);
  const labels = parseLabels(readFileSync(join(sem, 'techniques.labels'), 'utf8'));
  assert.deepEqual(new Set(labels.map((l) => l.article)), new Set(['x_1', 'x_1-2']));
  for (const l of labels) {
    const codePoints = [...readFileSync(join(sem, 'articles', `article${l.article}.txt`), 'utf8')];
    assert.match(codePoints.slice(l.start, l.end).join(''), /^(disaster|catastrophe)$/);
  }
});

test('export and report refuse a missing database with one clear line', () => {
  for (const args of [['export', '-f', 'csv', '--db', '/nonexistent/x.sqlite'], ['report', '--db', '/nonexistent/x.sqlite']]) {
    try {
      cli(args);
      assert.fail('should exit non-zero');
    } catch (e) {
      const err = e as { status: number; stderr: string };
      assert.equal(err.status, 2);
      assert.equal(err.stderr.trim().split('\n').length, 1);
      assert.match(err.stderr, /no such database/);
    }
  }
});

test('export and report refuse a model version the database does not hold, naming those it does', async () => {
  const dir = tmp();
  const db = join(dir, 'r.sqlite');
  const r = await runBatch({ inputs: [writeJsonl(dir, 'feed.jsonl', [JSON.stringify(article(0))])], db, fields: DEFAULT_FIELDS, pipelineModule: FAKE_PIPELINE, threads: 1, quiet: true });
  for (const args of [['export', '-f', 'jsonl'], ['report', '-f', 'json']]) {
    try {
      cli([...args, '--db', db, '--model-version', 'nope']);
      assert.fail(`${args[0]} should exit non-zero`);
    } catch (e) {
      const err = e as { status: number; stderr: string; stdout: string };
      assert.equal(err.status, 2, err.stderr);
      assert.equal(err.stdout, '');
      assert.equal(err.stderr.trim().split('\n').length, 1);
      assert.match(err.stderr, new RegExp(`--model-version nope: no articles stored under it \\(stored: ${r.modelVersion.replace(/[+]/g, '\\+')}\\)`));
    }
  }
});
