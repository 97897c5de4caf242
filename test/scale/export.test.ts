import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runBatch } from '../../src/batch/run.ts';
import { DEFAULT_FIELDS } from '../../src/batch/record.ts';
import { parseLabels } from '../../src/io/semeval.ts';
import { Store } from '../../src/store/store.ts';
import { aggregate } from '../../src/store/aggregate.ts';
import { renderHtml } from '../../src/batch/report-html.ts';
import Database from 'better-sqlite3';
import { FAKE_PIPELINE, REPO, SKIP_POSTGRES, article, freshPostgres, tmp, writeJsonl } from './fixtures.ts';

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

/** Runs the CLI expecting a clean refusal: exit 2, nothing on stdout, one line on stderr. */
function refused(args: string[]): string {
  try {
    cli(args);
  } catch (e) {
    const err = e as { status: number; stderr: string; stdout: string };
    assert.equal(err.status, 2, err.stderr);
    assert.equal(err.stdout, '');
    assert.equal(err.stderr.trim().split('\n').length, 1, err.stderr);
    return err.stderr;
  }
  assert.fail(`${args[0]} should exit non-zero`);
}

test('export and report refuse a file that is not a results database, and leave it as it was', () => {
  const dir = tmp();
  const text = join(dir, 'notes.sqlite');
  writeFileSync(text, 'hello, not a database\n');
  // Another program's SQLite database: reading it must not add the results tables to it.
  const other = join(dir, 'other.sqlite');
  const db = new Database(other);
  db.exec('CREATE TABLE entries (id INTEGER PRIMARY KEY, title TEXT)');
  db.close();
  const before = readFileSync(other);
  for (const args of [['export', '-f', 'jsonl'], ['report', '-f', 'json']]) {
    assert.match(refused([...args, '--db', text]), /notes\.sqlite: not a SQLite database/);
    assert.match(refused([...args, '--db', other]), /other\.sqlite: holds no unspin results/);
    assert.deepEqual(readFileSync(other), before);
  }
  // `batch` creates the tables in a new file, but cannot in a file that is not SQLite.
  assert.match(refused(['batch', '--db', text, '--pipeline-module', FAKE_PIPELINE, writeJsonl(dir, 'feed.jsonl', [JSON.stringify(article(0))])]), /not a SQLite database/);
});

test('report refuses a PostgreSQL database no batch or worker has written to, and creates nothing in it', { skip: SKIP_POSTGRES }, async () => {
  const db = (await freshPostgres())!;
  assert.match(refused(['report', '--db', db]), /holds no unspin results/);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
  await client.end();
  assert.deepEqual(tables.rows, []);
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

test('report says which model version it covers when the database holds others, and how to pick one', async () => {
  const dir = tmp();
  const db = join(dir, 'r.sqlite');
  const batch = (ids: number[], components?: string[]) =>
    runBatch({ inputs: [writeJsonl(dir, `feed${ids.length}.jsonl`, ids.map((n) => JSON.stringify(article(n))))], db, fields: DEFAULT_FIELDS, pipelineModule: FAKE_PIPELINE, threads: 1, quiet: true, components });
  const older = await batch([0, 1, 2]);
  const latest = await batch([3, 4], ['techniques']);
  const r = spawnSync(process.execPath, [join(REPO, 'bin/unspin.js'), 'report', '--db', db, '-f', 'json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).articles, 2);
  const esc = (v: string) => v.replace(/[+]/g, '\\+');
  assert.match(r.stderr, new RegExp(`report of model ${esc(latest.modelVersion)} \\(2 articles\\); the database also holds ${esc(older.modelVersion)} \\(3 articles\\): choose with --model-version`));
  // Asked for by name, the version is reported without the note.
  const named = spawnSync(process.execPath, [join(REPO, 'bin/unspin.js'), 'report', '--db', db, '-f', 'json', '--model-version', older.modelVersion], { encoding: 'utf8' });
  assert.equal(JSON.parse(named.stdout).articles, 3);
  assert.equal(named.stderr, '');
  // export takes the same version by default, and says so; "all" takes every one.
  const exported = spawnSync(process.execPath, [join(REPO, 'bin/unspin.js'), 'export', '--db', db, '-f', 'jsonl'], { encoding: 'utf8' });
  assert.equal(exported.stdout.trim().split('\n').length, 2);
  assert.match(exported.stderr, new RegExp(`exporting model ${esc(latest.modelVersion)} \\(2 articles\\), the latest; the database also holds ${esc(older.modelVersion)} \\(3 articles\\)`));
  const every = spawnSync(process.execPath, [join(REPO, 'bin/unspin.js'), 'export', '--db', db, '-f', 'jsonl', '--model-version', 'all'], { encoding: 'utf8' });
  assert.equal(every.stdout.trim().split('\n').length, 5);
  assert.match(every.stderr, /exporting every model version/);
});

test('report counts failed records by the model version they failed under', async () => {
  const dir = tmp();
  const db = join(dir, 'r.sqlite');
  const crash = JSON.stringify({ ...article(9), id: 'crash', text: 'This article says CRASH-ME to the fake component.' });
  const batch = (name: string, lines: string[], components?: string[]) =>
    runBatch({ inputs: [writeJsonl(dir, name, lines)], db, fields: DEFAULT_FIELDS, pipelineModule: FAKE_PIPELINE, threads: 1, quiet: true, components });
  const older = await batch('old.jsonl', [JSON.stringify(article(0)), '{not json', crash]);
  const latest = await batch('new.jsonl', [JSON.stringify(article(1)), crash], ['techniques']);
  const r = spawnSync(process.execPath, [join(REPO, 'bin/unspin.js'), 'report', '--db', db, '-f', 'json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  // Only a record's latest failure is kept: "crash" failed again under the newer version.
  assert.equal(report.failures, 2);
  assert.deepEqual(report.failuresByModel, [
    { modelVersion: latest.modelVersion, failures: 1 },
    { modelVersion: older.modelVersion, failures: 1 },
  ].sort((a, b) => (a.modelVersion < b.modelVersion ? -1 : 1)));
  const html = spawnSync(process.execPath, [join(REPO, 'bin/unspin.js'), 'report', '--db', db], { encoding: 'utf8' }).stdout;
  assert.match(html, new RegExp(`Failed records by the model version they failed under: ${latest.modelVersion.replace(/[+]/g, '\\+')} \\(this report's\\) 1, `));
});

test('a claim repeated by several outlets is listed with their number, not the first outlet by name beside the first date', async () => {
  const db = join(tmp(), 'r.sqlite');
  const store = await Store.open(db);
  const claim = 'Officials said 500 mercenaries were flown into the port city last week.';
  const only = 'The harbour authority said dredging would start in the spring of next year.';
  const save = (id: string, outlet: string, date: string, claims: string[]) => {
    const text = claims.join(' ');
    const rows = { technique_spans: [], attributions: [], matches: [], claims: claims.flatMap((c) => [text.indexOf(c), text.indexOf(c) + c.length, 0.9, c]) };
    return store.saveArticle({ id, hash: id, modelVersion: 'v', runId: null, outlet, date, text, words: 12, reportJson: '{}', rows });
  };
  try {
    // Dates as written: in time order, not in the order of their text ("January 5, 2024" < "2024-…").
    await save('a', 'Zeta Post', 'January 5, 2024', [claim]);
    await save('b', 'Alpha News', '2024-03-01', [claim, only]);
    await save('c', 'Alpha News', '2024-02-01', [claim]);
    await save('d', 'Alpha News', '05/03/2023', [claim]);
    const r = await aggregate(store);
    const repeated = r.claims.find((c) => c.text === claim)!;
    assert.deepEqual([repeated.articles, repeated.outlets, repeated.outlet, repeated.date], [4, 2, null, 'January 5, 2024']);
    const single = r.claims.find((c) => c.text === only)!;
    assert.deepEqual([single.outlets, single.outlet, single.date], [1, 'Alpha News', '2024-03-01']);
    const html = renderHtml(r);
    assert.ok(html.includes(`<td>${claim}</td><td class="n">4</td><td class="n">0.90</td><td class="date">2 outlets</td><td class="date">January 5, 2024</td>`));
  } finally {
    await store.close();
  }
});

test('the report page says which model version it covers when the database holds others, and why there is no timeline', async () => {
  const db = join(tmp(), 'r.sqlite');
  const store = await Store.open(db);
  const rows = { technique_spans: [], attributions: [], matches: [], claims: [] };
  const save = (id: string, modelVersion: string, date: string | undefined) =>
    store.saveArticle({ id, hash: id, modelVersion, runId: null, outlet: 'Bay Courier', date, text: 'The ferry left.', words: 3, reportJson: '{}', rows });
  try {
    await save('a', 'old@1', '2024-03-05');
    await save('b', 'old@1', '2024-03-06');
    await save('c', 'new@2', '05/03/2024');
    const r = await aggregate(store, { modelVersion: 'new@2' });
    assert.deepEqual([r.dated, r.otherVersions], [1, [{ modelVersion: 'old@1', articles: 2 }]]);
    const html = renderHtml(r);
    assert.match(html, /This page covers model new@2 only\. The database also holds old@1 \(2 articles\)/);
    assert.match(html, /1 article has a date, but none whose month can be read/);
    assert.doesNotMatch(html, /Cells: rate/);
  } finally {
    await store.close();
  }
});

test('a claim that names a case to refute it is counted apart from the articles repeating it', async () => {
  const db = join(tmp(), 'r.sqlite');
  const store = await Store.open(db);
  const claim = (text: string, refutes: 0 | 1) => ['euvsdisinfo', 'labs', 'Secret labs in Velmora', 'disinformation', text, 0.9, refutes];
  const save = (id: string, matches: unknown[]) =>
    store.saveArticle({ id, hash: id, modelVersion: 'v', runId: null, outlet: 'Bay Courier', date: '2024-03-05', text: 'x', words: 1, reportJson: '{}', rows: { technique_spans: [], attributions: [], claims: [], matches } });
  try {
    await save('a', claim('The West runs secret labs in Velmora.', 0));
    await save('b', [...claim('Velmora hides secret Western labs.', 0), ...claim('Secret labs again, the host said.', 0)]);
    await save('c', claim('There is no evidence that the West runs secret labs in Velmora.', 1));
    const r = await aggregate(store);
    assert.deepEqual(r.narratives.map((x) => [x.id, x.articles, x.claims, x.refutedIn]), [['labs', 2, 3, 1]]);
    assert.match(renderHtml(r), /<td class="n">2<\/td><td class="n">3<\/td><td class="n">1<\/td>/);
  } finally {
    await store.close();
  }
});
