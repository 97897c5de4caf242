import { readFileSync, statSync } from 'node:fs';

/** An error caused by the user's input or arguments: printed as one line, without a stack. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** Parses sizes such as `5MB`, `512k` or `1048576` (bytes). */
export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(value.trim());
  if (!m) throw new UserError(`invalid size "${value}": use a number of bytes or e.g. 5MB`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * mult);
}

const fmtSize = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

/**
 * Decodes article bytes as strict UTF-8 text and rejects what cannot be an article:
 * empty input, binary data, invalid UTF-8 and text over `maxBytes`.
 */
export function decodeText(bytes: Uint8Array, name: string, maxBytes = DEFAULT_MAX_BYTES): string {
  if (bytes.length > maxBytes) {
    throw new UserError(`${name}: input is ${fmtSize(bytes.length)}, over the ${fmtSize(maxBytes)} limit (raise it with --max-size)`);
  }
  if (bytes.indexOf(0) !== -1) throw new UserError(`${name}: looks like binary data (it contains NUL bytes), not text`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${name}: is not valid UTF-8 text (convert it first, e.g. with iconv -t utf-8)`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  validateText(text, name);
  return text;
}

/** Checks decoded text: not empty, not mostly control characters. */
export function validateText(text: string, name = 'input'): void {
  if (!text.trim()) throw new UserError(`${name}: input is empty`);
  const sample = text.slice(0, 4096);
  const controls = sample.match(/[\u0001-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > sample.length * 0.05) throw new UserError(`${name}: looks like binary data, not text`);
}

/** Reads a file, or standard input for "-", as article text. */
export function readTextInput(path: string, maxBytes = DEFAULT_MAX_BYTES): string {
  if (path === '-') return decodeText(readFileSync(0), 'stdin', maxBytes);
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError(`${path}: is a directory, not a text file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${path}: no such file`);
  }
  if (size > maxBytes) throw new UserError(`${path}: input is ${fmtSize(size)}, over the ${fmtSize(maxBytes)} limit (raise it with --max-size)`);
  return decodeText(readFileSync(path), path, maxBytes);
}
