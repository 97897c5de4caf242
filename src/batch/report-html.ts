import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { TAXONOMY, type Technique } from '../pipeline/techniques/taxonomy.ts';
import type { CorpusReport, GroupRow } from '../store/aggregate.ts';

const require = createRequire(import.meta.url);
const asset = (file: string) => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');

export const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON that is safe inside a <script> element, whatever the article text contains. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

const label = (t: string) => TAXONOMY[t as Technique]?.label ?? t;
const num = (v: number, d = 2) => v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const int = (v: number) => v.toLocaleString('en-US');

/** A cell shaded by its share of the column maximum: a heat map readers scan at a glance. */
function heat(v: number, max: number): string {
  const a = max > 0 ? Math.min(1, v / max) : 0;
  return `<td class="n" style="background:rgba(214,39,40,${(a * 0.55).toFixed(3)})">${v ? num(v) : '·'}</td>`;
}

function techniqueTable(rows: GroupRow[], head: string, techniques: string[]): string {
  const max = Math.max(0, ...rows.flatMap((r) => techniques.map((t) => r.techniques[t] ?? 0)));
  const maxRate = Math.max(0, ...rows.map((r) => r.rate));
  return `<table><thead><tr><th>${esc(head)}</th><th class="n">articles</th><th class="n">words</th><th class="n">all techniques</th>${techniques
    .map((t) => `<th class="n rot" title="${esc(label(t))}"><span>${esc(label(t))}</span></th>`)
    .join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr><th>${esc(r.key)}</th><td class="n">${int(r.articles)}</td><td class="n">${int(r.words)}</td>${heat(r.rate, maxRate)}${techniques
          .map((t) => heat(r.techniques[t] ?? 0, max))
          .join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

function outletMonthTable(r: CorpusReport): string {
  const months = [...new Set(r.outletMonths.map((x) => x.month))].sort();
  const outlets = [...new Set(r.outletMonths.map((x) => x.outlet))].sort();
  const cell = new Map(r.outletMonths.map((x) => [`${x.outlet}\u0000${x.month}`, x]));
  const max = Math.max(0, ...r.outletMonths.map((x) => x.rate));
  return `<table><thead><tr><th>month</th>${outlets.map((o) => `<th class="n">${esc(o)}</th>`).join('')}</tr></thead><tbody>${months
    .map(
      (m) =>
        `<tr><th>${esc(m)}</th>${outlets
          .map((o) => {
            const x = cell.get(`${o}\u0000${m}`);
            return x ? heat(x.rate, max).replace('</td>', ` <small>(${x.articles})</small></td>`) : '<td class="n empty">–</td>';
          })
          .join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#222}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#555;margin:0 0 12px}.note{color:#666;font-size:12px}
table{border-collapse:collapse;font-size:12.5px;margin:6px 0;max-width:100%}
th,td{padding:3px 7px;border-bottom:1px solid #eee;text-align:left;vertical-align:bottom}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.empty{color:#bbb}
th.rot{height:120px;white-space:nowrap;vertical-align:bottom}th.rot span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block}
.kpis{display:flex;gap:28px;flex-wrap:wrap;margin:12px 0}.kpi b{display:block;font-size:22px}
.scroll{overflow-x:auto}td.date{white-space:nowrap}#chart{margin:8px 0}small{color:#777}
`;

/** Which model versions the failed records failed under, this report's first: after an upgrade, whether the new one fails too. */
function failuresNote(r: CorpusReport): string {
  if (!r.failures) return '';
  const list = [...r.failuresByModel].sort((a, b) => Number(b.modelVersion === r.modelVersion) - Number(a.modelVersion === r.modelVersion));
  const parts = list.map((f) => `${f.modelVersion === null ? 'not recorded' : esc(f.modelVersion)}${f.modelVersion === r.modelVersion ? " (this report's)" : ''} ${int(f.failures)}`);
  return `<p class="note">Failed records by the model version they failed under: ${parts.join(', ')}. The <code>failures</code> table gives each one's reason.</p>`;
}

export function renderHtml(r: CorpusReport, generated = new Date()): string {
  const techniques = r.techniques.map((t) => t.technique);
  const outlets = [...new Set(r.outletMonths.map((x) => x.outlet))].sort();
  const months = [...new Set(r.outletMonths.map((x) => x.month))].sort();
  const chart = {
    x: months.map((m) => Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1) / 1000),
    series: outlets.map((o, i) => ({
      label: o,
      stroke: PALETTE[i % PALETTE.length],
      values: months.map((m) => r.outletMonths.find((x) => x.outlet === o && x.month === m)?.rate ?? null),
    })),
  };
  const topTech = [...r.techniques].sort((a, b) => b.spans - a.spans);
  // Why there is no timeline: no dates, or dates whose month cannot be read.
  const noTimeline = (c: CorpusReport) =>
    c.dated
      ? `${int(c.dated)} ${c.dated === 1 ? 'article has a date' : 'articles have dates'}, but none whose month can be read (ambiguous like 05/03/2024, or an unknown form), so there is no timeline. Dates in ISO (2024-03-05), RFC 2822 or with a month name give their month.`
      : 'No article has a date, so there is no timeline (give dates with --date-field or --metadata).';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>unspin corpus report</title>
<style>${asset('uPlot.min.css')}${CSS}</style></head><body>
<h1>Propaganda techniques across the corpus</h1>
<p class="sub">unspin corpus report · model ${esc(r.modelVersion ?? 'none')} · generated ${esc(generated.toISOString().slice(0, 16).replace('T', ' '))} UTC</p>
<div class="kpis"><div class="kpi"><b>${int(r.articles)}</b>articles</div><div class="kpi"><b>${int(r.words)}</b>words</div>
<div class="kpi"><b>${int(r.outlets.length)}</b>outlets</div><div class="kpi"><b>${int(months.length)}</b>months</div>
<div class="kpi"><b>${int(r.failures)}</b>failed records</div></div>
${failuresNote(r)}
${r.otherVersions.length ? `<p class="note">This page covers model ${esc(r.modelVersion ?? '')} only. The database also holds ${r.otherVersions.map((o) => `${esc(o.modelVersion)} (${int(o.articles)} article${o.articles === 1 ? '' : 's'})`).join(', ')}: <code>unspin report --model-version …</code> reports one of them.</p>` : ''}
<p class="note">Rates are technique spans found by unspin's automatic detector per 1,000 words of article text. They compare outlets and periods analysed with the same model; they are estimates, not verdicts on any single article.</p>
<h2>By month and outlet: technique spans per 1,000 words</h2>
${months.length ? '<div id="chart"></div>' : `<p class="note">${noTimeline(r)}</p>`}
${months.length ? `<div class="scroll">${outletMonthTable(r)}</div>\n<p class="note">Cells: rate (articles that month).</p>` : ''}
<h2>By outlet and technique</h2><div class="scroll">${techniqueTable(r.outlets, 'outlet', techniques)}</div>
<h2>By month and technique</h2><div class="scroll">${techniqueTable(r.months, 'month', techniques)}</div>
<h2>Techniques</h2>
<table><thead><tr><th>technique</th><th class="n">spans</th><th class="n">articles</th><th class="n">per 1,000 words</th></tr></thead><tbody>
${topTech.map((t) => `<tr><th title="${esc(TAXONOMY[t.technique as Technique]?.explanation ?? '')}">${esc(label(t.technique))}</th><td class="n">${int(t.spans)}</td><td class="n">${int(t.articles)}</td><td class="n">${num(t.rate)}</td></tr>`).join('')}
</tbody></table>
<h2>Most matched narratives and fact-checks</h2>
${r.narratives.length ? `<table><thead><tr><th>narrative</th><th>source</th><th>verdict</th><th class="n">articles</th><th class="n">claims</th><th class="n">refuted in</th><th class="n">best score</th></tr></thead><tbody>
${r.narratives.map((n) => `<tr><td>${esc(n.title)}</td><td>${esc(n.kb)}</td><td>${esc(n.verdict ?? '')}</td><td class="n">${int(n.articles)}</td><td class="n">${int(n.claims)}</td><td class="n">${int(n.refutedIn)}</td><td class="n">${num(n.score)}</td></tr>`).join('')}
</tbody></table><p class="note">Articles and claims: those that repeat the item. Refuted in: articles that name it to refute it ("there is no evidence that …").</p>` : '<p class="note">No claim matched a known narrative (or the narratives component was not run).</p>'}
<h2>Top claims</h2>
${r.claims.length ? `<table><thead><tr><th>claim</th><th class="n">articles</th><th class="n">check-worthiness</th><th>outlet</th><th>first date</th></tr></thead><tbody>
${r.claims.map((c) => `<tr><td>${esc(c.text)}</td><td class="n">${int(c.articles)}</td><td class="n">${num(c.score)}</td><td class="date">${c.outlets > 1 ? `${int(c.outlets)} outlets` : esc(c.outlet ?? '')}</td><td class="date">${esc(c.date ?? '')}</td></tr>`).join('')}
</tbody></table>` : '<p class="note">No check-worthy claims stored (or the claims component was not run).</p>'}
<script>${asset('uPlot.iife.min.js')}</script>
<script type="application/json" id="data">${scriptJson(chart)}</script>
<script>
(function(){
  var el=document.getElementById('chart'); if(!el) return;
  var d=JSON.parse(document.getElementById('data').textContent);
  var opts={width:Math.min(1150,el.clientWidth||1150),height:340,
    scales:{x:{time:true}},
    axes:[{},{label:'spans per 1,000 words'}],
    series:[{label:'month',value:function(u,v){return v==null?'':new Date(v*1000).toISOString().slice(0,7);}}].concat(d.series.map(function(s){return {label:s.label,stroke:s.stroke,width:2,spanGaps:true,points:{size:5}};}))};
  new uPlot(opts,[d.x].concat(d.series.map(function(s){return s.values;})),el);
})();
</script>
</body></html>
`;
}
