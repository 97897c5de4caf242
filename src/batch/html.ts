import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

// textContent runs block elements together; a blank line after each keeps paragraphs apart.
const BLOCK_END = /<\/(p|div|h[1-6]|li|blockquote|pre|tr|section|article|header|figcaption)>|<br\s*\/?>/gi;

/** The article in a web page: Readability's main-content extraction over a linkedom DOM. */
export function extractHtml(html: string): { title: string | undefined; text: string } {
  const { document } = parseHTML(html);
  const pageTitle = document.title;
  const article = new Readability(document as unknown as Document).parse();
  const content = article?.content ?? document.body?.innerHTML ?? '';
  const raw = parseHTML(`<html><body>${content.replace(BLOCK_END, '$&\n\n')}</body></html>`).document.body?.textContent ?? '';
  const text = raw
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
  const title = (article?.title || pageTitle || '').replace(/\s+/g, ' ').trim() || undefined;
  return { title, text };
}
