import type { Attribution } from './schema.ts';

type Piece = { start: number; end: number; text: string };

/** What may sit between an interruption ("she said") and the quotation going on after it. */
const LEADING_JOINERS = /^[\s.,;:–—-]+/u;
/** Whom the speaker told, before the quotation goes on: "Horak told [reporters.] “They will …”". */
const LISTENERS = /^(?:\p{L}+\s+){0,3}\p{L}+[.,:;]?\s+(?=["“«„‘'])/u;
/** A part that opens with a quote mark: only then is what stands before the next one no part of the quotation. */
const OPENS_QUOTE = /^["“«„‘']/u;

/**
 * The content as the words said. A quotation that its own cue and source interrupt
 * ("“…,” said Maria Lebedeva. “…”") has one span over both parts, as PolNeAR annotates and
 * scores it, so that its offsets highlight the whole passage; a reader listing who said what wants
 * the two quoted parts without "said Maria Lebedeva" between them. Pieces keep their offsets.
 */
export function contentParts(a: Attribution): Piece[] {
  const c = a.content;
  const inside = [a.cue, a.source].filter((s): s is Piece => !!s && s.start >= c.start && s.end <= c.end && s.end > s.start);
  if (!inside.length) return [c];
  const from = Math.min(...inside.map((s) => s.start));
  const to = Math.max(...inside.map((s) => s.end));
  const before = c.text.slice(0, from - c.start).trimEnd();
  const rest = c.text.slice(to - c.start);
  let skipped = rest.length - rest.replace(LEADING_JOINERS, '').length;
  if (OPENS_QUOTE.test(before.trimStart())) skipped += LISTENERS.exec(rest.slice(skipped))?.[0].length ?? 0;
  const after = rest.slice(skipped).trimEnd();
  const pieces: Piece[] = [];
  if (/\p{L}|\p{N}/u.test(before)) pieces.push({ start: c.start, end: c.start + before.length, text: before });
  if (/\p{L}|\p{N}/u.test(after)) pieces.push({ start: to + skipped, end: to + skipped + after.length, text: after });
  return pieces.length ? pieces : [c];
}

/**
 * The reporting words as a list shows them: PolNeAR counts the colon of "said: “…”" as part of the
 * cue, and the offsets keep it, but "Brandt said: [quote]:" reads as a stutter.
 */
export const cueWords = (a: Pick<Attribution, 'cue'>): string => a.cue.text.replace(/\s*:$/, '');
