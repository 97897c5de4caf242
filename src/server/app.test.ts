import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type RunningServer } from './server.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnalyzeResponseSchema, ErrorSchema, MatchResponseSchema } from './schemas.ts';
import { TECHNIQUES } from '../pipeline/techniques/taxonomy.ts';
import { componentNames } from '../pipeline/registry.ts';

// The API is exercised over real HTTP against real worker threads. It runs without pipeline
// components here so it does not depend on trained models; test/browser covers the full page.
let server: RunningServer;
const tmp = mkdtempSync(join(tmpdir(), 'unspin-api-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const post = (path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(server.url + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function expectError(res: Response, status: number, code: string) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = ErrorSchema.parse(await res.json());
  assert.equal(body.error.code, code);
  assert.doesNotMatch(body.error.message, /\n\s+at /, 'no stack traces');
  return body.error.message;
}

describe('HTTP API', () => {
  before(async () => {
    // Workers take their environment at spawn: /v1/match gets a KB built from the KB's invented fixture data.
    process.env.UNSPIN_KB = join(tmp, 'kb.sqlite');
    process.env.UNSPIN_DATA = fileURLToPath(new URL('../kb/fixtures/data/', import.meta.url));
    server = await startServer({ port: 0, workers: 2, components: [], maxBodyBytes: 64 * 1024, webDir: '/nonexistent' });
  });
  after(async () => {
    await server.close();
    delete process.env.UNSPIN_KB;
    delete process.env.UNSPIN_DATA;
  });

  test('analyses text and returns a schema-valid report whose offsets index the returned text', async () => {
    const text = 'Council Shuts Bridge\n\nThe council closed the bridge on Tuesday. Drivers were told to use the ferry.';
    const res = await post('/v1/analyze', { text, url: 'https://example.org/a', components: [] });
    assert.equal(res.status, 200);
    const report = AnalyzeResponseSchema.parse(await res.json());
    assert.equal(report.text, text);
    assert.deepEqual(report.title, { start: 0, end: 20 });
    assert.equal(report.meta.url, 'https://example.org/a');
    assert.deepEqual(report.sentences.map((s) => text.slice(s.start, s.end)), [
      'Council Shuts Bridge', 'The council closed the bridge on Tuesday.', 'Drivers were told to use the ferry.',
    ]);
  });

  test('a title sent apart is the title at any length the schema allows', async () => {
    const title = 'Long headline word '.repeat(20).trim();
    const res = await post('/v1/analyze', { text: 'The regime lied about the war.', title, components: [] });
    assert.equal(res.status, 200);
    const report = AnalyzeResponseSchema.parse(await res.json());
    assert.deepEqual(report.title, { start: 0, end: title.length });
    assert.equal(report.text.slice(0, title.length), title);
    assert.deepEqual(report.sentences.filter((s) => s.start >= title.length).map((s) => report.text.slice(s.start, s.end)), ['The regime lied about the war.']);
  });

  test('pasted blank lines before a title are skipped; the title span indexes the text as sent', async () => {
    const text = '\r\n\r\nPasted Headline\r\n\u00a0\r\nThe council closed the bridge.';
    const pasted = AnalyzeResponseSchema.parse(await (await post('/v1/analyze', { text, components: [] })).json());
    assert.equal(pasted.text, text);
    assert.equal(text.slice(pasted.title!.start, pasted.title!.end), 'Pasted Headline');
  });

  test('reduces HTML to the article and keeps title, byline, site and date', async () => {
    const html = `<html><head><title>Ferry Fares Double</title><meta property="og:site_name" content="Harbour Gazette">
      <meta property="article:published_time" content="2026-03-04"></head><body><nav>Home · Sport · Weather</nav>
      <article><h1>Ferry Fares Double</h1><p class="byline">By Mira Okafor</p>
      <p>The harbour authority doubled ferry fares on Monday, citing the cost of fuel and the closure of the bridge.</p>
      <p>Commuters queued for an hour at the terminal. <script>window.hacked = 1</script>Several said they would drive around the bay instead.</p>
      </article><footer>Contact us</footer></body></html>`;
    const res = await post('/v1/analyze', { html, components: [] });
    assert.equal(res.status, 200);
    const report = AnalyzeResponseSchema.parse(await res.json());
    assert.ok(report.title);
    assert.equal(report.text.slice(report.title.start, report.title.end), 'Ferry Fares Double');
    assert.match(report.text, /doubled ferry fares on Monday/);
    assert.doesNotMatch(report.text, /hacked|Contact us|Home · Sport/);
    assert.equal(report.meta.byline, 'By Mira Okafor');
    assert.equal(report.meta.outlet, 'Harbour Gazette');
    assert.equal(report.meta.date, '2026-03-04');
  });

  test('rejects malformed JSON', async () => {
    await expectError(await post('/v1/analyze', '{"text": "abc"'), 400, 'invalid_json');
  });

  test('rejects a body that is not UTF-8, rather than analysing replacement characters', async () => {
    const latin1 = Buffer.from('{"text": "Caf\xe9 owners in Dresk said the tax rise would ruin them."}', 'latin1');
    const res = await fetch(server.url + '/v1/analyze', { method: 'POST', headers: { 'content-type': 'application/json' }, body: latin1 });
    await expectError(res, 400, 'invalid_encoding');
  });

  test('rejects wrong types, unknown fields and ambiguous input with the field named', async () => {
    assert.match(await expectError(await post('/v1/analyze', { text: 42 }), 400, 'invalid_request'), /text/);
    assert.match(await expectError(await post('/v1/analyze', { text: 'a b c', components: 'techniques' }), 400, 'invalid_request'), /components/);
    await expectError(await post('/v1/analyze', { text: 'a', colour: 'red' }), 400, 'invalid_request');
    await expectError(await post('/v1/analyze', { text: 'a', html: '<p>a</p>' }), 400, 'invalid_request');
    await expectError(await post('/v1/analyze', {}), 400, 'invalid_request');
    await expectError(await post('/v1/analyze', [1, 2]), 400, 'invalid_request');
  });

  test('rejects an empty text', async () => {
    await expectError(await post('/v1/analyze', { text: '   \n ' }), 400, 'empty_text');
    await expectError(await post('/v1/analyze', { html: '<html><body><nav></nav></body></html>' }), 400, 'invalid_text');
  });

  test('rejects text of NUL characters as binary, as it rejects other control characters', async () => {
    const nul = await expectError(await post('/v1/analyze', { text: '\u0000'.repeat(200) + 'abc', components: [] }), 400, 'invalid_text');
    const ctl = await expectError(await post('/v1/analyze', { text: '\u0001'.repeat(200) + 'abc', components: [] }), 400, 'invalid_text');
    assert.equal(nul, ctl);
    assert.match(nul, /binary/);
  });

  test('rejects an oversized body with 413', async () => {
    await expectError(await post('/v1/analyze', { text: 'word '.repeat(20_000) }), 413, 'payload_too_large');
  });

  test('rejects a non-JSON body, unknown components, unknown routes and wrong methods', async () => {
    await expectError(await post('/v1/analyze', 'text=hello', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    assert.match(await expectError(await post('/v1/analyze', { text: 'Hello there.', components: ['astrology'] }), 400, 'unknown_component'), /astrology/);
    await expectError(await fetch(server.url + '/v1/nope'), 404, 'not_found');
    const wrong = await fetch(server.url + '/v1/analyze');
    await expectError(wrong, 405, 'method_not_allowed');
    assert.equal(wrong.headers.get('allow'), 'POST');
    const openapi = await fetch(server.url + '/openapi.json', { method: 'POST' });
    await expectError(openapi, 405, 'method_not_allowed');
    assert.equal(openapi.headers.get('allow'), 'GET, HEAD');
    assert.equal((await fetch(server.url + '/v1/health', { method: 'HEAD' })).status, 200);
    await expectError(await fetch(server.url + '/v1/nope', { method: 'DELETE' }), 404, 'not_found');
  });

  test('takes JSON only as application/json or a +json type, uncompressed', async () => {
    const body = { text: 'The ferry left.', components: [] };
    assert.equal((await post('/v1/analyze', body, { 'content-type': 'application/json; charset=utf-8' })).status, 200);
    assert.equal((await post('/v1/analyze', body, { 'content-type': 'application/vnd.example+json' })).status, 200);
    await expectError(await post('/v1/analyze', body, { 'content-type': 'application/json-seq' }), 415, 'unsupported_media_type');
    assert.match(await expectError(await post('/v1/analyze', body, { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 415, 'unsupported_media_type'), /gzip/);
  });

  test('names a few of many unknown components, not all of them', async () => {
    const many = Array.from({ length: 20 }, (_, i) => `astrology${i}`);
    const message = await expectError(await post('/v1/analyze', { text: 'Hello there.', components: many }), 400, 'unknown_component');
    assert.match(message, /astrology0, astrology1, astrology2, astrology3, astrology4 and 15 more/);
    await expectError(await post('/v1/analyze', { text: 'Hello there.', components: [...many, 'x'] }), 400, 'invalid_request');
  });

  test('answers concurrent requests, each with its own text', async () => {
    const texts = Array.from({ length: 24 }, (_, i) => `Report number ${i}\n\nThe ${i} ferries left at ${i} o'clock. Nobody was hurt.`);
    const reports = await Promise.all(texts.map(async (text) => {
      const res = await post('/v1/analyze', { text, components: [] });
      assert.equal(res.status, 200);
      return AnalyzeResponseSchema.parse(await res.json());
    }));
    reports.forEach((r, i) => assert.equal(r.text, texts[i]));
    const health = await (await fetch(server.url + '/v1/health')).json();
    assert.equal(health.status, 'ok');
    assert.equal(health.workers, 2);
    assert.equal(health.maxArticleBytes, 0, 'the body limit the server was started with (64 KB) less the JSON headroom');
  });

  test('/v1/match finds the known narrative a claim repeats', async () => {
    const res = await post('/v1/match', { text: 'Labs run by the West in Velmora are breeding mosquitoes to use as a weapon', top: 3 });
    assert.equal(res.status, 200);
    const body = MatchResponseSchema.parse(await res.json());
    assert.ok(body.matches.length >= 1 && body.matches.length <= 3);
    assert.equal(body.matches[0]!.id, 'western-labs-in-velmora-breed-mosquitoes-as-weapons');
    // The reports' shared-name rule: without Velmora in the claim, the Velmora case is not listed.
    const unnamed = MatchResponseSchema.parse(await (await post('/v1/match', { text: 'Foreign labs are breeding mosquitoes to use as a weapon', top: 3 })).json());
    assert.ok(!unnamed.matches.some((m) => m.id === 'western-labs-in-velmora-breed-mosquitoes-as-weapons'), JSON.stringify(unnamed.matches));
    await expectError(await post('/v1/match', { text: 3 }), 400, 'invalid_request');
    await expectError(await post('/v1/match', { text: 'x', top: 0 }), 400, 'invalid_request');
    await expectError(await post('/v1/match', { text: '  ' }), 400, 'empty_text');
    await expectError(await post('/v1/match', { text: 'Labs breed mosquitoes', kbs: ['euvsdisinf'] }), 400, 'unknown_catalogue');
    await expectError(await post('/v1/match', { text: 'Labs breed mosquitoes', kbs: [] }), 400, 'invalid_request');
    assert.equal((await post('/v1/match', { text: 'Labs run by the West in Velmora are breeding mosquitoes', kbs: ['euvsdisinfo'] })).status, 200);
  });

  test('serves the taxonomy and an OpenAPI document generated from the schemas', async () => {
    const { techniques } = await (await fetch(server.url + '/v1/techniques')).json();
    assert.deepEqual(techniques.map((t: { name: string }) => t.name), [...TECHNIQUES]);
    for (const t of techniques) assert.ok(t.explanation.length > 20 && t.example.length > 10);
    const spec = await (await fetch(server.url + '/openapi.json')).json();
    assert.equal(spec.openapi, '3.1.0');
    assert.ok(spec.paths['/v1/analyze'].post.responses['413']);
    const req = spec.components.schemas.AnalyzeRequest;
    assert.deepEqual(Object.keys(req.properties).sort(), ['components', 'html', 'text', 'title', 'url']);
    const technique = spec.components.schemas.Report.properties.techniques.items.properties.technique;
    assert.deepEqual(technique.enum, [...TECHNIQUES]);
  });

  test('sends a strict Content-Security-Policy', async () => {
    const csp = (await fetch(server.url + '/v1/health')).headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });
});

test('a missing model or knowledge base is a 503 that names it but not server paths', async () => {
  const empty = mkdtempSync(`${tmpdir()}/unspin-no-models-`);
  process.env.UNSPIN_KB = join(empty, 'kb.sqlite');
  process.env.UNSPIN_DATA = join(empty, 'no-data');
  const s = await startServer({ port: 0, workers: 1, modelDir: empty, components: [], webDir: '/nonexistent' });
  delete process.env.UNSPIN_KB;
  delete process.env.UNSPIN_DATA;
  try {
    const res = await fetch(s.url + '/v1/match', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'The dam was sabotaged.' }) });
    assert.equal(res.status, 503);
    assert.equal(ErrorSchema.parse(await res.json()).error.code, 'no_knowledge_base');
    // Components that need a model (others, e.g. rule-based ones, may still run without).
    for (const component of ['techniques', 'claims'].filter((c) => componentNames().includes(c))) {
      const res = await fetch(s.url + '/v1/analyze', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'The ferry left.', components: [component] }),
      });
      assert.equal(res.status, 503, component);
      const { error } = ErrorSchema.parse(await res.json());
      assert.equal(error.code, 'model_unavailable');
      assert.doesNotMatch(error.message, new RegExp(empty));
    }
  } finally {
    await s.close();
    rmSync(empty, { recursive: true, force: true });
  }
});
