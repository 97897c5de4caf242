import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '../../doc/span.ts';
import { DATA_DIR } from '../../learn/data.ts';

/** PolNeAR (Newell et al., LREC 2018) in brat standoff: one Source/Cue/Content relation per `E` line. */
export const POLNEAR_DIR = join(DATA_DIR, 'attribution/polnear');

export interface GoldAttribution {
  /** Null for brat's `Attribution-no-source` relations. */
  source: Span | null;
  cue: Span;
  content: Span | null;
}

export interface PolnearArticle {
  name: string;
  text: string;
  attributions: GoldAttribution[];
}

/**
 * A discontinuous brat span ("3 10;12 20") becomes its full extent: our spans are single ranges,
 * and the gaps are almost always the interrupting cue ("…,” he said, “…").
 */
function parseExtent(offsets: string): Span {
  const nums = offsets.split(/[ ;]/).map(Number);
  return { start: Math.min(...nums), end: Math.max(...nums) };
}

export function parseAnn(ann: string): GoldAttribution[] {
  const spans = new Map<string, { type: string; span: Span }>();
  const relations: string[][] = [];
  for (const line of ann.split('\n')) {
    const cols = line.split('\t');
    if (line.startsWith('T') && cols.length >= 2) {
      const sp = cols[1]!.indexOf(' ');
      spans.set(cols[0]!, { type: cols[1]!.slice(0, sp), span: parseExtent(cols[1]!.slice(sp + 1)) });
    } else if (line.startsWith('E') && cols.length >= 2) {
      relations.push(cols[1]!.trim().split(' '));
    }
  }
  const out: GoldAttribution[] = [];
  for (const args of relations) {
    const role = (name: string): Span | null => {
      const arg = args.find((a) => a.split(':')[0] === name);
      return arg ? (spans.get(arg.split(':')[1]!)?.span ?? null) : null;
    };
    const cue = role('Cue');
    if (!cue) continue;
    // A few relations split their content in two (Content, Content2): join them into one extent.
    const parts = [role('Content'), role('Content2')].filter((s): s is Span => s !== null);
    const content = parts.length ? { start: Math.min(...parts.map((p) => p.start)), end: Math.max(...parts.map((p) => p.end)) } : null;
    out.push({ source: role('Source'), cue, content });
  }
  return out.sort((a, b) => a.cue.start - b.cue.start);
}

/**
 * Articles of one split. Some articles were annotated by several annotators (one .ann each);
 * we keep the alphabetically first annotator's file so every article counts once.
 */
export function loadPolnear(split: 'train' | 'dev', dir = POLNEAR_DIR): PolnearArticle[] {
  const annDir = join(dir, split, 'attributions');
  const byArticle = new Map<string, string>();
  for (const f of readdirSync(annDir).filter((f) => f.endsWith('.ann')).sort()) {
    const name = f.replace(/_[0-9a-f]{4}\.ann$/, '');
    if (!byArticle.has(name)) byArticle.set(name, f);
  }
  return [...byArticle].map(([name, f]) => ({
    name,
    text: readFileSync(join(dir, split, 'text', `${name}.txt`), 'utf8'),
    attributions: parseAnn(readFileSync(join(annDir, f), 'utf8')),
  }));
}
