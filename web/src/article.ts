import type { TechniqueSpan } from '../../src/report/schema.ts';
import { paragraphRanges } from '../../src/doc/blank.ts';
import { h, append } from './dom.ts';
import { colourIndex, labelOf } from './techniques.ts';

interface Range {
  start: number;
  end: number;
}

/**
 * Renders the article as text nodes plus one <mark> per run of characters covered by the same
 * set of technique spans, so overlapping spans split into runs that carry all of them. The
 * shortest covering span gives the background; every further one adds an underline stripe.
 */
export function renderArticle(
  container: HTMLElement,
  text: string,
  title: Range | null,
  spans: readonly TechniqueSpan[],
  visible: (s: TechniqueSpan) => boolean,
): void {
  const shown = spans.map((s, id) => ({ ...s, id })).filter((s) => visible(s) && s.end > s.start);
  if (title) container.appendChild(renderRange(h('h2', { class: 'article-title' }), text, title, shown));
  const bodyStart = title ? title.end : 0;
  for (const p of paragraphs(text, bodyStart)) container.appendChild(renderRange(h('p'), text, p, shown));
}

/** The body's paragraphs, broken where the analysis sees a blank line (`paragraphRanges`). */
function paragraphs(text: string, from: number): Range[] {
  return paragraphRanges(text, from).map(([start, end]) => ({ start, end }));
}

function renderRange<E extends HTMLElement>(el: E, text: string, range: Range, spans: Array<TechniqueSpan & { id: number }>): E {
  // Blocks render every character of their range in order, so offsets can be mapped back (locate).
  el.dataset.start = String(range.start);
  el.dataset.end = String(range.end);
  const inside = spans.filter((s) => s.start < range.end && s.end > range.start);
  const cuts = new Set<number>([range.start, range.end]);
  for (const s of inside) {
    cuts.add(Math.max(s.start, range.start));
    cuts.add(Math.min(s.end, range.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const covering = inside.filter((s) => s.start <= a && s.end >= b).sort((x, y) => x.end - x.start - (y.end - y.start));
    const piece = text.slice(a, b);
    if (!covering.length) {
      append(el, piece);
      continue;
    }
    const [top, ...under] = covering;
    const names = covering.map((s) => labelOf(s.technique)).join(', ');
    const mark = h('mark', {
      class: `spin t${colourIndex(top!.technique)}${under.length ? ' overlap' : ''}`,
      attrs: { tabindex: '0', 'data-spans': covering.map((s) => s.id).join(','), 'aria-label': `${piece} (${names})` },
    }, piece);
    // Stripes for the further techniques; CSSOM styles are allowed under the strict CSP.
    if (under.length) mark.style.boxShadow = under.map((s, k) => `inset 0 -${3 * (k + 1)}px 0 var(--s${colourIndex(s.technique)})`).join(', ');
    el.appendChild(mark);
  }
  return el;
}

/**
 * Scrolls to the characters [start, end) of the text and marks them with the CSS Custom
 * Highlight API (no DOM change, so marks and tooltips stay intact); older browsers get the
 * whole paragraph flashed instead.
 */
export function locate(container: HTMLElement, start: number, end: number): void {
  const blocks = [...container.querySelectorAll<HTMLElement>('[data-start]')];
  const block = blocks.find((b) => Number(b.dataset.start) <= start && Number(b.dataset.end) > start);
  if (!block) return;
  block.scrollIntoView({ behavior: 'smooth', block: 'center' });
  const registry = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
  const HighlightCtor = (globalThis as { Highlight?: new (...r: AbstractRange[]) => unknown }).Highlight;
  if (!registry || !HighlightCtor) {
    block.classList.remove('flash');
    void block.offsetWidth;
    block.classList.add('flash');
    return;
  }
  const dom = document.createRange();
  let pos = Number(block.dataset.start);
  let begun = false;
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const len = n.data.length;
    if (!begun && start < pos + len) {
      dom.setStart(n, Math.max(0, start - pos));
      begun = true;
    }
    if (begun && end <= pos + len) {
      dom.setEnd(n, Math.max(0, end - pos));
      break;
    }
    pos += len;
    dom.setEnd(n, len);
  }
  registry.set('located', new HighlightCtor(dom));
}
