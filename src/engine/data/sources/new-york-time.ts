// Calendar arithmetic for the providers' New York stamps: New York dates of instants, New York midnights of dates.
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// en-CA formats dates as YYYY-MM-DD; one formatter, reused, because building one is slow.
const nyDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const nyHourFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' });

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === text;
}

/** Epoch ms of 00:00 UTC of a YYYY-MM-DD date. */
export function utcMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The UTC date (YYYY-MM-DD) of an epoch-ms instant. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date `days` after (or before, when negative) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return utcDate(utcMidnight(date) + days * DAY_MS);
}

/** The New York calendar date (YYYY-MM-DD) of an epoch-ms instant. */
export function newYorkDate(ms: number): string {
  return nyDateFormat.format(ms);
}

/** Epoch ms of 00:00 in New York on a YYYY-MM-DD date (04:00 UTC in summer time, 05:00 UTC in winter). */
export function newYorkMidnight(date: string): number {
  const summer = utcMidnight(date) + 4 * 3_600_000;
  return Number(nyHourFormat.format(summer)) === 0 ? summer : summer + 3_600_000;
}

/** A provider's daily stamp (midnight New York) as our daily stamp: 00:00 UTC of the same New York date. */
export function newYorkDayToUtcStamp(ms: number): number {
  return utcMidnight(newYorkDate(ms));
}
