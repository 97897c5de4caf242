import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** Reads a CSV/TSV file with a header row into records keyed by column name. */
export function readTable(path: string, delimiter = ','): Record<string, string>[] {
  return parse(readFileSync(path), {
    columns: (header: string[]) => header.map((h, i) => h || `col${i}`),
    delimiter,
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
}

/** Reads a headerless TSV file (LIAR) into arrays of fields; quotes are literal there. */
export function readRows(path: string): string[][] {
  return parse(readFileSync(path), { delimiter: '\t', quote: false, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

const blank = (s: string | undefined): string | null => (s && s.trim() ? s.trim() : null);
export { blank };
