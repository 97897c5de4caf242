/**
 * The charset an HTML page declares in its first 1024 bytes (`<meta charset="…">`, or
 * `<meta http-equiv="Content-Type" content="text/html; charset=…">`), as a browser's prescan
 * finds it: its WHATWG name when TextDecoder knows it, else null. Without Node's Buffer, so
 * that the web page reads a dropped file as the CLI reads it.
 */
export function declaredCharset(bytes: Uint8Array): string | null {
  let head = '';
  for (let i = 0; i < Math.min(bytes.length, 1024); i++) head += String.fromCharCode(bytes[i]!);
  const m = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (!m) return null;
  try {
    return new TextDecoder(m[1]!).encoding;
  } catch {
    return null;
  }
}
