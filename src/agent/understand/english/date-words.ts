import { isoDate } from '../../../calendar/dates.ts';
import { FIRST_DATE } from '../../intents/arg-types.ts';
// Reads a date window from a sentence: ISO dates, "since 2010", "from 2012 to 2015", "in 2018", "between A and B",
// "until 2015", "since March 2010", "last 3 years" / "past 6 months" / "last year".
// Relative windows count back from an anchor: the newest bar of the symbol (or of the store), so on the embedded
// data "last 3 years" of SPX starts on 2017-04-17, whatever today's date; without any bars, from the clock's today.

export interface DateWindow {
  from?: string;
  to?: string;
}

/** A window the sentence asks for that no query can take ("the last 99999999999999999999999 days"), said in a sentence. */
export interface BadWindow {
  problem: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const ISO = String.raw`(\d{4}-\d{2}-\d{2})`;
const YEAR = String.raw`((?:19|20)\d{2})`;
/** A date as people write it: ISO, "March 2010", or a year. */
const WHEN = String.raw`(?:${ISO}|${MONTH_RE}\s+${YEAR}|${YEAR})`;

function monthIndex(word: string): number {
  return MONTHS.findIndex((m) => m.startsWith(word.slice(0, 3)));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
}

/** The start (or end) date of a WHEN match at groups [i..i+3]. */
function whenDate(m: RegExpExecArray, i: number, end: boolean): string | undefined {
  const iso = m[i];
  const month = m[i + 1];
  const monthYear = m[i + 2];
  const year = m[i + 3];
  if (iso) return iso;
  if (month && monthYear) {
    const y = Number(monthYear);
    const mi = monthIndex(month);
    return end ? `${y}-${pad(mi + 1)}-${pad(lastDayOfMonth(y, mi))}` : `${y}-${pad(mi + 1)}-01`;
  }
  if (year) return end ? `${year}-12-31` : `${year}-01-01`;
  return undefined;
}

/** Subtracts whole years/months/days from a YYYY-MM-DD date (clamped to the month's end). */
export function shiftDate(date: string, years: number, months: number, days = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - years * 12 - months;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const nd = Math.min(d, lastDayOfMonth(ny, nm));
  const t = Date.UTC(ny, nm, nd) - days * 86_400_000;
  return isoDate(t);
}

const NUMBER_WORDS: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12 };

/** Years of history any relative window can reach back: the store holds nothing before 1970. */
const MAX_BACK = { year: 200, month: 2_400, week: 10_500, day: 73_000 };

export function findWindow(lower: string, anchor: string): DateWindow | BadWindow {
  let m: RegExpExecArray | null;
  if ((m = new RegExp(String.raw`\bbetween\s+${WHEN}\s+and\s+${WHEN}`).exec(lower))) {
    return { from: whenDate(m, 1, false), to: whenDate(m, 5, true) };
  }
  if ((m = new RegExp(String.raw`\b(?:from|since|starting(?: in| from)?)\s+${WHEN}\s*(?:to|until|till|through|thru|-|–)\s*${WHEN}`).exec(lower))) {
    return { from: whenDate(m, 1, false), to: whenDate(m, 5, true) };
  }
  if ((m = new RegExp(String.raw`\b${YEAR}\s*(?:-|–|to)\s*${YEAR}\b`).exec(lower))) {
    return { from: `${m[1]}-01-01`, to: `${m[2]}-12-31` };
  }
  if ((m = /\b(?:(?:over|in|during|for)\s+)?(?:the\s+)?(?:last|past|previous)\s+(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|twelve)?\s*(years?|months?|weeks?|days?)\b/.exec(lower))) {
    const n = m[1] ? (NUMBER_WORDS[m[1]] ?? Number(m[1])) : 1;
    const unit = m[2]!;
    const kind = unit.replace(/s$/, '') as keyof typeof MAX_BACK;
    const tooFar: BadWindow = {
      problem: `"The last ${m[1] ?? ''} ${unit}" reaches back before ${FIRST_DATE}, the earliest date I work with. Ask for a shorter window, like the last 5 years.`.replace('  ', ' '),
    };
    if (!(n <= MAX_BACK[kind])) return tooFar;
    const from =
      kind === 'year' ? shiftDate(anchor, n, 0) : kind === 'month' ? shiftDate(anchor, 0, n) : kind === 'week' ? shiftDate(anchor, 0, 0, 7 * n) : shiftDate(anchor, 0, 0, n);
    return from < FIRST_DATE ? tooFar : { from };
  }
  const out: DateWindow = {};
  if ((m = new RegExp(String.raw`\b(?:since|from|starting(?: in| from)?|after|beginning(?: of| in)?)\s+${WHEN}`).exec(lower))) out.from = whenDate(m, 1, false);
  if ((m = new RegExp(String.raw`\b(?:until|till|through|thru|up to|to|before|ending(?: in)?)\s+(?:the end of\s+)?${WHEN}`).exec(lower))) out.to = whenDate(m, 1, true);
  if (out.from || out.to) return out;
  if ((m = new RegExp(String.raw`\b(?:in|during|for|over|throughout)\s+${WHEN}`).exec(lower))) {
    return { from: whenDate(m, 1, false), to: whenDate(m, 1, true) };
  }
  // Bare ISO dates: the first is the start, a second the end.
  const isos = lower.match(/\b\d{4}-\d{2}-\d{2}\b/g);
  if (isos) return { from: isos[0], ...(isos[1] ? { to: isos[1] } : {}) };
  return {};
}
