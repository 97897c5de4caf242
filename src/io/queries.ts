import { statSync } from 'node:fs';
import { UserError } from './input.ts';
import { linesOf } from './lines.ts';

/**
 * One line of an evaluation-contract input (`{"id": …, "text": …}`), as read: a query, or why it
 * is not one. `id` is null when the line had no usable id, so that its error line can still name
 * the query when it did.
 */
export type QueryLine = { line: number; id: string | number; text: string } | { line: number; id: string | number | null; error: string };

/**
 * The lines of `path` ("-" for standard input) that the evaluation-contract commands (`claims`,
 * `headline`, `kb search` with `--jsonl`) read, in order. Blank lines are skipped; every other
 * line comes out once, a bad one with its reason, which is also written to stderr with its line
 * number, so the caller only has to print an aligned error line and exit non-zero at the end.
 * A missing file or a folder is one clear error, thrown by this call itself (before a caller
 * spends seconds opening a model or a knowledge base).
 */
export function readQueries(path: string): AsyncGenerator<QueryLine> {
  const name = path === '-' ? 'stdin' : path;
  if (path !== '-') {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new UserError(`${path}: no such file`);
    }
    if (isDir) throw new UserError(`${path}: is a directory, not a JSONL file`);
  }
  return queriesOf(path, name);
}

async function* queriesOf(path: string, name: string): AsyncGenerator<QueryLine> {
  let line = 0;
  for await (const raw of linesOf(path === '-' ? process.stdin : path)) {
    line++;
    if (raw !== null && !raw.trim()) continue;
    // (A byte-order mark, which editors on Windows write, is dropped by `linesOf`.)
    const q = raw === null ? { id: null, error: 'not valid UTF-8' } : parseQuery(raw);
    if ('error' in q) process.stderr.write(`unspin: ${name}:${line}: ${q.error}\n`);
    yield { line, ...q };
  }
}

function parseQuery(raw: string): { id: string | number; text: string } | { id: string | number | null; error: string } {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return { id: null, error: 'not valid JSON' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { id: null, error: 'expected a JSON object {"id": …, "text": …}' };
  const o = v as Record<string, unknown>;
  // Ids are echoed back for a scorer to join on: null, an array or an object would join nothing.
  const id = typeof o.id === 'string' || typeof o.id === 'number' ? o.id : null;
  if (id === null) return { id: null, error: '"id" must be a string or a number' };
  if (typeof o.text !== 'string') return { id, error: '"text" must be a string' };
  // An empty text has no claim or headline to score and nothing to search: a score or an empty
  // list would read as a real answer.
  if (!o.text.trim()) return { id, error: '"text" is empty' };
  return { id, text: o.text };
}
