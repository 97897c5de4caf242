import { readFileSync } from 'node:fs';
import { hash32 } from '../learn/linear.ts';
import { UserError, decodeArticle } from '../io/input.ts';
import { upsertEntries, type DB, type Entry } from './db.ts';
import { refreshStats } from './stats.ts';
import { EUVS_VERDICT, isCalendarDate, slugOf, usDateToIso } from './loaders/euvsdisinfo.ts';
import { csvRecords } from '../io/csv.ts';
import { BUILT_IN_KBS } from './build.ts';

export const IMPORT_FORMATS = ['claimreview', 'euvsdisinfo-csv', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportResult {
  imported: number;
  skipped: Array<{ line: number; reason: string }>;
  /** Records imported without a field that could not be read (an impossible date). */
  notes: Array<{ line: number; reason: string }>;
}

/** A record read: its entry, or why it is skipped; `note`, what was left out of an entry that goes in. */
type Parsed = { line: number; entry?: Entry; error?: string; note?: string };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null);
const nameOf = (v: unknown): string | null => (Array.isArray(v) ? nameOf(v[0]) : v && typeof v === 'object' ? str((v as { name?: unknown }).name) : str(v));
/**
 * A record's date as YYYY-MM-DD (from an ISO 8601 date or date-time), or why it is left out: a
 * date that is no calendar date ("2024-02-30", "2024-13-45") or not written as ISO ("yesterday")
 * was stored as written, and reports showed it.
 */
function readDate(v: unknown): { date: string | null; note?: string } {
  const s = str(v);
  if (!s) return { date: null };
  const day = s.slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}(?:$|[T ])/.test(s) && isCalendarDate(day)) return { date: day };
  return { date: null, note: `date ${JSON.stringify(s)} is no calendar date (YYYY-MM-DD): imported without a date` };
}

/** JSON lines, each parsed on its own so one bad line costs only itself. */
type JsonLine = { line: number; value?: unknown; error?: string };
function jsonLines(text: string): JsonLine[] {
  return text.split('\n').flatMap((raw, i): JsonLine[] => {
    if (!raw.trim()) return [];
    try {
      return [{ line: i + 1, value: JSON.parse(raw) as unknown }];
    } catch (e) {
      return [{ line: i + 1, error: `invalid JSON (${(e as Error).message})` }];
    }
  });
}

/** One ClaimReview (schema.org, as fact-checkers publish it in JSON-LD) to an entry, and what was left out of it. */
function fromClaimReview(v: unknown, kb: string): { entry: Entry; note?: string } | string {
  if (!v || typeof v !== 'object') return 'not a JSON object';
  const r = v as Record<string, unknown>;
  const type = r['@type'];
  if (type !== undefined && type !== 'ClaimReview' && !(Array.isArray(type) && type.includes('ClaimReview'))) return `@type is ${JSON.stringify(type)}, not ClaimReview`;
  const claim = str(r.claimReviewed);
  if (!claim) return 'no claimReviewed';
  const rating = (r.reviewRating ?? {}) as Record<string, unknown>;
  const item = (r.itemReviewed ?? {}) as Record<string, unknown>;
  const url = str(r.url);
  const { date, note } = readDate(str(r.datePublished) ?? item.datePublished);
  const entry = {
    kb,
    id: url ?? `claim-${hash32(claim).toString(36)}`,
    title: claim,
    claim,
    verdict: str(rating.alternateName) ?? (rating.ratingValue !== undefined ? `${str(rating.ratingValue)}/${str(rating.bestRating) ?? '?'}` : null),
    speaker: nameOf(item.author),
    url,
    date,
    summary: str(r.reviewBody) ?? str(r.description),
    outlets: nameOf(r.author),
  };
  return note ? { entry, note } : { entry };
}

/**
 * A ClaimReview is filed under its review's url, but one page may review several claims (a
 * round-up): when a file gives a url to reviews of different claims, each is filed under the url
 * plus a hash of its claim, so that none replaces another. Ids depend on the file alone, so a
 * second import of it changes nothing.
 */
function separateSharedUrls(parsed: Parsed[]): Parsed[] {
  const claims = new Map<string, Set<string>>();
  for (const p of parsed) if (p.entry?.url) claims.set(p.entry.id, (claims.get(p.entry.id) ?? new Set()).add(p.entry.claim ?? p.entry.title));
  return parsed.map((p) => {
    const e = p.entry;
    if (!e?.url || claims.get(e.id)!.size < 2) return p;
    return { ...p, entry: { ...e, id: `${e.url}#claim-${hash32(e.claim ?? e.title).toString(36)}` } };
  });
}

function parseClaimReview(text: string, kb: string): Parsed[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !/\}\s*\n\s*\{/.test(text))) {
    // A whole JSON-LD document: an array, a single object, or an object with @graph.
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new UserError(`not valid JSON: ${(e as Error).message} (ClaimReview import takes a JSON-LD document or one JSON object per line)`);
    }
    const items = Array.isArray(doc) ? doc : Array.isArray((doc as { '@graph'?: unknown })['@graph']) ? ((doc as { '@graph': unknown[] })['@graph']) : [doc];
    // Records of a single document have no line of their own: report the line where each starts.
    const starts = recordStartLines(text, items.length);
    return separateSharedUrls(items.map((v, i) => {
      const e = fromClaimReview(v, kb);
      return typeof e === 'string' ? { line: starts[i] ?? 1, error: `record ${i + 1}: ${e}` } : { line: starts[i] ?? 1, ...e };
    }));
  }
  return separateSharedUrls(jsonLines(text).map(({ line, value, error }) => {
    if (error) return { line, error };
    const e = fromClaimReview(value, kb);
    return typeof e === 'string' ? { line, error: e } : { line, ...e };
  }));
}

/** Lines where the top-level objects of a JSON array (or @graph) begin, by brace depth. */
function recordStartLines(text: string, n: number): number[] {
  const out: number[] = [];
  let depth = 0, line = 1, inStr = false, esc = false;
  const base = /^\s*\{\s*"@context"[\s\S]*?"@graph"\s*:/.test(text) ? 2 : 1;
  for (const ch of text) {
    if (ch === '\n') line++;
    if (inStr) {
      if (esc) esc = false;
      else if (ch === '\\') esc = true;
      else if (ch === '"') inStr = false;
      continue;
    }
    if (ch === '"') inStr = true;
    else if (ch === '{' || ch === '[') {
      if (ch === '{' && depth === base) out.push(line);
      depth++;
    } else if (ch === '}' || ch === ']') depth--;
    if (out.length >= n) break;
  }
  return out;
}

/** Why `name` cannot name a catalogue, or null: it is shown in reports and typed in `--kb` lists. */
export function catalogueNameProblem(name: string): string | null {
  return /^[\w.-]{1,40}$/.test(name) ? null : 'a catalogue name is at most 40 letters, digits, ".", "_" or "-"';
}

/**
 * The catalogue a JSONL record goes into: its own "kb" field, else the import's. A record's field
 * is checked as `--kb` is, and may not name a built-in catalogue that `--kb` did not: one line
 * with the id of a built-in case would otherwise replace that case, silently, in every report.
 */
function recordKb(v: unknown, kb: string, explicitKb: string | undefined): string | { error: string } {
  if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) return kb;
  const own = str(v);
  if (own === null) return { error: '"kb" must be a catalogue name' };
  const problem = catalogueNameProblem(own);
  if (problem) return { error: `"kb" ${JSON.stringify(own)}: ${problem}` };
  if (BUILT_IN_KBS.includes(own) && own !== explicitKb) return { error: `"kb" ${JSON.stringify(own)} is a built-in catalogue: a record may not write into it (import with --kb ${own} to update it)` };
  return own;
}

/** Our own JSONL: one entry per line, `id` and `title` (or `claim`) required. */
function parseJsonl(text: string, kb: string, explicitKb?: string): Parsed[] {
  return jsonLines(text).map(({ line, value, error }) => {
    if (error) return { line, error };
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { line, error: 'not a JSON object' };
    const r = value as Record<string, unknown>;
    const id = str(r.id);
    const title = str(r.title) ?? str(r.claim);
    if (!id) return { line, error: 'no "id"' };
    if (!title) return { line, error: 'no "title" or "claim"' };
    const into = recordKb(r.kb, kb, explicitKb);
    if (typeof into !== 'string') return { line, error: into.error };
    const { date, note } = readDate(r.date);
    return {
      line,
      ...(note ? { note } : {}),
      entry: {
        kb: into, id, title, claim: str(r.claim), summary: str(r.summary), disproof: str(r.disproof),
        verdict: str(r.verdict), narrative: str(r.narrative), speaker: str(r.speaker), url: str(r.url), date,
        keywords: str(r.keywords), outlets: str(r.outlets), languages: str(r.languages),
      },
    };
  });
}

/**
 * A CSV in either EUvsDisinfo layout (2015-2021 metadata, or 2015-2017 with summary and disproof).
 * An unreadable row is reported by the line it starts on and skipped, and the rows after it are
 * read (`csvRecords`, which also reads on after a quote that is never closed); a date that is no
 * calendar date is reported and left out, and its record goes in without it.
 */
async function parseEuvsCsv(bytes: Uint8Array, kb: string): Promise<Parsed[]> {
  const parsed: Parsed[] = [];
  const onHeader = (names: string[]) => {
    if (!names.includes('title')) throw new UserError('no "title" column: this is not an EUvsDisinfo CSV (expected the columns of euvsdisinfo.eu exports, e.g. date,id,title,...)');
  };
  for await (const { row, line, fields, error } of csvRecords(bytes, { tsv: false, onHeader })) {
    if (error && row === 1) throw new UserError(`not a readable CSV: ${error}`);
    parsed.push(error ? { line, error: `unreadable row: ${error}` } : euvsRecord(fields, line, kb));
  }
  return parsed;
}

function euvsRecord(r: Record<string, string>, line: number, kb: string): Parsed {
  const title = str(r.title);
  if (!title) return { line, error: 'empty title' };
  const given = r.date?.trim();
  const date = given && /^\d{4}-\d{2}-\d{2}$/.test(given) ? (isCalendarDate(given) ? given : null) : usDateToIso(r.date);
  if (given && date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) return { line, error: `unreadable date "${r.date}"` };
  const url = str(r.id) ?? str(r.url);
  const plus = (s: string | undefined) => str(s?.replace(/\+/g, ', '));
  return {
    line,
    ...(given && !date ? { note: `date "${given}" is no calendar date: imported without a date` } : {}),
    entry: {
      kb, id: url ? slugOf(url) : `csv-${hash32(`${date}|${title}|${r.summary ?? ''}`).toString(36)}`,
      title, url: url && /^https?:/.test(url) ? url : null, date, verdict: EUVS_VERDICT,
      summary: str(r.summary), disproof: str(r.disproof),
      keywords: plus(r.keywords), languages: plus(r.languages ?? r.language), outlets: plus(r.outlets ?? r.outlet),
    },
  };
}

/**
 * Imports a user's catalogue into the KB. Idempotent (entries are keyed by kb and id); each
 * malformed record is reported with its line and skipped, and the rest goes in. `kb` is the
 * catalogue the user chose (`--kb`), checked by the caller (`catalogueNameProblem`).
 */
export async function importFile(db: DB, path: string, format: ImportFormat, kb?: string, encoding?: string): Promise<ImportResult> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`${path}: ${(e as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a directory, not a file' : 'no such file'}`);
  }
  // As article input: binary data, another encoding than the one named (read as UTF-8 a
  // spreadsheet's windows-1252 export would import mangled titles) and an empty file are one clear
  // error; a byte-order mark is dropped, not a bad line 1.
  const { text } = decodeArticle(bytes, path, { maxBytes: Infinity, encoding });
  const parsed =
    format === 'claimreview' ? parseClaimReview(text, kb ?? 'claimreview')
    : format === 'euvsdisinfo-csv' ? await parseEuvsCsv(Buffer.from(text), kb ?? 'euvsdisinfo')
    : parseJsonl(text, kb ?? 'user', kb);
  // A record filed under the (catalogue, id) of an earlier one in the file replaces it: said, and
  // counted once, so that the count is what the KB gained.
  const firstLine = new Map<string, number>();
  const replaced: Array<{ line: number; reason: string }> = [];
  for (const p of parsed) {
    if (!p.entry) continue;
    const key = `${p.entry.kb}\u0000${p.entry.id}`;
    const first = firstLine.get(key);
    if (first === undefined) firstLine.set(key, p.line);
    else replaced.push({ line: p.line, reason: `id ${JSON.stringify(p.entry.id)} again (first on line ${first}): this record replaces that one` });
  }
  const good = parsed.filter((p) => p.entry).map((p) => p.entry!);
  if (good.length) {
    upsertEntries(db, good);
    refreshStats(db);
  }
  return {
    imported: firstLine.size,
    skipped: parsed.filter((p) => p.error).map((p) => ({ line: p.line, reason: p.error! })),
    notes: [...parsed.filter((p) => p.note).map((p) => ({ line: p.line, reason: p.note! })), ...replaced].sort((a, b) => a.line - b.line),
  };
}
