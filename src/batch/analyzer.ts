import { pathToFileURL } from 'node:url';
import { createPipeline } from '../pipeline/registry.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import { toReport } from '../report/build.ts';
import type { ReportRows } from '../store/store.ts';
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
  | { ok: true; title: string | null; text: string; words: number; report: ReportRows; reportJson?: string }
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
 * The form a worker thread sends back: the report as JSON text plus only the layers the store
 * splits into rows. Cloning the whole report object costs the thread more than serialising it,
 * and the main thread would serialise it again to store it.
 */
export function forTransfer(a: Analysis): Analysis {
  if (!a.ok) return a;
  const { techniques, claims, attributions, narratives } = a.report;
  return { ...a, report: { techniques, claims, attributions, narratives }, reportJson: a.reportJson ?? JSON.stringify(a.report) };
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
