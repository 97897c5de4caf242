import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runBatch, type BatchOptions } from '../../src/batch/run.ts';
import { DEFAULT_FIELDS } from '../../src/batch/record.ts';
import { Store } from '../../src/store/store.ts';
import { openDb } from '../../src/store/dialect.ts';
import { migrate } from '../../src/store/migrations.ts';
import { aggregate } from '../../src/store/aggregate.ts';
import { renderHtml } from '../../src/batch/report-html.ts';
import { FAKE_PIPELINE, REPO, SKIP_POSTGRES, article, freshPostgres, tmp, writeJsonl } from './fixtures.ts';

const quiet = { quiet: true, threads: 1, fields: DEFAULT_FIELDS, pipelineModule: FAKE_PIPELINE } as const;

async function rows(db: string, sql: string, params: unknown[] = []) {
  const store = await Store.open(db);
  try {
    return await store.all(sql, params);
  } finally {
    await store.close();
  }
}

// The same tests run on SQLite and on PostgreSQL: one schema, one code path.
const backends: Array<[string, () => Promise<string>, string | false]> = [
  ['sqlite', async () => join(tmp(), 'results.sqlite'), false],
  ['postgres', async () => (await freshPostgres())!, SKIP_POSTGRES],
];

for (const [backend, makeDb, skip] of backends) {
  describe(`batch on ${backend}`, { skip }, () => {
    test('a malformed JSONL line becomes one failure row and every other record is stored', async () => {
      const dir = tmp();
      const good = [0, 1, 2, 3, 4].map((n) => JSON.stringify(article(n)));
      const input = writeJsonl(dir, 'feed.jsonl', [good[0]!, good[1]!, '{"id": "broken", "text": "unterminated', good[2]!, '', good[3]!, good[4]!]);
      const db = await makeDb();
      const r = await runBatch({ ...quiet, threads: 2, inputs: [input], db });
      assert.deepEqual([r.done, r.skipped, r.failed], [5, 0, 1]);
      const ids = (await rows(db, 'SELECT article_id FROM articles ORDER BY article_id')).map((x) => x.article_id);
      assert.deepEqual(ids, ['a0', 'a1', 'a2', 'a3', 'a4']);
      const fails = await rows(db, 'SELECT article_id, origin, reason, model_version FROM failures');
      assert.equal(fails.length, 1);
      assert.equal(fails[0]!.article_id, 'feed.jsonl:3');
      assert.equal(fails[0]!.model_version, r.modelVersion);
      assert.match(fails[0]!.reason, /line 3 is not valid JSON/);
      assert.match(fails[0]!.origin, /feed\.jsonl:3$/);
      // Spans land in their table with offsets into the stored text.
      const spans = await rows(db, `SELECT a.text AS body, t.span_start AS s, t.span_end AS e, t.text AS t FROM technique_spans t JOIN articles a ON a.pk = t.article_pk`);
      assert.ok(spans.length >= 3);
      for (const s of spans) assert.equal(String(s.body).slice(Number(s.s), Number(s.e)), s.t);
    });

    test('a JSONL line that is not UTF-8 becomes one failure row, not text with replacement characters', async () => {
      const dir = tmp();
      const input = join(dir, 'latin1.jsonl');
      const good = [0, 1].map((n) => Buffer.from(JSON.stringify(article(n)) + '\n'));
      writeFileSync(input, Buffer.concat([good[0]!, Buffer.from('{"id": "cafe", "text": "Caf\xe9 owners in Dresk said the new tax would ruin them."}\n', 'latin1'), good[1]!]));
      const db = await makeDb();
      const r = await runBatch({ ...quiet, inputs: [input], db });
      assert.deepEqual([r.done, r.failed], [2, 1]);
      const fails = await rows(db, 'SELECT article_id, reason FROM failures');
      assert.deepEqual(fails.map((f) => f.article_id), ['latin1.jsonl:2']);
      assert.match(String(fails[0]!.reason), /line 2 is not valid UTF-8/);
    });

    test('a resumed batch redoes nothing, and redoes only a record whose content changed', async () => {
      const dir = tmp();
      const lines = Array.from({ length: 30 }, (_, n) => JSON.stringify(article(n)));
      const input = writeJsonl(dir, 'feed.jsonl', lines);
      const db = await makeDb();
      const first = await runBatch({ ...quiet, inputs: [input], db });
      assert.equal(first.done, 30);
      const before = await rows(db, 'SELECT article_id, analyzed_at FROM articles ORDER BY article_id');
      const again = await runBatch({ ...quiet, inputs: [input], db });
      assert.deepEqual([again.done, again.skipped, again.failed], [0, 30, 0]);
      assert.deepEqual(await rows(db, 'SELECT article_id, analyzed_at FROM articles ORDER BY article_id'), before);

      const changed = { ...article(7), text: article(7).text + ' A catastrophe, said one resident.' };
      lines[7] = JSON.stringify(changed);
      writeJsonl(dir, 'feed.jsonl', lines);
      const third = await runBatch({ ...quiet, inputs: [input], db });
      assert.deepEqual([third.done, third.skipped], [1, 29]);
      const [a7] = await rows(db, "SELECT COUNT(*) AS n, MAX(text) AS text FROM articles WHERE article_id = 'a7'");
      assert.equal(Number(a7!.n), 1);
      assert.match(String(a7!.text), /catastrophe/);
    });

    test('a database from before failures had a model version is upgraded in place: rows kept, a run\'s failures take its version', async () => {
      const db = await makeDb();
      const old = await openDb(db);
      try {
        await migrate(old, 2);
        const [run] = await old.all(
          "INSERT INTO runs (started_at, status, model_version, components, input) VALUES ('2026-01-01T00:00:00Z', 'done', 'techniques@old', 'techniques', 'feed.jsonl') RETURNING id");
        const fail = 'INSERT INTO failures (run_id, article_id, origin, reason, failed_at) VALUES (?, ?, ?, ?, ?)';
        await old.run(fail, [run!.id, 'feed.jsonl:3', 'feed.jsonl:3', 'line 3 is not valid JSON', '2026-01-01T00:00:01Z']);
        // A worker's failure has no run, so its version cannot be known.
        await old.run(fail, [null, 'w1', 'queue.jsonl:1', 'fake component refuses this article', '2026-01-01T00:00:02Z']);
      } finally {
        await old.close();
      }
      // Opening the store migrates it.
      const fails = await rows(db, 'SELECT article_id, reason, failed_at, model_version FROM failures ORDER BY article_id');
      assert.deepEqual(fails.map((f) => [f.article_id, f.reason, f.failed_at, f.model_version]), [
        ['feed.jsonl:3', 'line 3 is not valid JSON', '2026-01-01T00:00:01Z', 'techniques@old'],
        ['w1', 'fake component refuses this article', '2026-01-01T00:00:02Z', null],
      ]);
      assert.deepEqual((await rows(db, 'SELECT version FROM schema_migrations ORDER BY version')).map((v) => Number(v.version)), [1, 2, 3, 4]);
    });

    test('stopping a run keeps every finished article, and resuming completes the rest', async () => {
      const dir = tmp();
      const input = writeJsonl(dir, 'feed.jsonl', Array.from({ length: 200 }, (_, n) => JSON.stringify(article(n))));
      const db = await makeDb();
      const stop = new AbortController();
      process.env.UNSPIN_FAKE_DELAY_MS = '20';
      let first;
      try {
        // As Ctrl-C would, part-way: the CLI's SIGINT handler aborts this same signal.
        first = await runBatch({ ...quiet, inputs: [input], db, signal: stop.signal, onProgress: (c) => c.done >= 20 && stop.abort() });
      } finally {
        delete process.env.UNSPIN_FAKE_DELAY_MS;
      }
      assert.equal(first.interrupted, true);
      assert.ok(first.done > 0 && first.done < 200, `stopped part-way (done ${first.done})`);
      const [stored] = await rows(db, 'SELECT COUNT(*) AS n FROM articles');
      assert.equal(Number(stored!.n), first.done);
      const [run] = await rows(db, 'SELECT status, done FROM runs WHERE id = ?', [first.runId]);
      assert.equal(run!.status, 'interrupted');
      const rest = await runBatch({ ...quiet, inputs: [input], db });
      assert.deepEqual([rest.done, rest.skipped], [200 - first.done, first.done]);
    });
  });
}

test('a folder of .txt and .html files joins its metadata file; CSV input maps fields by flag', async () => {
  const dir = tmp();
  const folder = join(dir, 'articles');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  writeFileSync(join(folder, 'one.txt'), 'Bridge to close\n\nThe bridge closes in May. Critics call it a disaster for commuters.\n');
  writeFileSync(
    join(folder, 'sub', 'two.html'),
    '<html><head><title>Library | Town Site</title></head><body><nav>Home News Sports</nav><article><h1>Library opens late</h1><p>The town library will open at noon on Sundays from next week, the librarian said on Friday afternoon.</p><p>Everyone knows the old hours suited nobody, one reader wrote in a letter to the editor.</p></article></body></html>',
  );
  writeFileSync(join(folder, 'empty.txt'), '   \n');
  // One row names its file with the extension: it joins too.
  writeFileSync(join(dir, 'meta.tsv'), 'file\tpaper\twhen\none\tDaily Lantern\t2026-03-02\ntwo.html\tHarbor Courier\t2026-04-09\n');
  const db = join(dir, 'r.sqlite');
  const fields = { ...DEFAULT_FIELDS, id: 'file', outlet: 'paper', date: 'when' };
  const r = await runBatch({ ...quiet, fields, inputs: [folder], db, metadata: join(dir, 'meta.tsv') });
  assert.deepEqual([r.done, r.failed], [2, 1]);
  const got = await rows(db, 'SELECT article_id, outlet, month, title, text FROM articles ORDER BY article_id');
  assert.deepEqual(got.map((g) => [g.article_id, g.outlet, g.month]), [['one', 'Daily Lantern', '2026-03'], ['sub/two', 'Harbor Courier', '2026-04']]);
  assert.equal(got[0]!.title, 'Bridge to close');
  assert.doesNotMatch(String(got[1]!.text), /Home News Sports/, 'page chrome is dropped');
  assert.match(String(got[1]!.text), /open at noon on Sundays/);
  const [fail] = await rows(db, 'SELECT article_id, reason FROM failures');
  assert.equal(fail!.article_id, 'empty');
  assert.match(String(fail!.reason), /empty/);

  const csv = join(dir, 'feed.csv');
  writeFileSync(csv, 'doc,body,source\nc1,"The plan, critics said, is a ""disaster"".",Valley Ledger\nc2,,Valley Ledger\n');
  const r2 = await runBatch({ ...quiet, fields: { ...DEFAULT_FIELDS, id: 'doc', text: 'body', outlet: 'source' }, inputs: [csv], db });
  assert.deepEqual([r2.done, r2.failed], [1, 1]);
  const [c1] = await rows(db, "SELECT text, outlet FROM articles WHERE article_id = 'c1'");
  assert.equal(c1!.text, 'The plan, critics said, is a "disaster".');
  assert.equal(c1!.outlet, 'Valley Ledger');
});

test('a bad CSV row becomes one failure row with its line, and the rows after it are analysed', async () => {
  const dir = tmp();
  const csv = join(dir, 'feed.csv');
  const good = Array.from({ length: 30 }, (_, n) => `g${n},Row ${n}: the ferry plan is a disaster.`);
  writeFileSync(csv, ['id,text', ...good.slice(0, 20), 'bad,The "reckless" ferry plan.', ...good.slice(20)].join('\n') + '\n');
  const db = join(dir, 'r.sqlite');
  const r = await runBatch({ ...quiet, inputs: [csv], db });
  assert.deepEqual([r.done, r.failed], [30, 1]);
  const [fail] = await rows(db, 'SELECT article_id, origin, reason FROM failures');
  assert.equal(fail!.article_id, 'feed.csv:22');
  assert.equal(fail!.origin, `${csv}:22`);
  assert.match(String(fail!.reason), /^line 22: a quote inside a field that is not quoted/);
});

test('a CSV row whose quote never closes becomes one failure row with its line, and the rows after it are analysed', async () => {
  const dir = tmp();
  const csv = join(dir, 'feed.csv');
  const good = Array.from({ length: 30 }, (_, n) => `g${n},"Row ${n}: the ferry plan, critics say, is a disaster."`);
  writeFileSync(csv, ['id,text', ...good.slice(0, 20), 'open,"The ferry plan never ends', ...good.slice(20)].join('\n') + '\n');
  const db = join(dir, 'r.sqlite');
  const r = await runBatch({ ...quiet, inputs: [csv], db });
  assert.deepEqual([r.done, r.failed], [30, 1]);
  const stored = (await rows(db, 'SELECT article_id FROM articles')).map((x) => String(x.article_id));
  assert.ok(['g20', 'g29'].every((id) => stored.includes(id)), 'the rows after the bad one are stored');
  const [fail] = await rows(db, 'SELECT article_id, origin, reason FROM failures');
  assert.equal(fail!.article_id, 'feed.csv:22');
  assert.equal(fail!.origin, `${csv}:22`);
  assert.match(String(fail!.reason), /^line 22: a quoted field opens here and runs on to line 23/);
});

test('two records with one id: the first is stored, the second is a failure row, and a rerun changes nothing', async () => {
  const dir = tmp();
  const lines = [article(0), { ...article(1), id: 'a0' }, article(2)].map((a) => JSON.stringify(a));
  const input = writeJsonl(dir, 'feed.jsonl', lines);
  const db = join(dir, 'r.sqlite');
  const first = await runBatch({ ...quiet, inputs: [input], db });
  assert.deepEqual([first.done, first.skipped, first.failed], [2, 0, 1]);
  const stored = await rows(db, 'SELECT article_id, text, analyzed_at FROM articles ORDER BY article_id');
  assert.deepEqual(stored.map((r) => [r.article_id, /Item (\d+)/.exec(String(r.text))?.[1]]), [['a0', '0'], ['a2', '2']]);
  const again = await runBatch({ ...quiet, inputs: [input], db });
  assert.deepEqual([again.done, again.skipped, again.failed], [0, 2, 1]);
  assert.deepEqual(await rows(db, 'SELECT article_id, text, analyzed_at FROM articles ORDER BY article_id'), stored);
  const fails = await rows(db, 'SELECT article_id, reason FROM failures');
  assert.deepEqual(fails.map((f) => [f.article_id, f.reason]), [['feed.jsonl:2', `duplicate id "a0", already used by ${input}:1`]]);
});

test('dates in RFC 2822 and with month names get their month; impossible and ambiguous ones none, and one warning', async () => {
  const dir = tmp();
  const dates = ['Tue, 05 Mar 2024 10:00:00 GMT', 'March 5, 2024', '5 April 2024', '2024-13-45', '05/03/2024'];
  const input = writeJsonl(dir, 'feed.jsonl', dates.map((date, n) => JSON.stringify({ ...article(n), date })));
  const db = join(dir, 'r.sqlite');
  const r = await runBatch({ ...quiet, inputs: [input], db });
  const got = await rows(db, 'SELECT date, month FROM articles ORDER BY article_id');
  assert.deepEqual(got.map((g) => g.month), ['2024-03', '2024-03', '2024-04', null, null]);
  assert.deepEqual(got.map((g) => g.date), dates, 'the date is stored as given');
  assert.match(String(r.dateWarning), /^2 articles have dates with no clear month .*"2024-13-45"/);
});

test('an unknown component fails before the database is created', async () => {
  const db = join(tmp(), 'r.sqlite');
  const input = writeJsonl(tmp(), 'feed.jsonl', [JSON.stringify(article(0))]);
  await assert.rejects(runBatch({ quiet: true, fields: DEFAULT_FIELDS, components: ['nope'], inputs: [input], db }), /unknown component\(s\): nope/);
  assert.equal(existsSync(db), false);
});

test('a run whose process died is marked interrupted by the next run; a live process keeps its run', async () => {
  const dir = tmp();
  const input = writeJsonl(dir, 'feed.jsonl', [JSON.stringify(article(0))]);
  const db = join(dir, 'r.sqlite');
  const store = await Store.open(db);
  try {
    // As a SIGKILLed batch leaves it: 'running', with the pid of a process that has exited.
    const dead = await store.startRun({ modelVersion: 'v', components: ['x'], input });
    await store.db.run('UPDATE runs SET pid = ? WHERE id = ?', [spawnSync(process.execPath, ['-e', '']).pid, dead]);
    const live = await store.startRun({ modelVersion: 'v', components: ['x'], input });
    const r = await runBatch({ ...quiet, inputs: [input], db });
    const status = new Map((await store.all('SELECT id, status FROM runs')).map((x) => [Number(x.id), x.status]));
    assert.deepEqual([status.get(dead), status.get(live), status.get(r.runId)], ['interrupted', 'running', 'done']);
  } finally {
    await store.close();
  }
});

test('the corpus report counts spans per 1,000 words by outlet and month, and its HTML escapes stored text', async () => {
  const dir = tmp();
  const evil = { ...article(3), id: 'evil', outlet: '<script>alert(1)</script>' };
  const input = writeJsonl(dir, 'feed.jsonl', [...Array.from({ length: 12 }, (_, n) => JSON.stringify(article(n))), JSON.stringify(evil)]);
  const db = join(dir, 'r.sqlite');
  await runBatch({ ...quiet, inputs: [input], db });
  const store = await Store.open(db);
  try {
    const r = await aggregate(store);
    assert.equal(r.articles, 13);
    const words = await store.all('SELECT outlet, SUM(words) AS w FROM articles GROUP BY outlet');
    for (const o of r.outlets) {
      // Recount independently: trigger words in the stored texts of this outlet.
      const texts = await store.all('SELECT text FROM articles WHERE outlet = ?', [o.key]);
      const loaded = texts.reduce((n, t) => n + (String(t.text).match(/\b(disaster|catastrophe)\b/gi)?.length ?? 0), 0);
      const w = Number(words.find((x) => x.outlet === o.key)!.w);
      assert.equal(o.words, w);
      assert.equal(o.techniques.Loaded_Language ?? 0, Math.round((100_000 * loaded) / w) / 100);
    }
    assert.equal(r.techniques.find((t) => t.technique === 'Loaded_Language')!.articles, 5); // n = 0,3,6,9 + evil
    assert.deepEqual([...new Set(r.outletMonths.map((x) => x.month))].sort(), ['2026-01', '2026-02', '2026-03']);
    const html = renderHtml(r);
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  } finally {
    await store.close();
  }
});

/**
 * Starts `unspin batch` on 300 slow articles, waits until some are stored, interrupts it with
 * `interrupt`, then checks it stopped cleanly: exit 130, every article it reports as analysed stored.
 */
async function interruptBatch(interrupt: (child: ReturnType<typeof spawn>) => void, detached = false): Promise<void> {
  const dir = tmp();
  const input = writeJsonl(dir, 'feed.jsonl', Array.from({ length: 300 }, (_, n) => JSON.stringify(article(n))));
  const db = join(dir, 'r.sqlite');
  const child = spawn(process.execPath, [join(REPO, 'bin/unspin.js'), 'batch', input, '--db', db, '--threads', '1', '--pipeline-module', FAKE_PIPELINE], {
    env: { ...process.env, UNSPIN_FAKE_DELAY_MS: '30' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached,
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; ; i++) {
    if (i > 600) throw new Error(`no progress: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
    if (existsSync(db) && Number((await rows(db, 'SELECT COUNT(*) AS n FROM articles').catch(() => [{ n: 0 }]))[0]!.n) >= 10) break;
  }
  interrupt(child);
  assert.equal(await exited, 130, stderr);
  const m = /interrupted in [\d.]+s: (\d+) analysed/.exec(stderr);
  assert.ok(m, stderr);
  const [stored] = await rows(db, 'SELECT COUNT(*) AS n FROM articles');
  assert.equal(Number(stored!.n), Number(m[1]));
  assert.ok(Number(m[1]) < 300);
  const [run] = await rows(db, 'SELECT status FROM runs');
  assert.equal(run!.status, 'interrupted');
}

test('SIGINT to the batch command stops cleanly: exit 130, every article it reports as analysed is stored', async () => {
  await interruptBatch((child) => child.kill('SIGINT'));
});

test('a terminal Ctrl-C (SIGINT to the whole process group: launcher and batch process) also stops cleanly, not at once', async () => {
  // The launcher (bin/unspin.js) starts the batch in a second process and passes signals on, so
  // the batch process gets this one twice; it must count it once.
  await interruptBatch((child) => process.kill(-child.pid!, 'SIGINT'), true);
});

test('a record that exhausts its thread heap fails with the reason; a new thread takes over and the run goes on', async () => {
  const dir = tmp();
  const lines = Array.from({ length: 12 }, (_, n) => article(n));
  lines[4] = { ...lines[4]!, text: `${lines[4]!.text} EAT-MEMORY` };
  lines[8] = { ...lines[8]!, text: `${lines[8]!.text} EXIT-THREAD` };
  const input = writeJsonl(dir, 'feed.jsonl', lines.map((l) => JSON.stringify(l)));
  const db = join(dir, 'r.sqlite');
  const saved = process.env.UNSPIN_THREAD_HEAP_MB;
  process.env.UNSPIN_THREAD_HEAP_MB = '64';
  try {
    const r = await runBatch({ ...quiet, inputs: [input], db });
    // Two records are in flight per thread, so a neighbour of a record that kills the thread may fail with it.
    assert.equal(r.done + r.failed, 12);
    assert.ok(r.done >= 8, `only ${r.done} stored`);
  } finally {
    if (saved === undefined) delete process.env.UNSPIN_THREAD_HEAP_MB;
    else process.env.UNSPIN_THREAD_HEAP_MB = saved;
  }
  const fails = new Map((await rows(db, 'SELECT article_id, reason FROM failures')).map((f) => [f.article_id, String(f.reason)]));
  assert.match(fails.get('a4') ?? '', /ran out of memory \(heap cap 64 MB per thread, env UNSPIN_THREAD_HEAP_MB\)/);
  assert.match(fails.get('a8') ?? '', /analysis thread exited \(code 3\)/);
  const stored = (await rows(db, 'SELECT article_id FROM articles')).map((x) => x.article_id);
  for (const id of ['a0', 'a11']) assert.ok(stored.includes(id), `${id} not stored`);
});

test('records without an id in files of one name in two folders are each stored, run after run', async () => {
  const dir = tmp();
  mkdirSync(join(dir, 'd2024'));
  mkdirSync(join(dir, 'd2025'));
  const noId = (n: number) => {
    const { id: _id, ...rest } = article(n);
    return JSON.stringify(rest);
  };
  const a = writeJsonl(join(dir, 'd2024'), 'feed.jsonl', [noId(0)]);
  const b = writeJsonl(join(dir, 'd2025'), 'feed.jsonl', [noId(1)]);
  const db = join(dir, 'r.sqlite');
  await runBatch({ ...quiet, inputs: [a], db });
  await runBatch({ ...quiet, inputs: [b], db });
  const both = await runBatch({ ...quiet, inputs: [a, b], db });
  assert.deepEqual([both.done, both.skipped, both.failed], [0, 2, 0]);
  const stored = await rows(db, 'SELECT article_id FROM articles ORDER BY article_id');
  assert.equal(stored.length, 2);
  for (const r of stored) assert.match(String(r.article_id), /^feed\.jsonl#[0-9a-f]{16}$/);
});
