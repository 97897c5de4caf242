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

/**
 * SemEval-2020 Task 11 offsets count Unicode code points (the task's data and scorer are Python),
 * while a JavaScript string, and so every Doc offset here, counts UTF-16 units. The two part after
 * the first character outside the Basic Multilingual Plane (an emoji): 6 of the 371 PTC training
 * articles have one, and a gold span after it read as units was shifted ("e altercati" for
 * "altercation"). Rows are converted at the format's edge, in both directions.
 */
export class CodePoints {
  /** Unit offset of each code point offset (0..length), or null when the two agree (no astral character). */
  private readonly units: Uint32Array | null;
  /** The text's length in code points. */
  readonly length: number;

  constructor(text: string) {
    let astral = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) { astral = true; break; }
    }
    if (!astral) { this.units = null; this.length = text.length; return; }
    const units: number[] = [];
    for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) units.push(i);
    units.push(text.length);
    this.units = Uint32Array.from(units);
    this.length = units.length - 1;
  }

  /** The UTF-16 offset of a code point offset (clamped to the text). */
  toUnits(cp: number): number {
    return this.units ? this.units[Math.min(cp, this.units.length - 1)]! : cp;
  }

  /** The code point offset of a UTF-16 offset (one inside a surrogate pair counts as the pair's start). */
  toCodePoints(unit: number): number {
    if (!this.units) return unit;
    let lo = 0, hi = this.units.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.units[mid]! <= unit) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Rows with code point offsets (as in the task's files) read against their articles' texts: UTF-16 offsets. */
export function rowsInUnits<T extends LabelRow>(rows: T[], texts: ReadonlyMap<string, string>): T[] {
  const maps = new Map<string, CodePoints>();
  return rows.map((r) => {
    const text = texts.get(r.article);
    if (text === undefined) return r;
    let m = maps.get(r.article);
    if (!m) maps.set(r.article, (m = new CodePoints(text)));
    return { ...r, start: m.toUnits(r.start), end: m.toUnits(r.end) };
  });
}

/** Rows with UTF-16 offsets into `text` as the task's files count them: code points. */
export function rowsInCodePoints<T extends LabelRow>(rows: T[], text: string): T[] {
  const m = new CodePoints(text);
  return rows.map((r) => ({ ...r, start: m.toCodePoints(r.start), end: m.toCodePoints(r.end) }));
}

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
    .map(({ f, id }) => ({ id, text: readArticleText(join(dir, f)) }));
}

/**
 * An article as the official tools read it: UTF-8, a byte-order mark kept as a character (so
 * offsets count it, as Python's do). Read leniently, a UTF-16 or binary file gave spans past the
 * end of its text and labels for garbage.
 */
function readArticleText(path: string): string {
  const bytes = readFileSync(path);
  if (bytes.indexOf(0) !== -1) throw new FormatError(`${path}: has NUL bytes (UTF-16 or binary data); SemEval articles are UTF-8 text`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new FormatError(`${path}: is not valid UTF-8 text; SemEval articles are UTF-8 (convert it first, e.g. with iconv -t utf-8)`);
  }
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
