import { createHash } from 'node:crypto';

/** One article as read from the input, before analysis. */
export interface InputRecord {
  id: string;
  /** Where it came from, for failure rows: `file` or `file:line`. */
  origin: string;
  title?: string;
  /** Plain text, or HTML when `html` is set (extracted in the worker, where the CPU is). */
  text?: string;
  html?: boolean;
  url?: string;
  outlet?: string;
  date?: string;
  /** Set when the record could not even be read (malformed line, unreadable file). */
  error?: string;
}

/** What the record's analysis depends on: same hash and model version means same result. */
export function contentHash(r: InputRecord): string {
  return createHash('sha256')
    .update(JSON.stringify([r.title ?? null, r.text ?? '', r.html ?? false, r.url ?? null, r.outlet ?? null, r.date ?? null]))
    .digest('hex')
    .slice(0, 32);
}

/** Input field names for each article attribute (flags --id-field etc.). */
export interface FieldMap {
  id: string;
  title: string;
  text: string;
  url: string;
  outlet: string;
  date: string;
}

export const DEFAULT_FIELDS: FieldMap = { id: 'id', title: 'title', text: 'text', url: 'url', outlet: 'outlet', date: 'date' };

const str = (v: unknown): string | undefined =>
  v === undefined || v === null || v === '' ? undefined : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/**
 * Maps one JSON object or CSV row to a record using the field map. A record without an id is
 * named by its file's name and a hash of its content (`feed.jsonl#3f9c…`): the file's name and
 * line (`feed.jsonl:1`) were the same for files of one name in two folders, so one replaced the
 * other in the store, run after run. Without text it keeps `file:at` (its line or row), so that
 * its failure row names where it is.
 */
export function fromObject(obj: Record<string, unknown>, fields: FieldMap, file: string, at: number, origin: string): InputRecord {
  const text = obj[fields.text];
  const rec: InputRecord = {
    id: str(obj[fields.id]) ?? `${file}:${at}`,
    origin,
    title: str(obj[fields.title]),
    url: str(obj[fields.url]),
    outlet: str(obj[fields.outlet]),
    date: str(obj[fields.date]),
  };
  if (typeof text !== 'string' || !text.trim()) rec.error = `no text in field "${fields.text}"`;
  else {
    rec.text = text;
    if (str(obj[fields.id]) === undefined) rec.id = `${file}#${contentHash(rec).slice(0, 16)}`;
  }
  return rec;
}
