// unspin as a library, imported by its package name as a user's project imports it: through
// package.json's `exports` (Node resolves a package's own name from inside it), so these tests
// read the built dist/src/index.js and dist/types, not the sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, tscPath } from '../bin/build.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
await ensureBuilt();
const unspin = await import('unspin');

const ARTICLE =
  'SHOCKING: Harbour Board Hides the Truth!\n\n' +
  'The corrupt harbour board will stop at nothing to squeeze every family in the town. ' +
  '"The toll will rise by a third in May," port director Mara Lind said on Monday. Shameful.\n';

test('the package name resolves to the built library, and a report it makes passes the schema', async () => {
  const pipeline = await unspin.createPipeline({ components: ['techniques', 'attributions', 'headline'] });
  assert.deepEqual(pipeline.names, ['techniques', 'attributions', 'headline']);
  const report = pipeline.analyze({ text: ARTICLE });
  assert.ok(unspin.ReportSchema.safeParse(report).success);
  assert.equal(report.version, unspin.REPORT_VERSION);
  assert.equal(ARTICLE.slice(report.title!.start, report.title!.end), 'SHOCKING: Harbour Board Hides the Truth!');
  assert.ok(report.techniques!.length > 0, 'the loaded language is found');
  for (const t of report.techniques!) assert.equal(ARTICLE.slice(t.start, t.end), t.text);
  assert.ok(report.attributions!.some((a) => a.source?.text.includes('Mara Lind')));
  assert.equal(report.claims, undefined, 'a component that did not run leaves its layer out');
});

test('text a user of the library passes wrongly is refused with a UserError, as the CLI refuses it', async () => {
  const pipeline = await unspin.createPipeline({ components: ['headline'] });
  for (const [input, message] of [
    [{ text: '  \n' }, /empty/],
    [{ text: '\u0000\u0001\u0002\u0003 binary' }, /binary/],
    [{ text: undefined }, /expected a string, got undefined/],
    [{ text: 42 }, /expected a string, got number/],
  ] as const) {
    assert.throws(() => pipeline.analyze(input as never), (e: Error) => e instanceof unspin.UserError && e.name === 'UserError' && message.test(e.message));
  }
  await assert.rejects(unspin.createPipeline({ components: ['nope'] }), (e: Error) => e instanceof unspin.UserError && /unknown component/.test(e.message));
});

test('an HTML page goes through extractArticle first, as the API does', async () => {
  const page = `<html><head><title>Toll Rises</title></head><body><article><h1>Toll Rises</h1>
    <p>The harbour board said the toll for every ferry would rise by a third in May, the third rise this year.</p>
    <p>Traders called the plan <b>a disgrace</b> and asked the board to wait a year.</p></article></body></html>`;
  const { title, text } = unspin.extractArticle(page);
  const report = (await unspin.createPipeline({ components: ['headline'] })).analyze({ title, text });
  assert.equal(report.headline!.text, 'Toll Rises');
  assert.doesNotMatch(text, /<p>|<b>/);
});

test('the type declarations type a consumer strictly: a wrong field is an error, not any', () => {
  // A throwaway project inside the package (git-ignored .cache/), so its import of 'unspin'
  // resolves as a dependant's does, through `exports` to dist/types; compiled with the settings
  // of an ordinary strict NodeNext project, without this repo's own (.ts imports allowed).
  const dir = join(ROOT, '.cache', 'library-consumer');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] },
    files: ['main.ts'],
  }));
  writeFileSync(join(dir, 'main.ts'), [
    "import { createPipeline, extractArticle, UserError, type Report, type TechniqueSpan } from 'unspin';",
    "const pipeline = await createPipeline({ components: ['techniques'] });",
    "const report: Report = pipeline.analyze({ text: 'x', url: 'https://example.org/a' });",
    'const spans: TechniqueSpan[] = report.techniques ?? [];',
    'const first: number = spans[0]?.start ?? 0;',
    'const err: Error = new UserError(String(first));',
    "const page: string = extractArticle('<p>x</p>').text;",
    '// @ts-expect-error: the field is `text`',
    "pipeline.analyze({ txt: 'x' });",
    '// @ts-expect-error: techniques is optional (absent when the component did not run)',
    'report.techniques.length;',
    'export { err, page };',
    '',
  ].join('\n'));
  const r = spawnSync(process.execPath, [tscPath()!, '-p', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc reported:\n${r.stdout}${r.stderr}`);
});
