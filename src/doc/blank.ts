/**
 * White space plus the invisible format characters that editors and pasting leave in text (soft
 * hyphen, zero-width spaces and joiners, direction marks, a BOM in mid-text): none of them is
 * part of a word, so a line of them is blank and a span should not start or end with one.
 * A character class body, for building regular expressions.
 */
export const BLANK = '\\s\\u00ad\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\ufeff';

const BLANK_CHAR = new RegExp(`[${BLANK}]`);

/** [start, end) of `s` without blank characters at either end (a loop: a regex would be quadratic on long runs). */
export function trimmedRange(s: string, start = 0, end = s.length): [number, number] {
  while (start < end && BLANK_CHAR.test(s[start]!)) start++;
  while (end > start && BLANK_CHAR.test(s[end - 1]!)) end--;
  return [start, end];
}

/** A line of nothing but blank characters. */
export const BLANK_LINE = new RegExp(`^[${BLANK}]*$`);

/**
 * The paragraphs of `text` from `from` on, as [start, end) without blank characters at either
 * end: runs of lines that are not blank, a line ending in CRLF, LF or a CR alone, as `findTitle`
 * reads lines. The web page draws the article by these, so it breaks paragraphs where the
 * analysis sees a blank line (a line of non-breaking spaces too, or breaks that are CRs alone).
 */
export function paragraphRanges(text: string, from = 0): Array<[number, number]> {
  const line = /([^\r\n]*)(\r\n|\r|\n|$)/y;
  const out: Array<[number, number]> = [];
  let start = -1;
  let end = -1;
  const close = () => {
    if (start < 0) return;
    const [s, e] = trimmedRange(text, start, end);
    if (e > s) out.push([s, e]);
    start = -1;
  };
  for (let pos = from; pos < text.length; ) {
    line.lastIndex = pos;
    const m = line.exec(text)!;
    if (BLANK_LINE.test(m[1]!)) close();
    else {
      if (start < 0) start = pos;
      end = pos + m[1]!.length;
    }
    pos += m[0].length;
  }
  close();
  return out;
}
