import pc from 'picocolors';
import type { Report } from '../report/schema.ts';
import { TAXONOMY, TECHNIQUES, type Technique } from '../pipeline/techniques/taxonomy.ts';

type Paint = (s: string) => string;

// One background per technique, cycling where the terminal has fewer colours than classes.
const PALETTE: Paint[] = [
  (s) => pc.bgRed(pc.white(s)), (s) => pc.bgYellow(pc.black(s)), (s) => pc.bgMagenta(pc.white(s)),
  (s) => pc.bgCyan(pc.black(s)), (s) => pc.bgGreen(pc.black(s)), (s) => pc.bgBlue(pc.white(s)),
  (s) => pc.inverse(s),
];
const paintFor = (t: Technique): Paint => PALETTE[TECHNIQUES.indexOf(t) % PALETTE.length]!;

/** Article text may carry terminal escape sequences: show control characters, never obey them. */
export const inert = (s: string): string =>
  s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export interface RenderOptions {
  color: boolean;
}

/**
 * The readable terminal view: the article with technique spans highlighted (or bracketed and
 * numbered without colour), then a legend with counts and the list of spans.
 */
export function renderTerminal(text: string, report: Report, opts: RenderOptions): string {
  const spans = [...report.techniques].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: string[] = [];
  let pos = 0;
  spans.forEach((s, i) => {
    if (s.start < pos) return; // nested or overlapping: listed below, highlighted once
    out.push(inert(text.slice(pos, s.start)));
    const inner = inert(text.slice(s.start, s.end));
    out.push(opts.color ? paintFor(s.technique)(inner) + pc.dim(`[${i + 1}]`) : `[[${inner}]]${i + 1}`);
    pos = s.end;
  });
  out.push(inert(text.slice(pos)));
  const lines = [out.join('').trimEnd(), ''];

  const counts = new Map<Technique, number>();
  for (const s of spans) counts.set(s.technique, (counts.get(s.technique) ?? 0) + 1);
  lines.push(opts.color ? pc.bold('Techniques') : 'Techniques');
  if (!counts.size) lines.push('  none found');
  for (const [t, n] of [...counts].sort((a, b) => b[1] - a[1])) {
    const label = TAXONOMY[t].label;
    lines.push(`  ${opts.color ? paintFor(t)(` ${label} `) : label}  ${n}`);
  }
  if (spans.length) {
    lines.push('', opts.color ? pc.bold('Spans') : 'Spans');
    spans.forEach((s, i) => {
      const snippet = inert(s.text).length > 80 ? `${inert(s.text).slice(0, 77)}...` : inert(s.text);
      lines.push(`  [${i + 1}] ${s.start}-${s.end} ${TAXONOMY[s.technique].label} (${s.score.toFixed(2)}): ${JSON.stringify(snippet)}`);
      lines.push(`      ${s.explanation}`);
    });
  }
  return lines.join('\n') + '\n';
}
