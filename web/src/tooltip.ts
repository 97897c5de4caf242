import type { TechniqueSpan } from '../../src/report/schema.ts';
import { $, clear, h, pct } from './dom.ts';
import { colourIndex, labelOf } from './techniques.ts';

/** One shared tooltip for the highlighted spans; it follows hover and keyboard focus. */
export function attachTooltips(article: HTMLElement, spansOf: () => readonly TechniqueSpan[]): void {
  const tip = $('#tooltip');
  let anchor: HTMLElement | null = null;

  const show = (mark: HTMLElement) => {
    const spans = spansOf();
    const ids = (mark.dataset.spans ?? '').split(',').map(Number);
    clear(tip);
    for (const id of ids) {
      const s = spans[id];
      if (!s) continue;
      tip.appendChild(
        h('div', { class: 'tip-item' },
          h('div', { class: 'tip-head' },
            h('span', { class: `swatch t${colourIndex(s.technique)}`, attrs: { 'aria-hidden': 'true' } }),
            h('strong', null, labelOf(s.technique)),
            h('span', { class: 'tip-conf' }, `${pct(s.score)} confidence`),
          ),
          h('p', { class: 'tip-expl' }, s.explanation),
          h('p', { class: 'tip-quote' }, `“${s.text.length > 160 ? s.text.slice(0, 157) + '…' : s.text}”`),
        ),
      );
    }
    tip.hidden = false;
    anchor = mark;
    mark.setAttribute('aria-describedby', 'tooltip');
    place(mark);
  };

  const hide = () => {
    anchor?.removeAttribute('aria-describedby');
    anchor = null;
    tip.hidden = true;
  };

  const place = (mark: HTMLElement) => {
    const r = mark.getBoundingClientRect();
    const tw = tip.offsetWidth;
    const th = tip.offsetHeight;
    let left = Math.min(Math.max(8, r.left), window.innerWidth - tw - 8);
    let top = r.bottom + 8;
    if (top + th > window.innerHeight - 8 && r.top - th - 8 > 0) top = r.top - th - 8;
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${top + window.scrollY}px`;
  };

  const markOf = (t: EventTarget | null) => (t instanceof HTMLElement ? t.closest<HTMLElement>('mark.spin') : null);
  article.addEventListener('mouseover', (e) => {
    const m = markOf(e.target);
    if (m && m !== anchor) show(m);
  });
  article.addEventListener('mouseout', (e) => {
    const to = markOf(e.relatedTarget);
    if (!to && document.activeElement !== anchor) hide();
  });
  article.addEventListener('focusin', (e) => {
    const m = markOf(e.target);
    if (m) show(m);
  });
  article.addEventListener('focusout', () => hide());
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });
  window.addEventListener('resize', () => anchor && place(anchor));
}
