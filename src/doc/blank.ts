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
