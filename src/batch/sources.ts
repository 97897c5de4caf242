import { createReadStream, statSync } from 'node:fs';
import { opendir, readFile } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { UserError, decodeArticle, overLimit, DEFAULT_MAX_BYTES } from '../io/input.ts';
import { linesOf, notUtf8 } from '../io/lines.ts';
import { FIELD_LIMIT, csvRecords } from '../io/csv.ts';
import { fromObject, type FieldMap, type InputRecord } from './record.ts';

export interface SourceOptions {
  fields: FieldMap;
  maxBytes?: number;
  /** The encoding of a folder's files (`--encoding`); JSONL and CSV are UTF-8. */
  encoding?: string;
  /** CSV/TSV with one row per file of a folder input (outlet, date, url), joined on the id field. */
  metadata?: string;
}

type Kind = 'folder' | 'jsonl' | 'csv';

function kindOf(path: string): Kind {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new UserError(`${path}: no such file or folder`);
  }
  if (st.isDirectory()) return 'folder';
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  throw new UserError(`${path}: unknown input type (use a folder of .txt/.html files, a .jsonl or a .csv/.tsv file)`);
}

/** Checks every input (and the metadata file) up front so a typo fails before any work starts or a database is made. */
export function checkInputs(inputs: string[], metadata?: string): void {
  if (!inputs.length) throw new UserError('no input given (a folder, a .jsonl or a .csv file)');
  for (const p of inputs) kindOf(p);
  if (metadata !== undefined) checkMetadata(metadata);
}

function checkMetadata(path: string): void {
  if (!/\.(csv|tsv)$/i.test(path)) throw new UserError(`--metadata ${path}: use a .csv or .tsv file`);
  if (kindOf(path) !== 'csv') throw new UserError(`--metadata ${path}: use a .csv or .tsv file, not a folder`);
}

/**
 * Streams the records of all inputs in order; memory grows only by the ids seen (an entry of
 * about 150 bytes an article, measured with 36-character paths), kept so that two records never share one.
 */
export async function* readInputs(inputs: string[], opts: SourceOptions): AsyncGenerator<InputRecord> {
  const meta = opts.metadata ? await readMetadata(opts.metadata, opts.fields) : null;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  /** Where each id was first read. */
  const firstOrigin = new Map<string, string>();
  for (const input of inputs) {
    const kind = kindOf(input);
    const records = kind === 'folder' ? readFolder(input, opts, meta) : kind === 'jsonl' ? readJsonl(input, opts.fields, maxBytes) : readCsv(input, opts.fields, maxBytes);
    for await (const rec of records) {
      const first = firstOrigin.get(rec.id);
      if (first === undefined) {
        firstOrigin.set(rec.id, rec.origin);
        yield rec;
        continue;
      }
      // Stored under one id, the two would overwrite each other, and each rerun would redo the
      // one not stored last. The first keeps the id, so reruns agree; the later one fails under
      // a name of its own (its file, or file:line), lest the first one's success delete the row.
      const name = kind === 'folder' ? slashed(relative(input, rec.origin)) : basename(rec.origin);
      yield { id: name, origin: rec.origin, error: `duplicate id "${rec.id}", already used by ${first}` };
    }
  }
}

/** Approximate record count, for the progress bar's ETA only: one cheap streaming pass. */
export async function countInputs(inputs: string[]): Promise<number> {
  let n = 0;
  for (const input of inputs) {
    const kind = kindOf(input);
    if (kind === 'folder') {
      for await (const _ of walk(input)) n++;
    } else {
      let lines = 0;
      let last = 10;
      for await (const chunk of createReadStream(input) as AsyncIterable<Buffer>) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        last = chunk[chunk.length - 1] ?? last;
      }
      if (last !== 10) lines++;
      n += kind === 'csv' ? Math.max(0, lines - 1) : lines;
    }
  }
  return n;
}

const ARTICLE_EXT = new Set(['.txt', '.html', '.htm']);

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = [];
  for await (const e of await opendir(dir)) entries.push(e);
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* walk(path);
    else if (e.isFile() && ARTICLE_EXT.has(extname(e.name).toLowerCase())) yield path;
  }
}

async function* readFolder(dir: string, opts: SourceOptions, meta: Map<string, Record<string, string>> | null) {
  for await (const path of walk(dir)) {
    // A file in a subfolder keeps its path in its id ("2024-01/index"): folders of index.html
    // files are common. A file at the top keeps its bare name, as ids always were.
    const name = slashed(relative(dir, path));
    const id = name.slice(0, name.length - extname(name).length);
    const rec: InputRecord = { id, origin: path };
    // Metadata files usually list bare file names, with or without the extension: those still
    // match a file in a subfolder.
    const m = meta?.get(id) ?? meta?.get(name) ?? meta?.get(basename(path, extname(path))) ?? meta?.get(basename(path));
    if (m) Object.assign(rec, { url: m[opts.fields.url] || undefined, outlet: m[opts.fields.outlet] || undefined, date: m[opts.fields.date] || undefined });
    try {
      rec.text = decodeArticle(await readFile(path), relative(process.cwd(), path) || path, { maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES, encoding: opts.encoding }).text;
      rec.html = extname(path).toLowerCase() !== '.txt';
    } catch (e) {
      rec.error = (e as Error).message;
    }
    yield rec;
  }
}

/** A relative path with / between its parts on every system, as ids and failure names use it. */
const slashed = (rel: string) => rel.split(sep).join('/');

/** A record whose text is over --max-size fails as a file over it does. */
function limited(rec: InputRecord, line: number, maxBytes: number): InputRecord {
  const big = rec.text === undefined || rec.error ? null : overLimit(Buffer.byteLength(rec.text), `line ${line}`, maxBytes);
  if (big) {
    delete rec.text;
    rec.error = big;
  }
  return rec;
}

async function* readJsonl(path: string, fields: FieldMap, maxBytes: number): AsyncGenerator<InputRecord> {
  const lines = linesOf(path);
  const base = basename(path);
  let n = 0;
  for await (const line of lines) {
    n++;
    const origin = `${path}:${n}`;
    const fallbackId = `${base}:${n}`;
    if (line === null) {
      yield { id: fallbackId, origin, error: notUtf8(n) };
      continue;
    }
    if (!line.trim()) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      yield { id: fallbackId, origin, error: `line ${n} is not valid JSON (${(e as Error).message})` };
      continue;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
      yield { id: fallbackId, origin, error: `line ${n} is not a JSON object` };
      continue;
    }
    yield limited(fromObject(obj as Record<string, unknown>, fields, base, n, origin), n, maxBytes);
  }
}

async function* readCsv(path: string, fields: FieldMap, maxBytes: number): AsyncGenerator<InputRecord> {
  const base = basename(path);
  // A record --max-size allows must not be taken for an unclosed quote and cut into rows.
  for await (const r of csvRecords(path, { fieldLimit: Math.max(FIELD_LIMIT, 2 * maxBytes) })) {
    const rec = fromObject(r.fields, fields, base, r.row, `${path}:${r.line}`);
    // A bad record keeps the id it can still be read with, so fixing it later replaces its failure.
    if (r.error) {
      delete rec.text;
      rec.error = r.error;
    }
    yield limited(rec, r.line, maxBytes);
  }
}

async function readMetadata(path: string, fields: FieldMap): Promise<Map<string, Record<string, string>>> {
  checkMetadata(path);
  const byId = new Map<string, Record<string, string>>();
  for await (const r of csvRecords(path)) {
    // Metadata is read before any work starts, so a bad row stops the run rather than misdate articles.
    if (r.error) throw new UserError(`--metadata ${path}: ${r.error}`);
    const id = r.fields[fields.id];
    if (id === undefined) throw new UserError(`--metadata ${path}: no column "${fields.id}" (set it with --id-field)`);
    byId.set(id, r.fields);
  }
  return byId;
}
