import type { CsvError } from 'csv-parse';

/** How to write a quote inside a quoted field, as the reasons below show it. */
const DOUBLE = 'double a quote inside a quoted field: "a ""b"" c"';

/** The parser's complaint about a record it skipped, said as what to fix. */
export function skipReason(e: CsvError, line: number): string {
  if (e.code === 'INVALID_OPENING_QUOTE') return `line ${line}: a quote inside a field that is not quoted (quote the field and double its quotes: "a ""b"" c")`;
  return `line ${line}: ${e.message}`;
}

/** A record with more fields than the header: its text is split where it should not be. */
export function tooManyFields(line: number, fields: number, columns: number, tsv: boolean): string {
  return `line ${line} has ${fields} fields, the header ${columns} (${tsv ? 'a tab inside a field?' : 'a comma in a field that is not quoted?'})`;
}

/**
 * Why a record with a quoted field that opens on line `opens` and is not closed where it should
 * be was dropped, the lines after `opens` being read again as rows. `e` is the parser's
 * complaint (its line `errLine`), null when reading stopped after a field ran on for `cutAt`.
 */
export function lostReason(e: CsvError | null, opens: number, errLine: number, cutAt: string | null): string {
  if (!e) return `line ${opens}: a field opens here and runs on for over ${cutAt} without a line break`;
  if (e.code === 'CSV_INVALID_CLOSING_QUOTE') {
    return errLine > opens
      ? `line ${opens}: a quoted field opens here and runs on to line ${errLine}, where a quote is followed by text (close the field, or ${DOUBLE})`
      : `line ${opens}: a quoted field goes on after its closing quote (${DOUBLE})`;
  }
  if (cutAt) return `line ${opens}: a quoted field opens here and is not closed within ${cutAt} (close it, or ${DOUBLE})`;
  return `line ${opens}: a quoted field opens here and is never closed (close it, or ${DOUBLE})`;
}
