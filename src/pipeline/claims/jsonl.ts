import { statSync } from 'node:fs';
import { UserError } from '../../io/input.ts';
import { linesOf } from '../../io/lines.ts';

/**
 * The evaluation contract's JSONL loop: each line `{"id": …, "text": …}` gets exactly one output
 * line `{"id": …, <key>: score}`, in input order. A bad line gets `{"id": …, "error": …}` (so the
 * output stays aligned), a message naming its line number on stderr, and a non-zero exit at the end.
 * Blank lines are skipped. Returns the number of bad lines.
 */
export async function scoreJsonl(path: string, key: string, score: (text: string) => number): Promise<number> {
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
  const lines = linesOf(path === '-' ? process.stdin : path);
  let lineNo = 0;
  let bad = 0;
  let out = '';
  const flush = async () => {
    if (!process.stdout.write(out)) await new Promise((r) => process.stdout.once('drain', r));
    out = '';
  };
  for await (const line of lines) {
    lineNo++;
    if (line !== null && !line.trim()) continue;
    // (A byte-order mark, which editors on Windows write, is dropped by `linesOf`.)
    const parsed: Parsed = line === null ? { id: null, error: 'not valid UTF-8' } : parseLine(line);
    if ('error' in parsed) {
      bad++;
      process.stderr.write(`unspin: ${name}:${lineNo}: ${parsed.error}\n`);
      out += JSON.stringify({ id: parsed.id, error: parsed.error }) + '\n';
    } else {
      out += JSON.stringify({ id: parsed.id, [key]: Math.round(score(parsed.text) * 1e6) / 1e6 }) + '\n';
    }
    if (out.length > 1 << 16) await flush();
  }
  await flush();
  return bad;
}

type Parsed = { id: string | number; text: string } | { id: string | number | null; error: string };

function parseLine(line: string): Parsed {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { id: null, error: 'not valid JSON' };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { id: null, error: 'expected a JSON object {"id": …, "text": …}' };
  const o = v as Record<string, unknown>;
  const id = typeof o.id === 'string' || typeof o.id === 'number' ? o.id : null;
  if (id === null) return { id: null, error: '"id" must be a string or a number' };
  if (typeof o.text !== 'string') return { id, error: '"text" must be a string' };
  return { id, text: o.text };
}
