/*
 * Offsets counted in Unicode code points, for tools that count so. unspin's offsets are
 * JavaScript string offsets (UTF-16 code units), where a character outside the Basic
 * Multilingual Plane (most emoji, "𝐁old" maths letters) takes two units. Label Studio counts
 * such a character once: its text regions store code-point offsets (the editor's tests,
 * "Should calculate offsets by code points in text"; its issues #1347 and #1008 were about the
 * old unit counts). A text without such characters counts the same both ways, and costs nothing.
 */

/** Converts offsets of one text between UTF-16 units and code points. */
export interface CodePoints {
  /** The text's length in code points. */
  readonly length: number;
  /** The code-point offset of a UTF-16 offset (one inside a surrogate pair counts as its character's start). */
  fromUnits(offset: number): number;
  /** The UTF-16 offset of a code-point offset (0..length). */
  toUnits(offset: number): number;
}

const SAME: Omit<CodePoints, 'length'> = { fromUnits: (o) => o, toUnits: (o) => o };

export function codePointsOf(text: string): CodePoints {
  // Most texts have no surrogate: offsets are the same, and no table is built.
  if (!/[\uD800-\uDFFF]/.test(text)) return { length: text.length, ...SAME };
  const units: number[] = [];
  for (let i = 0; i < text.length; i++) {
    units.push(i);
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  units.push(text.length);
  const length = units.length - 1;
  return {
    length,
    fromUnits(offset) {
      // The last code point starting at or before `offset`: a binary search over ascending starts.
      let lo = 0, hi = length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (units[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
    toUnits: (offset) => units[Math.max(0, Math.min(length, offset))]!,
  };
}
