import { closeSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import iconv from 'iconv-lite';
import { declaredCharset } from './charset.ts';

/** An error caused by the user's input or arguments: printed as one line, without a stack. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/** The default `--max-size`, written as the option takes it so --help shows a size a person reads. */
export const DEFAULT_MAX_SIZE = '5MB';
export const DEFAULT_MAX_BYTES = parseSize(DEFAULT_MAX_SIZE);

/** Parses `--max-size` values such as `5MB`, `512k` or `1048576` (bytes); at least one byte. */
export function parseSize(value: string): number {
  const m = /^(-?\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(value.trim());
  if (!m) throw new UserError(`--max-size ${value}: use a number of bytes or e.g. 5MB`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  const bytes = Math.floor(Number(m[1]) * mult);
  // A limit under one byte would reject every input, each with an error that blames the input.
  if (bytes < 1) throw new UserError(`--max-size ${value}: use a size of 1 byte or more, e.g. 5MB`);
  return bytes;
}

const UNITS = [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const;

/**
 * A size as the user would write it: "10 bytes", "1 KB", "1.5 MB" (two decimals at most).
 * `up` rounds up, for an input's size, so an input just over a limit never reads as the limit.
 */
export function fmtSize(n: number, up = false): string {
  for (const [unit, size] of UNITS) {
    if (n >= size) return `${(up ? Math.ceil : Math.round)((n / size) * 100) / 100} ${unit}`;
  }
  return n === 1 ? '1 byte' : `${n} bytes`;
}

/** Why `bytes` of input named `name` are too many, or null: one wording for files and records. */
export function overLimit(bytes: number, name: string, maxBytes: number): string | null {
  return bytes > maxBytes ? `${name}: input is ${fmtSize(bytes, true)}, over the ${fmtSize(maxBytes)} limit (raise it with --max-size)` : null;
}

/** Options for reading article bytes: the size limit, and an encoding the user names (`--encoding`). */
export interface DecodeOptions {
  maxBytes?: number;
  encoding?: string;
}

/**
 * The WHATWG name of an encoding label ("latin1" -> "windows-1252"), or a UserError naming the
 * label; what `--encoding` accepts is what TextDecoder knows.
 */
export function encodingName(label: string): string {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    throw new UserError(`unknown encoding "${label}" (use a label such as utf-8, windows-1252, iso-8859-2, koi8-r or shift_jis)`);
  }
}

/**
 * windows-1252 (also what the labels latin1, iso-8859-1 and ascii name), by iconv-lite: Node
 * 20's TextDecoder reads these as ISO-8859-1, so 0x93 became the control character U+0093
 * instead of “ (measured on Node 20.20; windows-1250 and the others are right).
 */
const windows1252 = (bytes: Uint8Array): string => iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), 'windows-1252');

const UTF8_HINT = 'name its encoding with --encoding, e.g. --encoding windows-1252, or convert it first with iconv -t utf-8';

/**
 * Decodes article bytes and rejects what cannot be an article: empty input, binary data, text
 * that is not valid in its encoding and text over `maxBytes`. The encoding is the one named in
 * `opts.encoding`; else UTF-8, or UTF-16 after its byte-order mark (what Windows editors save as
 * "Unicode"). Bytes that are not UTF-8 are read in the charset an HTML page declares, as a
 * browser reads them: saved pages of older news sites are often windows-1252. Valid UTF-8 stays
 * UTF-8 whatever a page declares, since a page in a single-byte charset with letters beyond
 * ASCII almost never reads as valid UTF-8. UTF-32, and UTF-16 without a mark, get an error that
 * names the encoding instead of calling the text binary (its NUL bytes are half the bytes of
 * Latin text). Returns the text and the encoding it was read in.
 */
export function decodeArticle(bytes: Uint8Array, name: string, opts: DecodeOptions = {}): { text: string; encoding: string } {
  const big = overLimit(bytes.length, name, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  if (big) throw new UserError(big);
  const named = opts.encoding ? encodingName(opts.encoding) : null;
  const mark = byteOrderMark(bytes);
  if (!named && mark === 'utf-32') throw new UserError(`${name}: is UTF-32 text (convert it first, e.g. with iconv -f utf-32 -t utf-8)`);
  const wide = named?.startsWith('utf-16') || (!named && mark);
  if (!wide && bytes.indexOf(0) !== -1) {
    const utf16 = utf16WithoutMark(bytes);
    const hint = utf16 ? `looks like UTF-16 text without a byte-order mark (convert it first, e.g. with iconv -f ${utf16} -t utf-8, or give --encoding ${utf16})` : 'looks like binary data (it contains NUL bytes), not text';
    throw new UserError(`${name}: ${hint}`);
  }
  const decode = (encoding: string) => (encoding === 'windows-1252' ? windows1252(bytes) : new TextDecoder(encoding, { fatal: true }).decode(bytes));
  let encoding = named ?? mark ?? 'utf-8';
  let text: string;
  try {
    text = decode(encoding);
  } catch {
    const declared = named || mark ? null : declaredCharset(bytes);
    if (named || mark || !declared || declared === 'utf-8') {
      throw new UserError(named ? `${name}: is not valid ${named} text` : mark ? `${name}: is not valid ${mark.toUpperCase()} text, though it opens as such` : `${name}: is not valid UTF-8 text (${UTF8_HINT})`);
    }
    try {
      text = decode((encoding = declared));
    } catch {
      throw new UserError(`${name}: is neither valid UTF-8 nor valid ${declared}, the charset the page declares (${UTF8_HINT})`);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) throw new UserError(`${name}: looks like binary data (it contains NUL characters), not text`);
  validateText(text, name);
  return { text, encoding };
}

/** The encoding a byte-order mark announces, if any besides UTF-8's (which UTF-8 decoding drops). */
function byteOrderMark(b: Uint8Array): 'utf-16le' | 'utf-16be' | 'utf-32' | null {
  if ((b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) || (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)) return 'utf-32';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

/** Most of the first 200 byte pairs have one NUL byte, always on the same side: Latin text in UTF-16 (its byte order, or null). */
function utf16WithoutMark(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(200, b.length >> 1);
  let even = 0, odd = 0;
  for (let i = 0; i < n; i++) {
    if (b[2 * i] === 0) even++;
    if (b[2 * i + 1] === 0) odd++;
  }
  if (n < 4 || Math.max(even, odd) < 0.6 * n || Math.min(even, odd) > 0.05 * n) return null;
  // "A" is 41 00 in little-endian order: the NUL byte comes second.
  return odd > even ? 'utf-16le' : 'utf-16be';
}

/**
 * Checks decoded text: not empty, not mostly control characters. NUL counts as one too: text
 * that comes as a JSON string (the API, JSONL records) never passes the NUL-byte check of
 * `decodeArticle`, so a string of NULs would otherwise be analysed as an article.
 */
export function validateText(text: string, name = 'input'): void {
  if (!text.trim()) throw new UserError(`${name}: input is empty`);
  const sample = text.slice(0, 4096);
  const controls = sample.match(/[\u0000-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > sample.length * 0.05) throw new UserError(`${name}: looks like binary data, not text`);
}

/** Reads a file, or standard input for "-", as article text (`decodeArticle`), with the encoding it was read in. */
export function readArticleInput(path: string, opts: DecodeOptions = {}): { text: string; encoding: string } {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const decode = (bytes: Uint8Array, name: string) => decodeArticle(bytes, name, { ...opts, maxBytes });
  if (path === '-') return decode(readBounded(0, 'stdin', maxBytes), 'stdin');
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    throw new UserError(`${path}: no such file`);
  }
  if (st.isDirectory()) throw new UserError(`${path}: is a directory, not a text file`);
  const big = overLimit(st.size, path, maxBytes);
  if (big) throw new UserError(big);
  if (st.isFile()) return decode(readFileSync(path), path);
  // A pipe, a device or a socket has no size to check first (/dev/zero, a FIFO): read it up to the limit.
  const fd = openSync(path, 'r');
  try {
    return decode(readBounded(fd, path, maxBytes), path);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads `fd` to its end, but no further than `maxBytes`: an endless or huge stream (`yes | unspin
 * analyze -`, /dev/zero) fails at the limit instead of filling memory (readFileSync read 4 GB of
 * it in 15 s before any check).
 */
function readBounded(fd: number, name: string, maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A non-blocking stdin with nothing yet (EAGAIN) is waited for; EOF on a closed one ends the text.
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > maxBytes) throw new UserError(`${name}: input is over the ${fmtSize(maxBytes)} limit (raise it with --max-size)`);
  }
  return Buffer.concat(chunks, total);
}
