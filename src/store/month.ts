const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** 1-12 for an English month name or its start of 3 letters or more ("Mar", "Sept"), else 0. */
function monthNumber(name: string): number {
  const n = name.toLowerCase();
  return n.length < 3 ? 0 : MONTHS.findIndex((full) => full.startsWith(n)) + 1;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** `YYYY-MM` when the day exists in that month (no day given: the month alone must exist). */
function month(year: string, m: number, day?: string): string | null {
  const y = Number(year);
  if (m < 1 || m > 12 || (day !== undefined && (Number(day) < 1 || Number(day) > daysIn(y, m)))) return null;
  return `${year}-${String(m).padStart(2, '0')}`;
}

/** `2024-03-05`, `2024/03/05`, `2024-03` and ISO times (`2024-03-05T10:00:00Z`). */
const ISO = /^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?(?=$|[T\s])/;
/** `05 Mar 2024` (RFC 2822, after its weekday) and `5 March 2024`. */
const DAY_MONTH = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b/i;
/** `March 5, 2024` and `Mar. 5 2024`. */
const MONTH_DAY = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/i;
/** A leading weekday, as RFC 2822 dates and some bylines have it. */
const WEEKDAY = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;

/**
 * The month of a date as written (not moved to UTC), from the forms that say it plainly: ISO,
 * RFC 2822 and English month names. An impossible date (`2024-13-45`), an ambiguous one
 * (`05/03/2024`: March or May?) or any other form has none, and counts under "(unknown)".
 */
export function monthOf(date: string | null | undefined): string | null {
  return dayOf(date)?.slice(0, 7) ?? null;
}

/**
 * The day of a date as written, `YYYY-MM-DD` (`YYYY-MM` when it gives only the month), from the
 * forms `monthOf` reads; these sort in time order, which dates as written do not ("January 10,
 * 2025" before "March 5, 2024").
 */
export function dayOf(date: string | null | undefined): string | null {
  const s = date?.trim().replace(WEEKDAY, '') ?? '';
  const withDay = (mo: string | null, day?: string) => (mo && day !== undefined ? `${mo}-${day.padStart(2, '0')}` : mo);
  let m = ISO.exec(s);
  if (m) return withDay(month(m[1]!, Number(m[2]), m[3]), m[3]);
  if ((m = DAY_MONTH.exec(s))) return withDay(month(m[3]!, monthNumber(m[2]!), m[1]), m[1]);
  if ((m = MONTH_DAY.exec(s))) return withDay(month(m[3]!, monthNumber(m[1]!), m[2]), m[2]);
  return null;
}

/** Counts the dates of a run that give no month, for one warning at its end rather than one per article. */
export class MonthlessDates {
  count = 0;
  private example = '';

  note(date: string | undefined): void {
    if (!date || monthOf(date)) return;
    if (!this.count++) this.example = date;
  }

  /** The warning to print, or null when every date gave a month. */
  warning(): string | null {
    if (!this.count) return null;
    const n = this.count === 1 ? '1 article has a date' : `${this.count} articles have dates`;
    return `${n} with no clear month (impossible, ambiguous like 05/03/2024, or an unknown form), e.g. "${this.example}": reports count them under (unknown)`;
  }
}
