import { parse } from 'csv-parse/sync';
import { UserError } from '../io/input.ts';

export interface CsvRows {
  /** Records keyed by the header's column names; `line`, the line where the record ends. */
  rows: Array<{ line: number; record: Record<string, string> }>;
  /** Rows that could not be read, by the line where each starts. */
  bad: Array<{ line: number; reason: string }>;
}

/**
 * A CSV with a header row, read so that one unreadable row (a stray or unclosed quote) costs only
 * itself: csv-parse stops at the first such error, and from there on the quoting is unknown. Its
 * rows up to the error are kept, the row after the last good one is reported by its first line,
 * and reading starts again on the line after that one. An unclosed quote would otherwise swallow
 * every row up to the next quote (or the end of the file) as one field. A row that spans lines and
 * is unreadable may leave pieces that read as rows of their own; a piece without a title or with
 * a first column that is not a date is then rejected as a record (`parseEuvsCsv`).
 */
export function readCsvRows(text: string): CsvRows {
  const starts = lineStarts(text);
  let header: string[];
  let from: number;
  try {
    const [first] = parse(text, { bom: true, info: true, to: 1 }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    if (!first) return { rows: [], bad: [] };
    header = first.record;
    from = first.info.lines + 1;
  } catch (e) {
    throw new UserError(`not a readable CSV: its header row: ${(e as Error).message}`);
  }
  const rows: CsvRows['rows'] = [];
  const bad: CsvRows['bad'] = [];
  while (from <= starts.length) {
    const offset = from - 1;
    let lastEnd = offset;
    try {
      parse(text.slice(starts[offset]), {
        columns: header, info: true, relax_column_count: true, skip_empty_lines: true,
        on_record: (r: { record: Record<string, string>; info: { lines: number } }) => {
          lastEnd = r.info.lines + offset;
          rows.push({ line: lastEnd, record: r.record });
          return null; // kept above; csv-parse need not collect them too
        },
      });
      break;
    } catch (e) {
      // The unreadable row starts on the first non-blank line after the last good row.
      let line = lastEnd + 1;
      while (line < starts.length && !text.slice(starts[line - 1], starts[line]).trim()) line++;
      // csv-parse counts lines from where this pass began: its "at line N" is told from the file's start.
      bad.push({ line, reason: `unreadable row: ${(e as Error).message.replace(/\bat line (\d+)/, (_, n: string) => `at line ${Number(n) + offset}`)}` });
      from = line + 1;
    }
  }
  return { rows, bad };
}

/** Where each line of `text` starts (\n, \r\n or \r ends a line, as csv-parse reads them). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) if (m.index! + m[0].length < text.length) starts.push(m.index! + m[0].length);
  return starts;
}
