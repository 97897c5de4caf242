import { readQueries } from '../../io/queries.ts';

/**
 * The evaluation contract's JSONL loop: each line `{"id": …, "text": …}` gets exactly one output
 * line `{"id": …, <key>: score}`, in input order. A bad line gets `{"id": …, "error": …}` (so the
 * output stays aligned), a message naming its line number on stderr (`readQueries`), and a
 * non-zero exit at the end. A line whose "text" is empty or only white space is a bad line too.
 * Blank lines are skipped. Returns the number of bad lines.
 */
export async function scoreJsonl(path: string, key: string, score: (text: string) => number): Promise<number> {
  let bad = 0;
  let out = '';
  const flush = async () => {
    if (!process.stdout.write(out)) await new Promise((r) => process.stdout.once('drain', r));
    out = '';
  };
  for await (const q of readQueries(path)) {
    if ('error' in q) {
      bad++;
      out += JSON.stringify({ id: q.id, error: q.error }) + '\n';
    } else {
      out += JSON.stringify({ id: q.id, [key]: Math.round(score(q.text) * 1e6) / 1e6 }) + '\n';
    }
    if (out.length > 1 << 16) await flush();
  }
  await flush();
  return bad;
}
