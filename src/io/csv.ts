import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { parse, type CsvError } from 'csv-parse';
import { notUtf8 } from './lines.ts';

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

/**
 * Reads a CSV or TSV file record by record. A bad record (a stray quote, more fields than the
 * header, bytes that are not UTF-8) comes out with its line and reason, and the records after it
 * are still read: one bad row must not lose the file.
 */
export async function* csvRecords(path: string): AsyncGenerator<CsvRecord> {
  const tsv = extname(path).toLowerCase() === '.tsv';
  /** Records the parser skipped, in order, waiting for the good records before them to be read. */
  const skipped: CsvError[] = [];
  const parser = createReadStream(path).pipe(
    parse({
      // Fields come as bytes so that each record is decoded strictly on its own: the parser's
      // decoding would put U+FFFD in place of a Latin-1 letter and say nothing.
      encoding: null,
      // A byte-order mark would switch the parser back to decoding; the header drops it instead.
      bom: false,
      delimiter: tsv ? '\t' : ',',
      // TSV files (e.g. PolNeAR's metadata) use no quoting; a stray quote must stay a character.
      quote: tsv ? false : '"',
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      // Two complaints about one line are one bad record.
      on_skip: (e) => {
        const last = skipped.at(-1);
        if (e && !(last && last.records === e.records && last.lines === e.lines)) skipped.push(e);
      },
      // A short row only lacks its last fields; a long one has lost its quoting, and its text with it.
      relax_column_count_less: true,
    }),
  );
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let header: string[] | null = null;
  let badBefore = 0;
  let lastRow = 1;
  /** Where the last record read ends, to place a skipped record that follows it. */
  let lastLine = 0;
  let lastEmpty = 0;
  /**
   * The parser counts a line for each CR and each LF inside a quoted field, so a field's CRLF
   * counts twice: the lines it counted too many so far.
   */
  let overcount = 0;
  const skip = (e: CsvError): CsvRecord => {
    const line = lastLine + 1 + Number(e.empty_lines) - lastEmpty;
    [lastLine, lastEmpty] = [Number(e.lines) - overcount, Number(e.empty_lines)];
    const reason = skipReason(e, line, header?.length ?? 0, tsv);
    lastRow = Number(e.records) + ++badBefore;
    return { row: lastRow, line, fields: {}, error: header ? reason : `${reason}; it is the header, so the file was not read` };
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Uint8Array[]; info: { records: number; lines: number; empty_lines: number } }>) {
      while (skipped.length && Number(skipped[0]!.records) < info.records) {
        yield skip(skipped.shift()!);
        if (!header) return;
      }
      let counted = 0;
      let crlf = 0;
      for (const f of record) {
        counted += count(f, 0x0d) + count(f, 0x0a);
        crlf += countCrlf(f);
      }
      const line = info.lines - overcount - counted;
      overcount += crlf;
      [lastLine, lastEmpty] = [info.lines - overcount, info.empty_lines];
      const values = record.map((f) => decode(decoder, f));
      if (!header) {
        if (values.includes(null)) return yield { row: 1, line, fields: {}, error: `${notUtf8(line)}; it is the header, so the file was not read` };
        header = (values as string[]).map((v, i) => (i === 0 && v.charCodeAt(0) === 0xfeff ? v.slice(1) : v));
        continue;
      }
      const fields: Record<string, string> = {};
      for (const [i, v] of values.entries()) if (v !== null) fields[header[i]!] = v;
      lastRow = info.records + badBefore;
      yield { row: lastRow, line, fields, ...(values.includes(null) ? { error: notUtf8(line) } : {}) };
    }
  } catch (e) {
    // Not a bad record (those are skipped above) but a failed read: say where it stopped.
    yield { row: lastRow + 1, line: lastLine + 1, fields: {}, error: `line ${lastLine + 1}: could not read on, rest of file skipped: ${(e as Error).message}` };
    return;
  }
  while (skipped.length) {
    yield skip(skipped.shift()!);
    if (!header) return;
  }
}

function decode(decoder: TextDecoder, bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

function count(bytes: Uint8Array, byte: number): number {
  let n = 0;
  for (let i = bytes.indexOf(byte); i !== -1; i = bytes.indexOf(byte, i + 1)) n++;
  return n;
}

function countCrlf(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0d); i !== -1; i = bytes.indexOf(0x0d, i + 1)) if (bytes[i + 1] === 0x0a) n++;
  return n;
}

/** The parser's complaint about a record, said as what to fix. */
function skipReason(e: CsvError, line: number, columns: number, tsv: boolean): string {
  switch (e.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return `line ${line} has ${(e.record as unknown[]).length} fields, the header ${columns} (${tsv ? 'a tab inside a field?' : 'a comma in a field that is not quoted?'})`;
    case 'INVALID_OPENING_QUOTE':
      return `line ${line}: a quote inside a field that is not quoted (quote the field and double its quotes: "a ""b"" c")`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `line ${line}: a quoted field goes on after its closing quote (double a quote inside a quoted field: "a ""b"" c")`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return `line ${line}: a quoted field opens here and is never closed, so the rest of the file was read as part of it`;
    default:
      return `line ${line}: ${e.message}`;
  }
}
