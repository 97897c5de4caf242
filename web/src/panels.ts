import type { AnalyzeResponse } from './report.ts';
import { h, pct, safeHref } from './dom.ts';
import { contentParts, cueWords } from '../../src/report/quote.ts';
import { colourIndex, labelOf } from './techniques.ts';

type R = AnalyzeResponse;
type Locate = (start: number, end: number) => void;

/** A list entry that, when activated, shows where its passage is in the article. */
const locator = (locate: Locate, span: { start: number; end: number }, ...children: (Node | string | null)[]) =>
  h('button', { class: 'locate', attrs: { type: 'button', title: 'Show in the text' }, on: { click: () => locate(span.start, span.end) } }, ...children);

const panel = (id: string, title: string, ...body: (Node | string | null)[]) =>
  h('section', { class: 'panel', attrs: { id, 'aria-labelledby': `${id}-h` } }, h('h3', { attrs: { id: `${id}-h` } }, title), ...body);

const empty = (msg: string) => h('p', { class: 'empty' }, msg);

const bar = (value: number, label: string, cls = '') =>
  h('div', { class: `bar ${cls}`, attrs: { role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(Math.round(value * 100)), 'aria-label': label } },
    h('span', { class: `bar-fill ${value >= 0.66 ? 'high' : value >= 0.33 ? 'mid' : 'low'}`, attrs: { 'data-w': String(Math.round(value * 100)) } }),
  );

/** Bars get their width through CSSOM after creation (inline style attributes are forbidden by the CSP). */
export function sizeBars(root: HTMLElement): void {
  for (const el of root.querySelectorAll<HTMLElement>('.bar-fill[data-w]')) el.style.width = `${el.dataset.w}%`;
}

export function bodySentenceCount(r: R): number {
  const t = r.title;
  return t ? r.sentences.filter((s) => s.start >= t.end).length : r.sentences.length;
}

/** The one-glance answer: how much of the text spins, and with what. */
export function summary(r: R): HTMLElement {
  const spans = r.techniques ?? [];
  const n = spans.length;
  const sentences = r.title ? r.sentences.filter((s) => s.start >= r.title!.end || s.end <= r.title!.end) : r.sentences;
  const touched = sentences.filter((s) => spans.some((t) => t.start < s.end && t.end > s.start)).length;
  const words = r.text.match(/\S+/g)?.length ?? 0;
  const counts = countTechniques(r);
  const top = counts.slice(0, 3).map(([t, c]) => `${labelOf(t)} (${c})`).join(', ');
  // A report without the techniques layer did not look for them: that is no finding.
  const lead = !r.techniques
    ? 'Propaganda techniques were not looked for (the techniques component did not run).'
    : n === 0
    ? 'No propaganda techniques were found in this text.'
    : `${n} propaganda technique${n === 1 ? '' : 's'} found in ${touched} of ${sentences.length} sentences (${words} words).`;
  // One line of the other findings, so the first glance covers every layer that ran.
  const facts: string[] = [];
  if (r.headline) facts.push(`headline clickbait ${pct(r.headline.clickbait)}`);
  if (r.claims) facts.push(`${r.claims.length} claim${r.claims.length === 1 ? '' : 's'} worth checking`);
  if (r.attributions) facts.push(`${r.attributions.length} quote${r.attributions.length === 1 ? '' : 's'} or citation${r.attributions.length === 1 ? '' : 's'}`);
  if (r.narratives) {
    const matched = r.narratives.filter((n) => n.matches.length).length;
    facts.push(matched ? `${matched} claim${matched === 1 ? '' : 's'} match${matched === 1 ? 'es' : ''} a known narrative or fact-check` : 'no known narrative matched');
  }
  if (r.source?.labels.length) facts.push(`source rated by ${r.source.labels.length} provider${r.source.labels.length === 1 ? '' : 's'}`);
  return h('div', { class: 'summary' },
    h('p', { class: 'lead' }, lead),
    facts.length ? h('p', { class: 'facts' }, capitalise(facts.join(' · '))) : null,
    n ? h('p', null, `Most used: ${top}. `, h('span', { class: 'how' }, 'Coloured passages are the techniques: hover or tab to one to see what it does; click a technique in the legend to show only that one.')) : null,
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function countTechniques(r: R): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const t of r.techniques ?? []) m.set(t.technique, (m.get(t.technique) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function legend(
  r: R,
  active: ReadonlySet<string>,
  toggle: (t: string | null) => void,
  minScore: number,
  setMinScore: (v: number) => void,
): HTMLElement {
  const counts = countTechniques(r);
  const shown = new Map(countTechniques({ ...r, techniques: (r.techniques ?? []).filter((s) => s.score >= minScore) }));
  const list = h('ul', { class: 'legend-list' });
  for (const [t] of counts) {
    const n = shown.get(t) ?? 0;
    const on = n > 0 && (active.size === 0 || active.has(t));
    list.appendChild(h('li', null,
      h('button', {
        class: `legend-item${on ? '' : ' off'}`,
        attrs: { type: 'button', 'aria-pressed': String(active.has(t)), 'data-technique': t, title: `Show only ${labelOf(t)}` },
        on: { click: () => toggle(t) },
      },
        h('span', { class: `swatch t${colourIndex(t)}`, attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'legend-label' }, labelOf(t)),
        h('span', { class: 'count' }, n),
      ),
    ));
  }
  const pctMin = Math.round(minScore * 100);
  // Span detection is far from perfect: readers may hide the passages the model is least sure of.
  const slider = counts.length
    ? h('div', { class: 'confidence' },
        h('label', { attrs: { for: 'min-conf' } }, 'Hide passages below ', h('output', { attrs: { for: 'min-conf', id: 'min-conf-out' } }, `${pctMin}%`), ' confidence'),
        h('input', {
          attrs: { type: 'range', id: 'min-conf', min: '0', max: '90', step: '5', value: String(pctMin) },
          on: { input: (e) => setMinScore(Number((e.target as HTMLInputElement).value) / 100) },
        }),
      )
    : null;
  return panel('legend', 'Techniques',
    counts.length ? list : empty('None found.'),
    active.size ? h('button', { class: 'link', attrs: { type: 'button', id: 'show-all' }, on: { click: () => toggle(null) } }, 'Show all techniques') : null,
    slider,
  );
}

export function headlinePanel(r: R): HTMLElement | null {
  if (r.headline === undefined && !r.style) return null;
  const hl = r.headline;
  return panel('headline', 'Headline and style',
    hl ? h('div', { class: 'meter-row' }, h('span', { class: 'meter-label' }, 'Clickbait'), bar(hl.clickbait, 'Headline clickbait score'), h('span', { class: 'meter-val' }, pct(hl.clickbait))) : r.headline === null ? empty('No headline found.') : null,
    hl?.signals.length ? h('ul', { class: 'signals' }, ...hl.signals.map((s) => h('li', null, s.kind.replace(/_/g, ' '), s.text ? h('q', null, s.text) : null))) : null,
    r.style ? h('div', null,
      h('div', { class: 'meter-row' }, h('span', { class: 'meter-label' }, 'Sensational'), bar(r.style.sensational, 'Sensational style score'), h('span', { class: 'meter-val' }, pct(r.style.sensational))),
      h('p', { class: 'small' }, `Loaded or subjective words: ${pct(r.style.loadedWordShare)} of the body · exclamation marks: ${r.style.exclamations}`),
    ) : null,
  );
}

export function claimsPanel(r: R, locate: Locate): HTMLElement | null {
  if (!r.claims) return null;
  const claims = [...r.claims].sort((a, b) => b.score - a.score);
  return panel('claims', 'Claims worth checking',
    claims.length
      ? h('ol', { class: 'claims' }, ...claims.map((c) => h('li', null, locator(locate, c, h('span', { class: 'score', attrs: { title: 'Check-worthiness' } }, pct(c.score)), h('span', null, c.text)))))
      : empty('No check-worthy factual claims found.'),
  );
}

export function quotesPanel(r: R, locate: Locate): HTMLElement | null {
  if (!r.attributions) return null;
  return panel('quotes', 'Who said what',
    r.attributions.length
      ? h('ul', { class: 'quotes' }, ...r.attributions.map((a) => h('li', null,
          h('div', { class: 'who' }, a.source ? a.source.text : h('em', null, 'unnamed source'), h('span', { class: 'cue' }, ` ${cueWords(a)}`), h('span', { class: `badge ${a.kind}` }, a.kind === 'direct' ? 'quote' : 'paraphrase')),
          h('blockquote', null, locator(locate, a.content, contentParts(a).map((p) => p.text).join(' … '))),
        )))
      : empty('Nobody is quoted or cited.'),
  );
}

export function entitiesPanel(r: R): HTMLElement | null {
  if (!r.entities) return null;
  const byId = new Map<number, { name: string; type: string; n: number }>();
  for (const m of r.entities) {
    const e = byId.get(m.entity);
    if (!e) byId.set(m.entity, { name: m.text, type: m.type, n: 1 });
    else {
      e.n++;
      if (m.text.length > e.name.length) e.name = m.text;
    }
  }
  const names: Record<string, string> = { PER: 'People', ORG: 'Organisations', LOC: 'Places', MISC: 'Other' };
  const groups = Object.keys(names).map((type) => [type, [...byId.values()].filter((e) => e.type === type).sort((a, b) => b.n - a.n)] as const).filter(([, es]) => es.length);
  return panel('entities', 'Who and where',
    groups.length
      ? h('dl', { class: 'entities' }, ...groups.flatMap(([type, es]) => [
          h('dt', null, names[type]!),
          h('dd', null, ...es.map((e) => h('span', { class: `chip ${type.toLowerCase()}` }, e.name, e.n > 1 ? h('span', { class: 'n' }, ` ×${e.n}`) : null))),
        ]))
      : empty('No people, organisations or places found.'),
  );
}

export function narrativesPanel(r: R, locate: Locate): HTMLElement | null {
  if (!r.narratives && !r.narrativeSummary) return null;
  const items = (r.narratives ?? []).filter((n) => n.matches.length);
  return panel('narratives', 'Known narratives and fact-checks',
    r.narrativeSummary?.length
      ? h('ul', { class: 'nsummary' }, ...r.narrativeSummary.map((s) => h('li', null, h('strong', null, s.title), ` · ${s.kb} · ${s.claims} claim${s.claims === 1 ? '' : 's'} · ${pct(Math.min(1, s.score))}`)))
      : null,
    items.length
      ? h('ul', { class: 'narratives' }, ...items.map((n) => h('li', null,
          h('p', { class: 'ncl' }, h('span', { class: 'small' }, 'The text says: '), locator(locate, n.claim, h('q', null, n.claim.text))),
          n.refutes ? h('p', { class: 'small refutes' }, 'It names this to refute it: ', h('q', null, n.refutes.text)) : null,
          h('ul', { class: 'matches' }, ...n.matches.map((m) => {
            const href = safeHref(m.url);
            return h('li', null,
              m.verdict ? h('span', { class: `verdict ${verdictClass(m.verdict)}` }, m.verdict) : null,
              href ? h('a', { attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }, m.title) : h('span', null, m.title),
              h('span', { class: 'small' }, ` · ${m.kb}${m.date ? ` · ${m.date}` : ''} · match ${pct(m.score)}${m.copies?.length ? ` · also filed as ${m.copies.join(', ')}` : ''}`),
              m.speaker || m.outlets ? h('p', { class: 'small' }, [m.speaker && `said by ${m.speaker}`, m.outlets && `outlets: ${m.outlets}`].filter(Boolean).join(' · ')) : null,
              m.summary ? h('p', { class: 'small' }, m.summary) : null,
            );
          })),
        )))
      : empty('No known narrative or fact-check matches this text.'),
  );
}

function verdictClass(v: string): string {
  const s = v.toLowerCase();
  if (/false|fake|pants|disinfo|misleading|incorrect|wrong/.test(s)) return 'bad';
  if (/mixed|half|partly|unproven|mostly false/.test(s)) return 'mixed';
  if (/true|correct|accurate/.test(s)) return 'good';
  return '';
}

export function sourcePanel(r: R): HTMLElement | null {
  const meta = r.meta ?? {};
  const hasMeta = meta.outlet || meta.byline || meta.date || meta.url;
  if (!r.source && !hasMeta) return null;
  const s = r.source;
  return panel('source', 'Source',
    hasMeta ? h('dl', { class: 'kv' },
      ...(meta.outlet ? [h('dt', null, 'Outlet'), h('dd', null, meta.outlet)] : []),
      ...(meta.byline ? [h('dt', null, 'Byline'), h('dd', null, meta.byline)] : []),
      ...(meta.date ? [h('dt', null, 'Date'), h('dd', null, meta.date)] : []),
      ...(meta.url ? [h('dt', null, 'URL'), h('dd', { class: 'url' }, meta.url)] : []),
    ) : null,
    s ? h('div', null,
      h('p', null, h('strong', null, s.domain), s.known ? '' : ' · not in any source list'),
      s.labels.length ? h('table', { class: 'labels' },
        h('thead', null, h('tr', null, h('th', null, 'Rated by'), h('th', null, 'Factuality'), h('th', null, 'Bias'), h('th', null, 'Reliability'))),
        h('tbody', null, ...s.labels.map((l) => h('tr', null, h('td', null, l.provider), h('td', null, l.factuality ?? '–'), h('td', null, l.bias ?? '–'), h('td', null, l.reliability ?? '–')))),
      ) : null,
    ) : null,
  );
}

export function notesPanel(r: R): HTMLElement | null {
  if (!r.notes?.length) return null;
  return panel('notes', 'Notes', h('ul', { class: 'notes' }, ...r.notes.map((n) => h('li', null, n))));
}
