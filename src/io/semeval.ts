import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '../doc/span.ts';

/** One row of a SemEval-2020 Task 11 labels file. `technique` is absent in SI files, '?' in TC templates. */
export interface LabelRow extends Span {
  article: string;
  technique?: string;
}

export class FormatError extends Error {}

/**
 * Parses `ID<TAB>start<TAB>end` (SI) or `ID<TAB>technique<TAB>start<TAB>end` (TC) rows.
 * Blank lines are skipped; any other malformed line is an error naming its line number.
 */
export function parseLabels(content: string, source = 'labels'): LabelRow[] {
  const rows: LabelRow[] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const f = line.split('\t');
    const bad = (why: string) => new FormatError(`${source}:${i + 1}: ${why}: ${JSON.stringify(line.slice(0, 80))}`);
    if (f.length !== 3 && f.length !== 4) throw bad('expected 3 or 4 tab-separated fields');
    const [start, end] = f.slice(-2).map(Number) as [number, number];
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) throw bad('bad offsets');
    rows.push(f.length === 4 ? { article: f[0]!, technique: f[1]!, start, end } : { article: f[0]!, start, end });
  });
  return rows;
}

export const readLabels = (path: string): LabelRow[] => parseLabels(readFileSync(path, 'utf8'), path);

export function formatSI(rows: LabelRow[]): string {
  return rows.map((r) => `${r.article}\t${r.start}\t${r.end}\n`).join('');
}

export function formatTC(rows: LabelRow[]): string {
  return rows.map((r) => `${r.article}\t${r.technique ?? '?'}\t${r.start}\t${r.end}\n`).join('');
}

/** The article id of a PTC file name `article123.txt`. */
export const articleId = (file: string): string | null => /^article(.+)\.txt$/.exec(file)?.[1] ?? null;

export interface Article {
  id: string;
  text: string;
}

/** Reads every `articleID.txt` of a folder, sorted by id. */
export function readArticles(dir: string): Article[] {
  return readdirSync(dir)
    .map((f) => ({ f, id: articleId(f) }))
    .filter((x): x is { f: string; id: string } => x.id !== null)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(({ f, id }) => ({ id, text: readFileSync(join(dir, f), 'utf8') }));
}

export function groupByArticle<T extends { article: string }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.article);
    if (list) list.push(r);
    else m.set(r.article, [r]);
  }
  return m;
}
