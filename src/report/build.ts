import type { Doc } from '../doc/doc.ts';
import { REPORT_VERSION, type Report } from './schema.ts';

/** Serialises a Doc's layers into the JSON report; absent layers stay absent. */
export function toReport(doc: Doc): Report {
  const report: Report = {
    version: REPORT_VERSION,
    title: doc.title ? { start: doc.title.start, end: doc.title.end } : null,
    sentences: doc.sentences.map((s) => ({ start: s.start, end: s.end })),
  };
  // Layers of components that did not run stay absent, techniques too: "[]" read as "none found".
  Object.assign(report, doc.layers);
  if (doc.notes.length) report.notes = [...doc.notes];
  return report;
}
