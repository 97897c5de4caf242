import { codePointsOf } from '../io/code-points.ts';
import { TECHNIQUES } from '../pipeline/techniques/taxonomy.ts';
import type { Report } from '../report/schema.ts';
import { parseJson, type Store } from './store.ts';

export interface ExportedArticle {
  id: string;
  modelVersion: string;
  outlet: string | null;
  date: string | null;
  url: string | null;
  title: string | null;
  text: string;
  report: Report;
}

/** Every stored article of a model version (default: all), in pages, so memory stays flat. */
export async function* storedArticles(store: Store, modelVersion?: string, page = 200): AsyncGenerator<ExportedArticle> {
  let after = 0;
  for (;;) {
    const rows = await store.all(
      `SELECT pk, article_id, model_version, outlet, date, url, title, text, report FROM articles
       WHERE pk > ? ${modelVersion ? 'AND model_version = ?' : ''} ORDER BY pk LIMIT ${page}`,
      modelVersion ? [after, modelVersion] : [after],
    );
    for (const r of rows) {
      yield {
        id: r.article_id, modelVersion: r.model_version, outlet: r.outlet ?? null, date: r.date ?? null, url: r.url ?? null,
        title: r.title ?? null, text: r.text, report: parseJson<Report>(r.report),
      };
    }
    if (rows.length < page) return;
    after = Number(rows[rows.length - 1]!.pk);
  }
}

export const CSV_HEADER = ['article_id', 'outlet', 'date', 'url', 'technique', 'start', 'end', 'score', 'text'];

const csvCell = (v: unknown) => {
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
export const csvLine = (cells: unknown[]) => cells.map(csvCell).join(',') + '\n';

/** One CSV row per technique span. */
export const csvRows = (a: ExportedArticle) =>
  (a.report.techniques ?? []).map((t) => csvLine([a.id, a.outlet, a.date, a.url, t.technique, t.start, t.end, t.score, t.text])).join('');

/** Article ids become file names (`article<id>.txt`) in the SemEval layout: keep them safe. */
export const semevalId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * A Label Studio task with the model's spans as a prediction, so annotators correct rather than
 * start from nothing. Field names match LABEL_CONFIG. Label Studio counts offsets in code points
 * (src/io/code-points.ts), so a span after an emoji is moved back by one for each.
 */
export function labelStudioTask(a: ExportedArticle) {
  const points = codePointsOf(a.text);
  return {
    data: { text: a.text, article_id: a.id, outlet: a.outlet, date: a.date, url: a.url },
    predictions: [
      {
        model_version: a.modelVersion,
        result: (a.report.techniques ?? []).map((t, i) => ({
          id: `${semevalId(a.id)}-${i}`,
          from_name: 'technique',
          to_name: 'text',
          type: 'labels',
          value: { start: points.fromUnits(t.start), end: points.fromUnits(t.end), text: t.text, labels: [t.technique] },
          score: t.score,
        })),
      },
    ],
  };
}

/** The labelling interface to paste into a Label Studio project for these tasks. */
export const LABEL_CONFIG = `<View>
  <Labels name="technique" toName="text">
${TECHNIQUES.map((t) => `    <Label value="${t}"/>`).join('\n')}
  </Labels>
  <Text name="text" value="$text"/>
</View>
`;
