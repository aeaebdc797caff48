// The NYSE trading calendar: sessions are weekdays that are not exchange holidays (`nyse-holidays`, computed by
// rule); the close is 16:00 New York time, 13:00 on the early-close days (the day after Thanksgiving, Christmas Eve
// and July 3 when they are sessions). Dates are YYYY-MM-DD New York calendar dates.
import { getHolidays } from 'nyse-holidays';
import { addDays, newYorkDate, newYorkMidnight } from './dates.ts';

const HOUR = 3_600_000;
const holidayCache = new Map<number, Set<string>>();

function holidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (!set) {
    // dateString is formatted from the package's own local-time dates, so it is the holiday's calendar date anywhere.
    set = new Set(getHolidays(year).map((h) => h.dateString));
    holidayCache.set(year, set);
  }
  return set;
}

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

// Closures no rule predicts, which `nyse-holidays` therefore lacks (the NYSE's own list of special closings since
// 2000): the September 11 attacks, national days of mourning for former presidents, Hurricane Sandy.
const SPECIAL_CLOSURES = new Set([
  '2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14',
  '2004-06-11',
  '2007-01-02',
  '2012-10-29', '2012-10-30',
  '2018-12-05',
  '2025-01-09',
]);

export function isSession(date: string): boolean {
  const wd = weekday(date);
  return wd !== 0 && wd !== 6 && !SPECIAL_CLOSURES.has(date) && !holidays(Number(date.slice(0, 4))).has(date);
}

/** Thanksgiving (4th Thursday of November) + 1, Dec 24, Jul 3: early closes when they are sessions. */
export function isEarlyClose(date: string): boolean {
  if (!isSession(date)) return false;
  const md = date.slice(5);
  if (md === '12-24' || md === '07-03') return true;
  if (date.slice(5, 7) !== '11' || weekday(date) !== 5) return false;
  const thursday = addDays(date, -1);
  const day = Number(thursday.slice(8));
  return day >= 22 && day <= 28;
}

/** Epoch ms of the session's close. */
export function sessionClose(date: string): number {
  return newYorkMidnight(date) + (isEarlyClose(date) ? 13 : 16) * HOUR;
}

export function nextSession(date: string): string {
  let d = addDays(date, 1);
  while (!isSession(d)) d = addDays(d, 1);
  return d;
}

export function previousSession(date: string): string {
  let d = addDays(date, -1);
  while (!isSession(d)) d = addDays(d, -1);
  return d;
}

/** Sessions after `from` up to and including `to` (0 when `to` is not after `from`). */
export function sessionsBetween(from: string, to: string): number {
  let n = 0;
  if (from < to) for (let d = nextSession(from); d <= to; d = nextSession(d)) n++;
  return n;
}

/** The latest session whose close plus `marginMs` is at or before `now`. */
export function lastCompletedSession(now: number, marginMs: number): string {
  let d = newYorkDate(now);
  if (!isSession(d)) d = previousSession(d);
  while (sessionClose(d) + marginMs > now) d = previousSession(d);
  return d;
}

/** The first session whose close plus `marginMs` is after `now`. */
export function nextSessionAfter(now: number, marginMs: number): string {
  let d = newYorkDate(now);
  if (!isSession(d)) d = nextSession(d);
  while (sessionClose(d) + marginMs <= now) d = nextSession(d);
  return d;
}

/** Monday (YYYY-MM-DD) of the calendar week holding `date`. */
function weekStart(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

/** Whether no later session falls in the same Monday-to-Sunday week (a Friday, or a Thursday before Good Friday). */
export function isLastSessionOfWeek(date: string): boolean {
  return weekStart(nextSession(date)) !== weekStart(date);
}
