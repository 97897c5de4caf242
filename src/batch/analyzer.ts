import { pathToFileURL } from 'node:url';
import { createPipeline } from '../pipeline/registry.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import { toReport } from '../report/build.ts';
import type { Report } from '../report/schema.ts';
import { spanRows, type SpanRows } from '../store/span-rows.ts';
import { validateText } from '../io/input.ts';
import { extractArticle } from '../io/html.ts';
import type { InputRecord } from './record.ts';
import { COMPILED } from '../learn/data.ts';

export interface PipelineSpec {
  components?: string[];
  modelDir?: string;
  /**
   * A module exporting `createPipeline(spec)` used instead of the registry. Tests use it to run
   * the batch machinery with a small pipeline of their own.
   */
  pipelineModule?: string;
}

export type Analysis =
  | { ok: true; title: string | null; text: string; words: number; report: Report }
  | { ok: false; reason: string };

/**
 * What a batch thread sends back: the report as JSON text and the store's rows, built here
 * where the CPU is. The text comes back only when it differs from the record's (extracted HTML).
 */
export type Transfer =
  | { ok: true; title: string | null; text?: string; words: number; reportJson: string; rows: SpanRows }
  | { ok: false; reason: string };

export async function loadPipeline(spec: PipelineSpec): Promise<Pipeline> {
  if (spec.pipelineModule) {
    // The compiled CLI has no TypeScript loader; a .ts module (as the tests pass) needs one.
    if (COMPILED && /\.[cm]?ts$/.test(spec.pipelineModule)) (await import('tsx/esm/api')).register();
    const mod = await import(pathToFileURL(spec.pipelineModule).href);
    return mod.createPipeline(spec);
  }
  return createPipeline({ components: spec.components, modelDir: spec.modelDir });
}

/**
 * Cloning the report's objects to the main thread cost it more (deserialising, then collecting
 * them) than the JSON text and flat rows do; the main thread is shared with the analysis threads.
 */
export function forTransfer(a: Analysis, rec: InputRecord): Transfer {
  if (!a.ok) return a;
  const t: Transfer = { ok: true, title: a.title, words: a.words, reportJson: JSON.stringify(a.report), rows: spanRows(a.report) };
  if (a.text !== rec.text) t.text = a.text;
  return t;
}

/** Analyses one record; any problem with the record itself becomes a reason, not a throw. */
export function analyzeRecord(pipeline: Pipeline, rec: InputRecord): Analysis {
  try {
    if (rec.error) return { ok: false, reason: rec.error };
    let { title, outlet, date } = rec;
    let text = rec.text ?? '';
    if (rec.html) {
      const page = extractArticle(text);
      title ??= page.title;
      outlet ??= page.outlet;
      date ??= page.date;
      text = page.text;
    }
    validateText(text, rec.id);
    const doc = pipeline.run(pipeline.makeDoc({ text, title, url: rec.url, outlet, date }));
    const words = doc.tokens.reduce((n, t) => n + (t.kind === 'word' ? 1 : 0), 0);
    return { ok: true, title: doc.title ? doc.slice(doc.title) : null, text: doc.text, words, report: toReport(doc) };
  } catch (e) {
    return { ok: false, reason: (e as Error)?.message ?? String(e) };
  }
}
