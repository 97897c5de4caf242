import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { ensureWebBuilt } from '../../src/server/web-build.ts';
import { componentNames, createPipeline } from '../../src/pipeline/registry.ts';
import { launchChromium } from './browser.ts';
import { FIXTURE_TEXT, fixtureReport } from './fixture.ts';

/** Screenshots land here (git-ignored); CI prints the folder. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../.cache/screenshots/', import.meta.url));

let server: RunningServer;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
const pageErrors: string[] = [];

async function openReport(report: unknown): Promise<void> {
  const file = `${SCREENSHOT_DIR}fixture-report.json`;
  writeFileSync(file, JSON.stringify(report));
  await page.goto(server.url + '/');
  await page.setInputFiles('#file', file);
  await page.locator('mark.spin').first().waitFor();
}

const pwned = () => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);

describe('web page in a real browser', () => {
  before(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await ensureWebBuilt(() => {});
    // Every component whose committed model loads, as a user gets it; a component still
    // without a model is left out (its own tests cover it) so this test checks the page.
    const components: string[] = [];
    for (const name of componentNames()) {
      try {
        await createPipeline({ components: [name] });
        components.push(name);
      } catch (e) {
        console.log(`browser test runs without ${name}: ${(e as Error).message}`);
      }
    }
    assert.ok(components.includes('techniques'), 'the technique model must load');
    server = await startServer({ port: 0, workers: 1, components });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    console.log(`screenshots: ${SCREENSHOT_DIR}`);
  });

  test('loads offline with a strict CSP, analyses the sample and highlights techniques', async () => {
    const res = await page.goto(server.url + '/');
    assert.match(res?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    await page.locator('#guide summary').click();
    assert.equal(await page.locator('#guide-list li').count(), 14);
    await page.screenshot({ path: `${SCREENSHOT_DIR}start-page.png`, fullPage: true });
    await page.getByRole('button', { name: 'Try a sample article' }).click();
    const marks = page.locator('#article mark.spin');
    await marks.first().waitFor();
    assert.ok((await marks.count()) >= 3, 'the sample shows several highlighted spans');
    assert.match((await page.locator('.summary .lead').textContent()) ?? '', /propaganda techniques? found in \d+ of \d+ sentences/);
    assert.ok((await page.locator('.legend-item').count()) >= 1);
    await page.screenshot({ path: `${SCREENSHOT_DIR}sample-report.png`, fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  test('hover and keyboard focus open a tooltip with technique, confidence and explanation', async () => {
    const mark = page.locator('#article mark.spin').first();
    await mark.hover();
    const tip = page.locator('#tooltip');
    await tip.waitFor({ state: 'visible' });
    assert.match((await tip.textContent()) ?? '', /\d+% confidence/);
    assert.ok(((await tip.locator('.tip-expl').first().textContent()) ?? '').length > 20);
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
    await tip.waitFor({ state: 'hidden' });
    // Keyboard: tab from the legend's last control backwards is brittle, so focus the first mark.
    await mark.focus();
    await tip.waitFor({ state: 'visible' });
    assert.equal(await mark.getAttribute('aria-describedby'), 'tooltip');
    await page.screenshot({ path: `${SCREENSHOT_DIR}tooltip.png` });
  });

  test('clicking a legend entry shows only that technique, and again shows all', async () => {
    const all = await page.locator('#article mark.spin').count();
    const item = page.locator('.legend-item').first();
    const technique = (await item.getAttribute('data-technique'))!;
    const count = Number(await item.locator('.count').textContent());
    await item.click();
    assert.equal(await page.locator('.legend-item').first().getAttribute('aria-pressed'), 'true');
    const spans = await page.locator('#article mark.spin').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.spans ?? ''));
    assert.ok(spans.length >= 1 && spans.length <= all);
    const shown = new Set(spans.flatMap((s) => s.split(',')));
    assert.equal(shown.size, count, `${count} spans of ${technique} remain`);
    await page.keyboard.press('Enter'); // focus stays on the legend button: Enter toggles back
    assert.equal(await page.locator('#article mark.spin').count(), all);
  });

  test('exports the report as JSON', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    assert.equal(exported.version, '1');
    assert.ok(exported.techniques.length >= 3);
    assert.equal(typeof exported.text, 'string');
  });

  test('script, img onerror and javascript: links in the text stay inert text', async () => {
    await page.goto(server.url + '/');
    const hostile = `Alert <script>window.__pwned = 1</script>\n\nThe disgraceful traitors <img src=x onerror="window.__pwned=2"> lied again. Click <a href="javascript:window.__pwned=3">here</a> now! <svg onload="window.__pwned=4"></svg>`;
    await page.fill('#text', hostile);
    await page.getByRole('button', { name: 'Analyse', exact: true }).click();
    const article = page.locator('#article');
    await article.waitFor();
    assert.equal(await article.locator('script, img, a, svg').count(), 0);
    assert.match((await article.textContent()) ?? '', /<script>window.__pwned = 1<\/script>/);
    assert.match((await article.textContent()) ?? '', /<img src=x onerror="window.__pwned=2">/);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    assert.equal(await pwned(), undefined);
    assert.deepEqual(pageErrors, []);
  });

  test('every report layer has its panel; overlapping spans carry both techniques; hostile links stay text', async () => {
    await openReport(fixtureReport());
    for (const id of ['legend', 'headline', 'claims', 'quotes', 'narratives', 'entities', 'source', 'notes']) {
      assert.ok(await page.locator(`#${id}`).isVisible(), `panel ${id}`);
    }
    const corrupt = page.locator('#article mark.spin', { hasText: /^corrupt$/ });
    assert.match((await corrupt.getAttribute('class')) ?? '', /overlap/);
    await corrupt.hover();
    const tip = page.locator('#tooltip');
    await tip.waitFor({ state: 'visible' });
    assert.equal(await tip.locator('.tip-item').count(), 2);
    assert.match((await tip.textContent()) ?? '', /Loaded language.*Appeal to fear/s);
    // Only the http(s) fact-check URL became a link; the javascript: one is plain text.
    const links = await page.locator('#narratives a').evaluateAll((els) => els.map((a) => (a as HTMLAnchorElement).href));
    assert.deepEqual(links, ['https://factcheck.example/lakeview-dam']);
    assert.match((await page.locator('#narratives').textContent()) ?? '', /Hostile link must stay text/);
    // A quotation its cue and source interrupt is listed as its two parts, without "said Mayor …".
    assert.match((await page.locator('#quotes blockquote').first().textContent()) ?? '', /^"They lied about the dam\. They lied about the floods," … "Nobody answers for it\."$/);
    // Who said it and where it ran are shown as text too.
    assert.match((await page.locator('#narratives').textContent()) ?? '', /said by A\. Blogger · outlets: Example Daily, <img src=x/);
    assert.equal(await page.locator('#narratives img').count(), 0);
    assert.match((await page.locator('.article-title').textContent()) ?? '', /<script>/);
    assert.equal(await page.locator('#article img, #article a, #article script').count(), 0);
    assert.equal(await page.locator('.verdict.bad').count(), 2);
    assert.equal(await pwned(), undefined);
    // The confidence slider works from the keyboard and hides the weakest passages.
    const marksBefore = await page.locator('#article mark.spin').count();
    await page.locator('#min-conf').focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('#min-conf-out').textContent(), '50%');
    const scores = await page.locator('#article mark.spin').evaluateAll((els) => els.flatMap((e) => ((e as HTMLElement).dataset.spans ?? '').split(',').map(Number)));
    const fx = fixtureReport().techniques!;
    assert.ok(scores.every((id) => fx[id]!.score >= 0.5), 'only passages at or above 50% remain');
    assert.ok((await page.locator('#article mark.spin').count()) < marksBefore);
    assert.equal(await page.locator('#article mark.spin', { hasText: 'onerror' }).count(), 0);
    await page.keyboard.press('Home');
    assert.equal(await page.locator('#article mark.spin').count(), marksBefore);

    // A claim in the side panel points at its exact place in the article.
    await page.locator('#claims button.locate').first().click();
    const located = await page.evaluate(() => {
      const h = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('located');
      return h ? [...h][0]!.toString() : null;
    });
    assert.equal(located, fixtureReport().claims![0]!.text);
    await page.screenshot({ path: `${SCREENSHOT_DIR}all-layers.png`, fullPage: true });
    assert.ok(FIXTURE_TEXT.includes('javascript:'));
  });

  test('the print view drops the controls and keeps article and findings', async () => {
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.actions').isVisible(), false);
    assert.ok(await page.locator('#article').isVisible());
    assert.ok(await page.locator('#claims').isVisible());
    await page.screenshot({ path: `${SCREENSHOT_DIR}print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  test('a .txt file dropped on the form fills the text box', async () => {
    await page.goto(server.url + '/');
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['Ferry Fares Rise\n\nThe harbour authority raised fares again.'], 'story.txt', { type: 'text/plain' }));
      return dt;
    });
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
    await page.waitForFunction(() => (document.querySelector('#text') as HTMLTextAreaElement).value.length > 0);
    assert.equal(await page.inputValue('#text'), 'Ferry Fares Rise\n\nThe harbour authority raised fares again.');
  });

  test('a file that is not UTF-8 is refused with a message, as the CLI and the API refuse it', async () => {
    await page.goto(server.url + '/');
    const file = `${SCREENSHOT_DIR}latin1.txt`;
    writeFileSync(file, Buffer.from('Caf\xe9 cr\xe8me prices rose again.', 'latin1'));
    await page.setInputFiles('#file', file);
    await page.getByText('is not UTF-8 text').waitFor();
    assert.equal(await page.inputValue('#text'), '');
    // UTF-16 with a byte-order mark (what Windows editors save as "Unicode") is read.
    const utf16 = `${SCREENSHOT_DIR}utf16.txt`;
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Café prices rose again.', 'utf16le')]));
    await page.setInputFiles('#file', utf16);
    await page.waitForFunction(() => (document.querySelector('#text') as HTMLTextAreaElement).value.length > 0);
    assert.equal(await page.inputValue('#text'), 'Café prices rose again.');
  });

  test('a page saved in the charset it declares (windows-1252) is read in it, as the CLI reads it', async () => {
    await page.goto(server.url + '/');
    const file = `${SCREENSHOT_DIR}legacy.html`;
    writeFileSync(file, Buffer.concat([
      Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Caf'), Buffer.from([0xe9]), Buffer.from(' Fees Soar</title></head><body><article><h1>Caf'), Buffer.from([0xe9]),
      Buffer.from(' Fees Soar</h1><p>The harbour caf'), Buffer.from([0xe9]), Buffer.from(' owners called the new fees '), Buffer.from([0x93]), Buffer.from('daylight robbery'), Buffer.from([0x94]), Buffer.from(' on Monday, and the council defended them.</p></article></body></html>'),
    ]));
    await page.setInputFiles('#file', file);
    await page.locator('#file-chip').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Analyse', exact: true }).click();
    await page.locator('#article').waitFor();
    assert.equal(await page.locator('.article-title').textContent(), 'Café Fees Soar');
    assert.match((await page.locator('#article').textContent()) ?? '', /café owners called the new fees “daylight robbery”/);
  });

  test('a report the page cannot draw leaves the form in view, with the error shown on it', async () => {
    await page.goto(server.url + '/');
    const file = `${SCREENSHOT_DIR}bad-report.json`;
    writeFileSync(file, JSON.stringify({ text: 'Hello world.', sentences: [], narratives: [{}] }));
    await page.setInputFiles('#file', file);
    await page.getByText('bad-report.json is not a report exported by unspin.').waitFor();
    assert.equal(await page.locator('#error').isVisible(), true);
    assert.equal(await page.locator('#text').isVisible(), true, 'the form is still in view');
  });

  test('paragraphs break where the analysis sees a blank line: CR line ends, lines of non-breaking spaces', async () => {
    const text = 'Ferry Fares Rise\r\rThe harbour authority raised fares again.\r\u00a0\rSkippers called it robbery.';
    const report = { ...(await createPipeline({ components: ['techniques'] })).analyze({ text }), text };
    const file = `${SCREENSHOT_DIR}cr-report.json`;
    writeFileSync(file, JSON.stringify(report));
    await page.goto(server.url + '/');
    await page.setInputFiles('#file', file);
    await page.locator('#article').waitFor();
    assert.equal(await page.locator('.article-title').textContent(), 'Ferry Fares Rise');
    assert.deepEqual(await page.locator('#article p').allTextContents(), ['The harbour authority raised fares again.', 'Skippers called it robbery.']);
  });

  test('an HTML page dropped in is reduced to its article on the server', async () => {
    await page.goto(server.url + '/');
    const file = `${SCREENSHOT_DIR}page.html`;
    writeFileSync(file, `<!doctype html><html><head><title>Harbour Fees Soar</title><meta property="og:site_name" content="Harbour Gazette"></head>
      <body><nav>Menu</nav><article><h1>Harbour Fees Soar</h1><p>The harbour authority tripled mooring fees on Monday, and angry skippers called it daylight robbery.</p>
      <p>Officials said the money would repair the breakwater before winter storms arrive.</p></article></body></html>`);
    await page.setInputFiles('#file', file);
    await page.locator('#file-chip').waitFor({ state: 'visible' }); // the file is read asynchronously
    assert.match((await page.locator('#file-chip').textContent()) ?? '', /page\.html/);
    await page.getByRole('button', { name: 'Analyse', exact: true }).click();
    await page.locator('#article').waitFor();
    assert.equal(await page.locator('.article-title').textContent(), 'Harbour Fees Soar');
    assert.doesNotMatch((await page.locator('#article').textContent()) ?? '', /Menu/);
    assert.match((await page.locator('#source').textContent()) ?? '', /Harbour Gazette/);
  });
});
