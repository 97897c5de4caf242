import { createReadStream } from 'node:fs';

/** The reason given for a line of a JSONL or CSV input that is not UTF-8. */
export const notUtf8 = (line: number) => `line ${line} is not valid UTF-8 text (convert the file first, e.g. with iconv -t utf-8)`;

/**
 * A file's lines (\n, \r\n or \r), or a stream's ("-" for standard input at the callers), read
 * as the consumer asks for them: at most one 64 kB chunk ahead. readline's async iterator queues
 * up to 1,024 lines ahead of its reader; with an article per line those megabytes outlived the
 * young generation's collections, which then grew the batch main thread's young generation to its
 * maximum (about 30 MB). Lines are split as bytes and each decoded as strict UTF-8: a line that is
 * not UTF-8 comes out as null, so that its record fails alone, by its line number, instead of
 * going on with U+FFFD in place of its letters. A byte-order mark opening a line is dropped.
 */
export async function* linesOf(source: string | NodeJS.ReadableStream): AsyncGenerator<string | null> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (bytes: Uint8Array): string | null => {
    try {
      return decoder.decode(bytes);
    } catch {
      return null;
    }
  };
  const input = typeof source === 'string' ? createReadStream(source, { highWaterMark: 64 * 1024 }) : source;
  let tail: Buffer = Buffer.alloc(0);
  for await (const piece of input as AsyncIterable<Buffer | string>) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    const bytes = tail.length ? Buffer.concat([tail, chunk]) : chunk;
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b !== 0x0a && b !== 0x0d) continue;
      // A \r that ends the chunk may be the first half of \r\n: wait for the next chunk.
      if (b === 0x0d && i === bytes.length - 1) break;
      yield decode(bytes.subarray(start, i));
      if (b === 0x0d && bytes[i + 1] === 0x0a) i++;
      start = i + 1;
    }
    tail = bytes.subarray(start);
  }
  if (tail.length) yield decode(tail[tail.length - 1] === 0x0d ? tail.subarray(0, -1) : tail);
}
