import { readFileSync } from 'node:fs';
import { codePointsOf, type CodePoints } from '../io/code-points.ts';
import { UserError } from '../io/input.ts';
import type { Article, LabelRow } from '../io/semeval.ts';
import { TECHNIQUES } from '../pipeline/techniques/taxonomy.ts';

interface LsResult {
  type?: string;
  value?: { start?: number; end?: number; text?: unknown; labels?: string[] };
}
interface LsTask {
  id?: number | string;
  data?: { text?: unknown; article_id?: unknown };
  annotations?: Array<{ was_cancelled?: boolean; updated_at?: string; created_at?: string; result?: LsResult[] }>;
}

export interface AnnotatedCorpus {
  articles: Article[];
  labels: LabelRow[];
  /** Tasks without a finished human annotation: not training data. */
  skipped: number;
}

/**
 * Reads a Label Studio JSON export (the full "JSON" format, as `unspin export --format
 * label-studio` tasks come back after annotation). Each task's latest non-cancelled annotation is
 * the truth; an annotation with no spans says the article has none. Label Studio's offsets count
 * code points; the labels returned count UTF-16 units, as every offset in unspin does
 * (`unitSpan`).
 */
export function readLabelStudio(path: string): AnnotatedCorpus {
  let tasks: unknown;
  try {
    tasks = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${path}: no such file` : `${path}: not a Label Studio JSON export (${(e as Error).message})`);
  }
  if (!Array.isArray(tasks)) throw new UserError(`${path}: a Label Studio JSON export is an array of tasks`);
  const known = new Set<string>(TECHNIQUES);
  const articles: Article[] = [];
  const labels: LabelRow[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  (tasks as LsTask[]).forEach((task, i) => {
    const where = `${path}: task ${i + 1}`;
    const text = task?.data?.text;
    if (typeof text !== 'string') {
      // JSON-MIN, another export format, has the text at the top of the task and no annotations.
      const min = typeof (task as { text?: unknown })?.text === 'string' ? ' (export the project as "JSON", not "JSON-MIN")' : '';
      throw new UserError(`${where} has no data.text${min}`);
    }
    const annotations = task.annotations ?? [];
    if (!Array.isArray(annotations)) throw new UserError(`${where}: annotations is not a list`);
    const done = annotations.filter((a) => a && !a.was_cancelled);
    if (!done.length) {
      skipped++;
      return;
    }
    const latest = done.reduce((a, b) => ((b.updated_at ?? b.created_at ?? '') > (a.updated_at ?? a.created_at ?? '') ? b : a));
    let id = String(task.data?.article_id ?? task.id ?? i + 1).replace(/[\t\r\n]/g, ' ');
    while (seen.has(id)) id += '_';
    seen.add(id);
    articles.push({ id, text });
    const points = codePointsOf(text);
    const result = latest.result ?? [];
    if (!Array.isArray(result)) throw new UserError(`${where}: an annotation's result is not a list`);
    for (const r of result) {
      if (r?.type !== 'labels' || !r.value) continue;
      const { start, end, labels: names = [] } = r.value;
      if (!Number.isInteger(start) || !Number.isInteger(end)) {
        throw new UserError(`${where}: span ${JSON.stringify(start)}-${JSON.stringify(end)} has no whole-number start and end`);
      }
      // A string would be read letter by letter, as so many unknown techniques.
      if (!Array.isArray(names)) throw new UserError(`${where}: span ${start}-${end} has no list of labels`);
      const span = unitSpan(text, points, start!, end!, r.value.text);
      if (!span) throw new UserError(`${where}: span ${start}-${end} is outside its text (${points.length} characters)`);
      for (const technique of names) {
        if (!known.has(technique)) throw new UserError(`${where}: unknown technique "${technique}" (use the labels of \`unspin export --format label-studio\`)`);
        labels.push({ article: id, technique, ...span });
      }
    }
  });
  if (!articles.length) throw new UserError(`${path}: no task has a finished annotation (${skipped} without)`);
  return { articles, labels, skipped };
}

/**
 * A Label Studio span in UTF-16 units, or null when it lies outside the text. Label Studio counts
 * code points (since 2022; before, the editor stored UTF-16 units, and exports of then may still
 * be about): where the two differ, the span whose text is the region's saved `text` wins, and code
 * points without one. A text without characters beyond the BMP reads the same either way.
 */
function unitSpan(text: string, points: CodePoints, start: number, end: number, saved: unknown): { start: number; end: number } | null {
  const asPoints = start >= 0 && end > start && end <= points.length ? { start: points.toUnits(start), end: points.toUnits(end) } : null;
  if (points.length === text.length) return asPoints;
  const asUnits = start >= 0 && end > start && end <= text.length ? { start, end } : null;
  const says = (s: { start: number; end: number } | null) => !!s && typeof saved === 'string' && text.slice(s.start, s.end) === saved;
  if (!says(asPoints) && says(asUnits)) return asUnits;
  return asPoints;
}
