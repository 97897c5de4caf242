import { extname } from 'node:path';
import { Pass, type Ending, type Reading } from './csv-pass.ts';
import type { CsvInput, Place } from './csv-source.ts';

export type { CsvInput } from './csv-source.ts';

/** One record of a CSV/TSV file: its fields by header name, and why it is bad, if it is. */
export interface CsvRecord {
  /**
   * Its row number, the header being row 1, counting bad records too. Records without an id
   * column are named by it, as they always were, so a file with quoted line breaks keeps its ids.
   */
  row: number;
  /** The line it starts on, for messages. */
  line: number;
  /** Empty when the record could not be parsed; a field that is not UTF-8 is left out. */
  fields: Record<string, string>;
  error?: string;
}

export interface CsvOptions {
  /** Tab-separated, without quoting; by default when a file's name ends in .tsv. */
  tsv?: boolean;
  /** Given the column names once the header is read; what it throws ends the reading. */
  onHeader?: (names: string[]) => void;
  /** How far one field may run on before its quote counts as never closed. */
  fieldLimit?: number;
}

/**
 * No article is this long: a field that runs on this far is an unclosed quote, and reading it to
 * the end of a large file would hold the rest of the file in memory.
 */
export const FIELD_LIMIT = 16 * 1024 * 1024;

/**
 * Reads a CSV or TSV file (or its bytes) record by record, streamed. A bad record (a stray
 * quote, more fields than the header, bytes that are not UTF-8) comes out with its line and
 * reason, and the records after it are still read: one bad row must not lose the file. A quoted
 * field that is never closed, or closed in the wrong place, would take the rows after it into
 * itself; reading starts again, with a fresh parser, on the line after the one where it opens.
 */
export async function* csvRecords(input: CsvInput, opts: CsvOptions = {}): AsyncGenerator<CsvRecord> {
  const r: Reading = {
    input,
    tsv: opts.tsv ?? (typeof input === 'string' && extname(input).toLowerCase() === '.tsv'),
    limit: opts.fieldLimit ?? FIELD_LIMIT,
    onHeader: opts.onHeader,
    header: null,
    rows: 0,
  };
  for (let start: Place | null = { byte: 0, line: 1 }; start; ) {
    const pass = new Pass(r, start);
    let end: Ending | null = null;
    try {
      for await (const row of pass.rows()) {
        const line = pass.lineOf(row);
        for (let s = pass.due(row); s; s = pass.due(row)) {
          if (s.lost && !pass.resynced(s, row, line)) {
            end = await pass.reread(s);
            break;
          }
          yield pass.skip(s);
          if (!r.header) return;
        }
        if (!end && pass.cutShort(row)) end = await pass.reread(null);
        if (end) break;
        const record = pass.accept(row, line);
        if (record) yield record;
        if (!r.header) return;
      }
      for (let s = end ? undefined : pass.due(null); s; s = pass.due(null)) {
        if (s.lost) {
          end = await pass.reread(s);
          break;
        }
        yield pass.skip(s);
        if (!r.header) return;
      }
      // Cut short, and nothing came of it: read on all the same.
      if (!end && pass.cut) end = await pass.reread(null);
    } catch (e) {
      if (e !== pass.readError) throw e;
      yield pass.failed(e);
      return;
    } finally {
      pass.close();
    }
    if (end?.told) yield end.told;
    start = end?.next ?? null;
  }
}
