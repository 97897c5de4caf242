import pc from 'picocolors';
import type { Report } from '../report/schema.ts';
import { contentParts, cueWords } from '../report/quote.ts';
import { TAXONOMY, TECHNIQUES, type Technique } from '../pipeline/techniques/taxonomy.ts';

type Paint = (s: string) => string;

// One background per technique, cycling where the terminal has fewer colours than classes.
const PALETTE: Paint[] = [
  (s) => pc.bgRed(pc.white(s)), (s) => pc.bgYellow(pc.black(s)), (s) => pc.bgMagenta(pc.white(s)),
  (s) => pc.bgCyan(pc.black(s)), (s) => pc.bgGreen(pc.black(s)), (s) => pc.bgBlue(pc.white(s)),
  (s) => pc.inverse(s),
];
const paintFor = (t: Technique): Paint => PALETTE[TECHNIQUES.indexOf(t) % PALETTE.length]!;

/**
 * Article text may carry terminal escape sequences: show control characters, never obey them.
 * Line ends of Windows (CR LF) and old Macs (CR) are line ends, not "\x0d" on every line; the
 * bidirectional overrides that reorder what a terminal shows (U+202A-U+202E, U+2066-U+2069) are
 * shown as escapes too.
 */
export const inert = (s: string): string =>
  s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

/** A snippet in quotes, already made inert: JSON.stringify would escape its escapes again ("\\x1b"). */
const quoted = (s: string): string => `"${s.replace(/"/g, '\\"')}"`;

export interface RenderOptions {
  color: boolean;
}

const QUOTE_MARKS = `"“”„'‘’«»`;
/**
 * Content without the quotation marks that wrap it (and a comma closing a quote: "…,” she said).
 * A mark that belongs to a quotation inside indirect speech stays, so that the quote stays
 * balanced: `that the regime is "bloodthirsty"`, not `that the regime is "bloodthirsty`.
 */
function withoutOuterMarks(text: string): string {
  const t = text.trim().replace(/,$/, '').replace(new RegExp(`,([${QUOTE_MARKS}])$`), '$1');
  const opens = QUOTE_MARKS.includes(t[0] ?? ''), closes = QUOTE_MARKS.includes(t.at(-1) ?? '');
  const inner = opens && closes && t.length > 1 ? t.slice(1, -1) : opens && !closes ? t.slice(1) : t;
  return inner.trim().replace(/,$/, '');
}

/**
 * The readable terminal view: the article with technique spans highlighted (or bracketed and
 * numbered without colour), then a legend with counts and the list of spans.
 */
export function renderTerminal(text: string, report: Report, opts: RenderOptions): string {
  const spans = [...(report.techniques ?? [])].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: string[] = [];
  // A CR whose LF falls into the next piece would become a line end of its own.
  const piece = (a: number, b: number) => inert(text[b - 1] === '\r' && text[b] === '\n' ? text.slice(a, b - 1) : text.slice(a, b));
  let pos = 0;
  spans.forEach((s, i) => {
    if (s.start < pos) return; // nested or overlapping: listed below, highlighted once
    out.push(piece(pos, s.start));
    const inner = piece(s.start, s.end);
    out.push(opts.color ? paintFor(s.technique)(inner) + pc.dim(`[${i + 1}]`) : `[[${inner}]]${i + 1}`);
    pos = s.end;
  });
  out.push(inert(text.slice(pos)));
  const lines = [out.join('').trimEnd(), ''];

  const counts = new Map<Technique, number>();
  for (const s of spans) counts.set(s.technique, (counts.get(s.technique) ?? 0) + 1);
  // Only when the techniques component ran: a report without it has no Techniques section.
  if (report.techniques) lines.push(opts.color ? pc.bold('Techniques') : 'Techniques');
  if (report.techniques && !counts.size) lines.push('  none found');
  for (const [t, n] of [...counts].sort((a, b) => b[1] - a[1])) {
    const label = TAXONOMY[t].label;
    lines.push(`  ${opts.color ? paintFor(t)(` ${label} `) : label}  ${n}`);
  }
  if (spans.length) {
    lines.push('', opts.color ? pc.bold('Spans') : 'Spans');
    spans.forEach((s, i) => {
      const snippet = inert(s.text).length > 80 ? `${inert(s.text).slice(0, 77)}...` : inert(s.text);
      lines.push(`  [${i + 1}] ${s.start}-${s.end} ${TAXONOMY[s.technique].label} (${s.score.toFixed(2)}): ${quoted(snippet)}`);
      lines.push(`      ${s.explanation}`);
    });
  }
  lines.push(...renderLayers(report, opts));
  return lines.join('\n') + '\n';
}

const clip = (s: string, n = 100) => {
  const t = inert(s.replace(/\s+/g, ' ').trim());
  return t.length > n ? `${t.slice(0, n - 3)}...` : t;
};
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The other layers, each under its own heading, only when the report has them. */
function renderLayers(report: Report, opts: RenderOptions): string[] {
  const head = (s: string) => ['', opts.color ? pc.bold(s) : s];
  const out: string[] = [];
  if (report.headline) {
    const h = report.headline;
    out.push(...head('Headline'), `  clickbait ${pct(h.clickbait)}: ${quoted(clip(h.text))}`);
    if (h.signals.length) out.push(`  signals: ${h.signals.map((g) => (g.text ? `${g.kind} (${clip(g.text, 30)})` : g.kind)).join(', ')}`);
  }
  if (report.style) {
    const st = report.style;
    // Under the headline's heading when there is one, else under its own.
    if (!report.headline) out.push(...head('Body style'));
    out.push(`  body style: sensational ${pct(st.sensational)}, loaded words ${pct(st.loadedWordShare)}, ${st.exclamations} exclamation(s)`);
  }
  if (report.claims?.length) {
    out.push(...head('Check-worthy claims'));
    for (const c of report.claims.slice(0, 10)) out.push(`  ${c.score.toFixed(2)}  ${clip(c.text)}`);
  }
  if (report.attributions?.length) {
    out.push(...head('Who says what'));
    for (const a of report.attributions) {
      // In the text's order ("According to a report ...", "Petrova said ..."), the quote without
      // the marks it came in, so that it reads as a line and not as an escaped string.
      const source = a.source ? clip(a.source.text, 60) : '(unnamed)', cue = clip(cueWords(a), 20);
      // A headline's "Lavrov: …" has the colon as its cue, which the list shows as nothing.
      const who = (a.source && a.cue.start < a.source.start ? [cue, source] : [source, cue]).filter(Boolean).join(' ');
      const said = contentParts(a).map((p) => withoutOuterMarks(p.text)).join(' … ');
      out.push(`  ${who} [${a.kind}]: "${clip(said, 90)}"`);
    }
  }
  if (report.entities?.length) {
    const byId = new Map<number, { text: string; type: string; n: number }>();
    for (const e of report.entities) {
      const cur = byId.get(e.entity);
      if (!cur) byId.set(e.entity, { text: e.text, type: e.type, n: 1 });
      else {
        cur.n++;
        if (e.text.length > cur.text.length) cur.text = e.text;
      }
    }
    out.push(...head('Entities'));
    for (const type of ['PER', 'ORG', 'LOC', 'MISC']) {
      const names = [...byId.values()].filter((e) => e.type === type).map((e) => (e.n > 1 ? `${clip(e.text, 40)} (${e.n})` : clip(e.text, 40)));
      if (names.length) out.push(`  ${type}: ${names.join(', ')}`);
    }
  }
  if (report.narratives?.length) {
    out.push(...head('Known narratives and fact-checks'));
    for (const n of report.narratives) {
      out.push(`  claim: ${quoted(clip(n.claim.text, 90))}`);
      if (n.refutes) out.push(`    (the text refutes this claim: ${quoted(clip(n.refutes.text, 60))})`);
      for (const m of n.matches) {
        const extra = [m.verdict && `verdict: ${m.verdict}`, m.date, m.url].filter(Boolean).join(', ');
        out.push(`    ${m.score.toFixed(2)} [${m.kb}] ${clip(m.title, 80)}${extra ? ` (${inert(extra)})` : ''}`);
        const who = [m.speaker && `said by: ${m.speaker}`, m.outlets && `outlets: ${m.outlets}`].filter(Boolean).join('; ');
        if (who) out.push(`         ${inert(clip(who, 160))}`);
      }
    }
  }
  if (report.source !== undefined && report.source !== null) {
    const src = report.source;
    out.push(...head('Source'));
    if (!src.known || !src.labels.length) out.push(`  ${inert(src.domain)}: no labels known for this domain`);
    for (const l of src.labels) {
      const parts = [l.factuality && `factuality ${l.factuality}`, l.bias && `bias ${l.bias}`, l.reliability && `reliability ${l.reliability}`].filter(Boolean);
      out.push(`  ${inert(src.domain)} per ${inert(l.provider)}: ${inert(parts.join(', '))}`);
    }
  }
  if (report.notes?.length) {
    out.push(...head('Notes'));
    for (const n of report.notes) out.push(`  ${inert(n)}`);
  }
  return out;
}
