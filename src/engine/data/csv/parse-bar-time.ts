// Reads a bar's date (and time) cell into the bar's `time`: 00:00 UTC of its date for daily and longer bars,
// the instant itself for intraday bars.
import type { Timeframe } from '../bar.ts';
import type { DayOf } from './bar-csv-formats.ts';
import { newYorkDay } from '../../../calendar/dates.ts';

// 2024-01-02, 2024-01-02T05:00:00Z, 2012-01-03 00:00:00+00:00, 2024-01-02 09:30:00.123-0500
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
// Stooq's 20240102, with its time column 093000 (or 0930)
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const COMPACT_TIME = /^(\d{2})(\d{2})(\d{2})?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `YYYY-MM-DD` exactly. */
function isPlainDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  for (let i = 0; i < 10; i++) {
    const c = s.charCodeAt(i);
    if (i !== 4 && i !== 7 && (c < 48 || c > 57)) return false;
  }
  return true;
}

/** The decimal number written by the ASCII digits s[from, to). */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/** True for the timeframes whose bars are stamped at the instant rather than at their date. */
export function isIntraday(timeframe: Timeframe): boolean {
  return timeframe === '1h' || timeframe === '1m';
}

/**
 * The bar time for a date cell (and Stooq's separate time cell), or a short reason why it cannot be read.
 * A time written without an offset is taken as UTC; for a daily bar only its date counts, except where the format's
 * dates are New York dates of an instant with an explicit offset (Alpaca).
 */
export function parseBarTime(dateCell: string, timeCell: string | undefined, timeframe: Timeframe, dayOf: DayOf): number | string {
  let year: number;
  let month: number;
  let day: number;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let hasTime = false;
  let offsetMs: number | undefined;
  // Most files hold plain YYYY-MM-DD dates: read those without the regex.
  if (timeCell === undefined && !isIntraday(timeframe) && isPlainDate(dateCell)) {
    year = digits(dateCell, 0, 4);
    month = digits(dateCell, 5, 7);
    day = digits(dateCell, 8, 10);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return `bad date "${dateCell}"`;
    return Date.UTC(year, month - 1, day);
  }
  const iso = ISO.exec(dateCell);
  if (iso) {
    year = Number(iso[1]);
    month = Number(iso[2]);
    day = Number(iso[3]);
    if (iso[4] !== undefined) {
      hasTime = true;
      hour = Number(iso[4]);
      minute = Number(iso[5]);
      second = iso[6] === undefined ? 0 : Number(iso[6]);
      ms = iso[7] === undefined ? 0 : Math.floor(Number(`0.${iso[7]}`) * 1000);
      const zone = iso[8];
      if (zone !== undefined) offsetMs = zone === 'Z' || zone === 'z' ? 0 : parseOffset(zone);
    }
  } else {
    const compact = COMPACT_DATE.exec(dateCell);
    if (!compact) return `bad date "${dateCell}"`;
    year = Number(compact[1]);
    month = Number(compact[2]);
    day = Number(compact[3]);
  }
  if (timeCell !== undefined && timeCell !== '') {
    const t = COMPACT_TIME.exec(timeCell);
    if (!t || hasTime) return `bad time "${timeCell}"`;
    hasTime = true;
    hour = Number(t[1]);
    minute = Number(t[2]);
    second = t[3] === undefined ? 0 : Number(t[3]);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return `bad date "${dateCell}"`;
  if (hour > 23 || minute > 59 || second > 59 || (offsetMs !== undefined && Number.isNaN(offsetMs))) {
    return `bad date "${timeCell === undefined ? dateCell : `${dateCell} ${timeCell}`}"`;
  }
  const date = Date.UTC(year, month - 1, day);
  const instant = date + ((hour * 60 + minute) * 60 + second) * 1000 + ms - (offsetMs ?? 0);
  if (isIntraday(timeframe)) {
    if (!hasTime) return `no time of day in "${dateCell}" for ${timeframe} bars`;
    return instant;
  }
  if (dayOf === 'new-york' && offsetMs !== undefined) return newYorkDay(instant);
  return date;
}

/** `+05:30`, `-0500`, `+00` in milliseconds east of UTC, NaN when out of range. */
function parseOffset(zone: string): number {
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 18 || minutes > 59) return Number.NaN;
  return sign * (hours * 60 + minutes) * 60_000;
}

/** How a bar time is shown in messages: the date for daily bars, the ISO instant for intraday. */
export function showBarTime(time: number, timeframe: Timeframe): string {
  const iso = new Date(time).toISOString();
  return isIntraday(timeframe) ? iso : iso.slice(0, 10);
}
