import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { UserError } from './input.ts';

export interface ExtractedArticle {
  title?: string;
  text: string;
  byline?: string;
  outlet?: string;
  date?: string;
}

/** A page rather than plain text: an .html/.htm file, or text that opens with a doctype or <html>. */
export const looksLikeHtml = (file: string, text: string): boolean =>
  /\.html?$/i.test(file) || /^\s*(<!doctype\s+html|<html[\s>])/i.test(text);

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, td, th, dt, dd';

/**
 * Reduces an HTML page to its article with Readability, keeping title, byline, site and date.
 * Paragraphs are joined by blank lines so sentence splitting and offsets stay sensible.
 */
export function extractArticle(html: string): ExtractedArticle {
  const { document } = parseHTML(html.includes('<html') ? html : `<!doctype html><html><body>${html}</body></html>`);
  checkDepth(document.documentElement);
  const metaDate = metaContent(document, ['article:published_time', 'og:published_time', 'date', 'pubdate', 'DC.date.issued']);
  const metaSite = metaContent(document, ['og:site_name', 'application-name']);
  // Readability mutates the document, so read meta tags first.
  const article = new Readability(document as unknown as Document).parse();
  let text = article?.content ? blocksToText(article.content) : '';
  const byline = clean(article?.byline);
  // Readability reports the byline but often leaves it in the body as its own paragraph.
  if (byline && text.startsWith(byline + '\n\n')) text = text.slice(byline.length + 2);
  if (!text.trim()) throw new UserError('html: no article text found in the page');
  return {
    title: clean(article?.title),
    text,
    byline,
    outlet: clean(article?.siteName) ?? metaSite,
    date: clean(article?.publishedTime) ?? metaDate,
  };
}

/**
 * Readability's time grows with the square of the nesting depth (a throwaway timing of this
 * function: 200 levels of <div> 0.3 s, 400 levels 1 s, 800 levels 4.7 s; a 22 KB page of 2,000
 * levels ran past the server's 30 s timeout), while a flat 4 MB page takes about 4 s. Article pages
 * nest far less than the limit, so a deeper one is refused rather than left to tie up a worker.
 */
export const MAX_HTML_DEPTH = 256;

function checkDepth(root: Element | null): void {
  const stack: Array<[Element, number]> = root ? [[root, 1]] : [];
  while (stack.length) {
    const [el, depth] = stack.pop()!;
    if (depth > MAX_HTML_DEPTH) throw new UserError(`html: the page nests its elements more than ${MAX_HTML_DEPTH} levels deep, which no article page does; send its text instead`);
    for (const child of el.children) stack.push([child, depth + 1]);
  }
}

function blocksToText(contentHtml: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${contentHtml}</body></html>`);
  // textContent ignores <br>: "Line one<br>Line two" would read "Line oneLine two".
  for (const br of document.querySelectorAll('br')) br.replaceWith(document.createTextNode(' '));
  const parts: string[] = [];
  for (const el of document.querySelectorAll(BLOCKS)) {
    // Skip containers whose text is already emitted by a nested block (e.g. li > p).
    if (el.querySelector(BLOCKS)) continue;
    const t = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (t) parts.push(t);
  }
  if (!parts.length) return (document.body.textContent ?? '').replace(/[ \t]+/g, ' ').trim();
  return parts.join('\n\n');
}

function metaContent(document: any, names: string[]): string | undefined {
  for (const n of names) {
    const el = document.querySelector(`meta[property="${n}"], meta[name="${n}"]`);
    const v = clean(el?.getAttribute('content'));
    if (v) return v;
  }
  return undefined;
}

function clean(s: string | null | undefined): string | undefined {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
}
