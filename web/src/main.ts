import './style.css';
import type { AnalyzeResponse } from './report.ts';
import { $, clear, h } from './dom.ts';
import { TAXONOMY, TECHNIQUES, colourIndex } from './techniques.ts';
import { locate, renderArticle } from './article.ts';
import { attachTooltips } from './tooltip.ts';
import { declaredCharset } from '../../src/io/charset.ts';
import {
  claimsPanel, entitiesPanel, headlinePanel, legend, narrativesPanel, notesPanel, quotesPanel, sizeBars, sourcePanel, summary,
} from './panels.ts';
import sample from '../../examples/article.txt?raw';

const form = $<HTMLFormElement>('#analyze-form');
const textArea = $<HTMLTextAreaElement>('#text');
const titleInput = $<HTMLInputElement>('#title');
const urlInput = $<HTMLInputElement>('#url');
const fileInput = $<HTMLInputElement>('#file');
const dropZone = $('#drop-zone');
const fileChip = $('#file-chip');
const statusLine = $('#status');
const errorBox = $('#error');
const inputView = $('#input-view');
const reportView = $('#report-view');
const analyzeButton = $<HTMLButtonElement>('#analyze');
const toolbar = ['#new-analysis', '#export-json', '#print'].map((s) => $<HTMLButtonElement>(s));

let report: AnalyzeResponse | null = null;
/** Techniques the reader chose to see; empty means all. */
const filter = new Set<string>();
/** Passages below this confidence are hidden (the legend slider). */
let minScore = 0;
/** An HTML page loaded from a file: sent as `html` so the server extracts the article. */
let loadedHtml: { name: string; html: string } | null = null;

// A short field guide on the start page, so first-time readers know what the colours will mean.
$('#guide-list').append(...TECHNIQUES.map((t) => h('li', null,
  h('div', { class: 'guide-head' }, h('span', { class: `swatch t${colourIndex(t)}`, attrs: { 'aria-hidden': 'true' } }), h('strong', null, TAXONOMY[t].label)),
  h('p', null, TAXONOMY[t].explanation),
  h('p', { class: 'example' }, `“${TAXONOMY[t].example}”`),
)));

// ---- input ---------------------------------------------------------------------------------

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void analyze();
});
$('#sample').addEventListener('click', () => {
  clearFile();
  textArea.value = sample;
  titleInput.value = '';
  urlInput.value = '';
  void analyze();
});
$('#file-clear').addEventListener('click', () => clearFile());
fileInput.addEventListener('change', () => {
  const f = fileInput.files?.[0];
  if (f) void loadFile(f);
  fileInput.value = '';
});
for (const ev of ['dragenter', 'dragover'] as const) {
  dropZone.addEventListener(ev, (e) => {
    e.preventDefault();
    dropZone.classList.add('dragging');
  });
}
for (const ev of ['dragleave', 'drop'] as const) dropZone.addEventListener(ev, () => dropZone.classList.remove('dragging'));
dropZone.addEventListener('drop', (e) => {
  e.preventDefault();
  const f = e.dataTransfer?.files?.[0];
  if (f) void loadFile(f);
});

/** The largest file the server would take, as /v1/health says (5 MB, the default, until it answers). */
let maxFileBytes = 5 * 1024 * 1024;
void fetch('/v1/health')
  .then((r) => (r.ok ? r.json() : null))
  .then((h: { maxArticleBytes?: number } | null) => {
    if (h?.maxArticleBytes) maxFileBytes = h.maxArticleBytes;
  })
  .catch(() => undefined);

async function loadFile(f: File): Promise<void> {
  showError(null);
  if (f.size > maxFileBytes) return showError(`${f.name} is over ${Math.round(maxFileBytes / 1024 / 1024)} MB, the most this server takes (unspin serve --max-size).`);
  const content = decodeFile(new Uint8Array(await f.arrayBuffer()));
  if (content === null) return showError(`${f.name} is not UTF-8 text (nor UTF-16 with a byte-order mark, nor a page that declares its charset): save it as UTF-8 and load it again.`);
  const name = f.name.toLowerCase();
  if (name.endsWith('.json')) {
    try {
      const r = JSON.parse(content) as AnalyzeResponse;
      if (typeof r.text !== 'string' || (r.techniques !== undefined && !Array.isArray(r.techniques)) || !Array.isArray(r.sentences)) throw new Error('shape');
      if (showReport(r)) return;
    } catch {
      // Not JSON, or not a report's shape: said below.
    }
    return showError(`${f.name} is not a report exported by unspin.`);
  }
  if (name.endsWith('.html') || name.endsWith('.htm') || /^\s*<(!doctype|html)/i.test(content)) {
    loadedHtml = { name: f.name, html: content };
    textArea.value = '';
    textArea.disabled = true;
    $('#file-chip-text').textContent = `${f.name}: the article will be extracted from this page`;
    fileChip.hidden = false;
    return;
  }
  clearFile();
  textArea.value = content;
  textArea.focus();
}

/**
 * A file's text as the CLI reads it: UTF-8, or UTF-16 with a byte-order mark, or, for a page
 * whose bytes are not UTF-8, the charset its <meta> declares; null for anything else.
 * File.text() replaced every invalid byte with U+FFFD, so a Latin-1 file was analysed as
 * "Caf\ufffd" where the CLI and the API refuse it.
 */
function decodeFile(bytes: Uint8Array): string | null {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  const decode = (label: string) => new TextDecoder(label, { fatal: true }).decode(bytes);
  try {
    return decode(encoding);
  } catch {
    const declared = encoding === 'utf-8' ? declaredCharset(bytes) : null;
    try {
      return declared && declared !== 'utf-8' ? decode(declared) : null;
    } catch {
      return null;
    }
  }
}

function clearFile(): void {
  loadedHtml = null;
  textArea.disabled = false;
  fileChip.hidden = true;
}

async function analyze(): Promise<void> {
  showError(null);
  const body: Record<string, string> = {};
  if (loadedHtml) body.html = loadedHtml.html;
  else body.text = textArea.value;
  if (!loadedHtml && !textArea.value.trim()) {
    textArea.focus();
    return showError('Paste an article first (or try the sample).');
  }
  if (titleInput.value.trim()) body.title = titleInput.value.trim();
  if (urlInput.value.trim()) body.url = urlInput.value.trim();
  analyzeButton.disabled = true;
  statusLine.textContent = 'Analysing…';
  try {
    const res = await fetch('/v1/analyze', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(json?.error?.message ?? `the server answered ${res.status}`);
    if (!showReport(json as AnalyzeResponse)) throw new Error('the server answered with a report this page cannot show');
  } catch (e) {
    showError(`Could not analyse: ${(e as Error).message}`);
  } finally {
    analyzeButton.disabled = false;
    statusLine.textContent = '';
  }
}

function showError(msg: string | null): void {
  errorBox.textContent = msg ?? '';
  errorBox.hidden = !msg;
}

// ---- report --------------------------------------------------------------------------------

/**
 * Draws the report and switches to it; false, with the input view left as it was, for a report
 * the page cannot draw (a hand-edited file, an answer of another shape), so that the error the
 * caller shows is where the reader is, not on a hidden view above an empty one.
 */
function showReport(r: AnalyzeResponse): boolean {
  report = r;
  filter.clear();
  minScore = 0;
  try {
    render();
  } catch {
    report = null;
    clear(reportView);
    return false;
  }
  inputView.hidden = true;
  reportView.hidden = false;
  for (const b of toolbar) b.hidden = false;
  $('#main').focus();
  window.scrollTo(0, 0);
  return true;
}

function render(): void {
  const r = report;
  if (!r) return;
  clear(reportView);
  const article = h('article', { class: 'article card', attrs: { 'aria-label': 'Article with highlighted techniques', id: 'article' } });
  renderArticle(article, r.text, r.title, r.techniques ?? [], (s) => s.score >= minScore && (filter.size === 0 || filter.has(s.technique)));
  const show = (start: number, end: number) => locate(article, start, end);
  const side = h('aside', { class: 'side', attrs: { 'aria-label': 'Findings' } },
    legend(r, filter, toggleFilter, minScore, setMinScore),
    headlinePanel(r),
    claimsPanel(r, show),
    quotesPanel(r, show),
    narrativesPanel(r, show),
    entitiesPanel(r),
    sourcePanel(r),
    notesPanel(r),
  );
  // Every highlighted passage is a tab stop, so keyboard users get a way past them.
  const skip = h('a', { class: 'skip', attrs: { href: '#findings' } }, 'Skip to the findings');
  side.id = 'findings';
  side.tabIndex = -1;
  reportView.append(summary(r), skip, h('div', { class: 'layout' }, article, side));
  sizeBars(reportView);
}

function toggleFilter(t: string | null): void {
  if (t === null) filter.clear();
  else if (filter.has(t)) filter.delete(t);
  else filter.add(t);
  render();
  // Keep keyboard users where they were after the re-render.
  const again = t ? reportView.querySelector<HTMLElement>(`.legend-item[data-technique="${CSS.escape(t)}"]`) : reportView.querySelector<HTMLElement>('.legend-item');
  again?.focus();
}

function setMinScore(v: number): void {
  minScore = v;
  render();
  reportView.querySelector<HTMLElement>('#min-conf')?.focus();
}

attachTooltips(reportView, () => report?.techniques ?? []);

// ---- toolbar -------------------------------------------------------------------------------

toolbar[0]!.addEventListener('click', () => {
  report = null;
  reportView.hidden = true;
  clear(reportView);
  inputView.hidden = false;
  for (const b of toolbar) b.hidden = true;
  textArea.focus();
});
toolbar[1]!.addEventListener('click', () => {
  if (!report) return;
  const blob = new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' });
  const a = h('a', { attrs: { href: URL.createObjectURL(blob), download: 'unspin-report.json' } });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});
toolbar[2]!.addEventListener('click', () => window.print());
