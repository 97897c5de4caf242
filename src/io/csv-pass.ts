import { Readable, type TransformCallback } from 'node:stream';
import { Parser, type CsvError, type Options } from 'csv-parse';
import { fmtSize } from './input.ts';
import { notUtf8 } from './lines.ts';
import { bytesFrom, lineAfter, type CsvInput, type Place } from './csv-source.ts';
import { lostReason, skipReason, tooManyFields } from './csv-reasons.ts';
import type { CsvRecord } from './csv.ts';

/** What all readings of one input share. */
export interface Reading {
  input: CsvInput;
  tsv: boolean;
  /** How far one field may run on before its quote counts as never closed. */
  limit: number;
  onHeader?: (names: string[]) => void;
  header: string[] | null;
  /** Records given out, the header included. */
  rows: number;
}

/** A record as the parser gives it, fields as bytes. */
export type Row = { record: Uint8Array[]; info: { records: number; lines: number; empty_lines: number; bytes: number } };

/** A record the parser skipped: its first complaint, and the first that leaves its quoting unknown. */
export interface Skip {
  e: CsvError;
  lost?: CsvError;
}

/** How a reading ended early: the record to tell of, if any, and where the next reading starts. */
export interface Ending {
  told: CsvRecord | null;
  next: Place | null;
}

/** After these, csv-parse's idea of which quotes open and close fields can no longer be trusted. */
const LOST = new Set(['CSV_INVALID_CLOSING_QUOTE', 'CSV_QUOTE_NOT_CLOSED']);

/**
 * csv-parse's stream parser, told to stop where one field has run on for `limit` bytes: an
 * unclosed quote is otherwise found out only at the end of the file, with all of it in memory.
 */
class CappedParser extends Parser {
  private fed = 0;
  /** The parser's last progress (a field, a record or a blank line read) and the bytes fed before it. */
  private mark = { bytes: 0, empty: 0, fed: 0 };
  /** Where the field that ran on opens (as `info.bytes` counts), once reading has stopped. */
  cutAt = -1;
  constructor(options: Options, private readonly limit: number, private readonly onCut: () => void) {
    super(options);
  }
  override _transform(chunk: Buffer, encoding: BufferEncoding, done: TransformCallback): void {
    if (this.cutAt >= 0) return done();
    const before = this.fed;
    this.fed += chunk.length;
    super._transform(chunk, encoding, (err?: Error | null) => {
      const { bytes, empty_lines: empty } = this.info;
      if (bytes !== this.mark.bytes || empty !== this.mark.empty) this.mark = { bytes, empty, fed: before };
      else if (!err && this.fed - this.mark.fed > this.limit) {
        // `info.bytes` is where the last field or record ended: the open field starts there.
        this.cutAt = bytes;
        this.onCut();
      }
      done(err);
    });
  }
}

/**
 * One parser's reading of the input, from `start` (a line start) on. It keeps the line numbers:
 * a record's first line, told from where the parser stands when it ends.
 */
export class Pass {
  readonly parser: CappedParser;
  private readonly source: Readable;
  /** Records the parser skipped, in order, waiting for the good records before them to be read. */
  private readonly skipped: Skip[] = [];
  /** What stopped the reading, if it failed. */
  readError: unknown;
  private readonly base: number;
  /** The last line of the last record read. */
  private lastLine: number;
  private lastEmpty = 0;
  /**
   * The parser counts a line for each CR and each LF inside a quoted field, so a field's CRLF
   * counts twice: the lines it counted too many so far.
   */
  private overcount = 0;
  /** Where the last good record ends: lines to a bad one are counted from there. */
  private ref: Place;

  constructor(private readonly r: Reading, private readonly start: Place) {
    this.base = this.lastLine = start.line - 1;
    this.ref = start;
    const source = (this.source = Readable.from(bytesFrom(r.input, start.byte), { objectMode: false }));
    const parser = (this.parser = new CappedParser(
      {
        // Fields come as bytes so that each record is decoded strictly on its own: the parser's
        // decoding would put U+FFFD in place of a Latin-1 letter and say nothing.
        encoding: null,
        // A byte-order mark would switch the parser back to decoding; the header drops it instead.
        bom: false,
        delimiter: r.tsv ? '\t' : ',',
        // TSV files (e.g. PolNeAR's metadata) use no quoting; a stray quote must stay a character.
        quote: r.tsv ? false : '"',
        info: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        // Field counts are checked here, against the header: a fresh parser knows no header.
        relax_column_count: true,
        on_skip: (e) => e && this.complaint(e),
      },
      r.limit,
      () => {
        source.unpipe(parser);
        source.destroy();
        parser.end();
      },
    ));
    source.on('error', (e) => parser.destroy(e));
    parser.on('error', (e) => (this.readError = e));
    source.pipe(parser);
  }

  /** Two complaints about one line are one bad record. */
  private complaint(e: CsvError): undefined {
    const last = this.skipped.at(-1);
    const lost = LOST.has(e.code);
    if (!(last && last.e.records === e.records && last.e.lines === e.lines)) this.skipped.push(lost ? { e, lost: e } : { e });
    else if (lost) last.lost ??= e;
  }

  rows(): AsyncIterable<Row> {
    return this.parser as AsyncIterable<Row>;
  }

  close(): void {
    this.source.destroy();
    this.parser.destroy();
  }

  /** The next skipped record that came before `row` (or before the end, for null). */
  due(row: Row | null): Skip | undefined {
    const next = this.skipped[0];
    return next && (!row || Number(next.e.records) < row.info.records) ? this.skipped.shift() : undefined;
  }

  /** The line `row` starts on. */
  lineOf({ record, info }: Row): number {
    let counted = 0;
    for (const f of record) counted += count(f, CR) + count(f, LF);
    return this.base + info.lines - this.overcount - counted;
  }

  private badLine(empty: unknown): number {
    return this.lastLine + 1 + Number(empty) - this.lastEmpty;
  }

  /**
   * Whether a record with a quote in the wrong place ended on the one line where it starts, with
   * `row` (starting on `line`) right after it: the parser found the right end, nothing is lost.
   * "He said "no" today" is the usual such field; reading again is kept for what runs on.
   */
  resynced(s: Skip, row: Row, line: number): boolean {
    const e = s.lost!;
    if (e.code !== 'CSV_INVALID_CLOSING_QUOTE' || this.skipped.some((t) => Number(t.e.records) < row.info.records)) return false;
    const errLine = this.base + Number(e.lines) - this.overcount;
    return this.badLine(s.e.empty_lines) === errLine && line === errLine + 1 + row.info.empty_lines - Number(e.empty_lines);
  }

  private headerError(line: number, reason: string): CsvRecord {
    return { row: 1, line, fields: {}, error: `${reason}; it is the header, so the file was not read` };
  }

  /** A record the parser skipped, whose end it has found. */
  skip({ e, lost }: Skip): CsvRecord {
    const line = this.badLine(e.empty_lines);
    this.lastLine = this.base + Number(e.lines) - this.overcount;
    this.lastEmpty = Number(e.empty_lines);
    // Only a quote in the wrong place that the parser got past on the same line is given out here.
    const reason = lost === e ? lostReason(e, line, line, null) : skipReason(e, line);
    return this.r.header ? { row: ++this.r.rows, line, fields: {}, error: reason } : this.headerError(line, reason);
  }

  /** Whether `row` is what was read of a field that ran on, cut short: not a record. */
  cutShort(row: Row): boolean {
    return this.parser.cutAt >= 0 && row.info.bytes > this.parser.cutAt;
  }

  get cut(): boolean {
    return this.parser.cutAt >= 0;
  }

  /**
   * Ends this reading at a quoted field that is never closed (`s`, or the field cut short when
   * null): the record to tell of, and the line after the one where the field opens, to read on from.
   */
  async reread(s: Skip | null): Promise<Ending> {
    const e = s?.lost ?? null;
    const errLine = e ? this.base + Number(e.lines) - this.overcount : 0;
    const line = this.badLine((s?.e ?? this.parser.info).empty_lines);
    const cut = this.cut ? fmtSize(this.r.limit) : null;
    const reason = (opens: number) => (s && s.e !== e ? skipReason(s.e, line) : lostReason(e, opens, errLine, cut));
    if (!this.r.header) return { told: this.headerError(line, reason(line)), next: null };
    let found;
    try {
      found = await lineAfter(this.r.input, this.ref, this.start.byte + (e ? Number(e.bytes) : this.parser.cutAt));
    } catch (err) {
      return { told: this.failed(err), next: null };
    }
    const { line: opens, next } = found;
    // A field that opens no later than the last bad record's error is part of that record, already told.
    const told = opens > this.lastLine ? { row: ++this.r.rows, line: Math.min(line, opens), fields: {}, error: reason(opens) } : null;
    return { told, next };
  }

  /** A good record, or the header (null), or the header's error. */
  accept(row: Row, line: number): CsvRecord | null {
    const { record, info } = row;
    for (const f of record) this.overcount += countCrlf(f);
    this.lastLine = this.base + info.lines - this.overcount;
    this.lastEmpty = info.empty_lines;
    this.ref = { byte: this.start.byte + info.bytes, line: this.lastLine + 1 };
    const values = record.map(decode);
    const { r } = this;
    if (!r.header) {
      if (values.includes(null)) return this.headerError(line, notUtf8(line));
      r.header = (values as string[]).map((v, i) => (i === 0 && v.charCodeAt(0) === 0xfeff ? v.slice(1) : v));
      r.rows = 1;
      r.onHeader?.(r.header);
      return null;
    }
    if (record.length > r.header.length) return { row: ++r.rows, line, fields: {}, error: tooManyFields(line, record.length, r.header.length, r.tsv) };
    const fields: Record<string, string> = {};
    for (const [i, v] of values.entries()) if (v !== null) fields[r.header[i]!] = v;
    return { row: ++r.rows, line, fields, ...(values.includes(null) ? { error: notUtf8(line) } : {}) };
  }

  /** Not a bad record but a failed read: where it stopped. */
  failed(e: unknown): CsvRecord {
    const line = this.lastLine + 1;
    return { row: this.r.rows + 1, line, fields: {}, error: `line ${line}: could not read on, rest of file skipped: ${(e as Error).message}` };
  }
}

const CR = 0x0d;
const LF = 0x0a;
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decode(bytes: Uint8Array): string | null {
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
  for (let i = bytes.indexOf(CR); i !== -1; i = bytes.indexOf(CR, i + 1)) if (bytes[i + 1] === LF) n++;
  return n;
}
