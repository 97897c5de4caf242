// The span tables' rows, built from a report. Apart from the store so that a batch thread can
// build them without loading the database drivers.
import type { Report } from '../report/schema.ts';

/**
 * One article's rows for each span table, flattened (column after column, row after row) and
 * without the article key, which the insert adds. Batch threads build them, so the main thread
 * receives a few arrays of strings and numbers instead of the report's objects.
 */
export interface SpanRows {
  technique_spans: unknown[];
  claims: unknown[];
  attributions: unknown[];
  matches: unknown[];
}

/** The span tables' columns besides `article_pk`, in the order `spanRows` fills them. */
export const SPAN_COLUMNS: Record<keyof SpanRows, string[]> = {
  technique_spans: ['technique', 'span_start', 'span_end', 'score', 'text'],
  claims: ['span_start', 'span_end', 'score', 'text'],
  attributions: ['kind', 'source_text', 'cue_text', 'content_start', 'content_end', 'content_text'],
  matches: ['kb', 'match_id', 'title', 'verdict', 'claim_text', 'score', 'refutes'],
};

export function spanRows(r: Pick<Report, 'techniques' | 'claims' | 'attributions' | 'narratives'>): SpanRows {
  return {
    technique_spans: (r.techniques ?? []).flatMap((t) => [t.technique, t.start, t.end, t.score, t.text]),
    claims: (r.claims ?? []).flatMap((c) => [c.start, c.end, c.score, c.text]),
    attributions: (r.attributions ?? []).flatMap((at) => [at.kind, at.source?.text ?? null, at.cue.text, at.content.start, at.content.end, at.content.text]),
    matches: (r.narratives ?? []).flatMap((n) => n.matches.flatMap((m) => [m.kb, m.id, m.title, m.verdict ?? null, n.claim.text, m.score, n.refutes ? 1 : 0])),
  };
}
