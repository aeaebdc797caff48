// Dates and days, in one place: ISO dates (YYYY-MM-DD) of instants and back, day arithmetic, and New York's calendar
// date of an instant (the market's day). Daily bars are stamped 00:00 UTC of their date. A shared leaf: any layer may
// import it.
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// One formatter each, reused: building an Intl.DateTimeFormat costs far more than using one. en-CA writes YYYY-MM-DD.
const nyDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });
const nyDayParts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', year: 'numeric', month: 'numeric', day: 'numeric' });
const nyHourFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' });

/** The UTC date (YYYY-MM-DD) of an epoch-ms instant: a bar's date from its time. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  return isoDate(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) === text;
}

/** Epoch ms of 00:00 UTC of a YYYY-MM-DD date. */
export function utcMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The date `days` after (or before, when negative) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return isoDate(utcMidnight(date) + days * DAY_MS);
}

/** The New York calendar date (YYYY-MM-DD) of an epoch-ms instant. */
export function newYorkDate(ms: number): string {
  return nyDateFormat.format(ms);
}

/** 00:00 UTC of the date the instant falls on in New York (daylight saving included): a daily bar's stamp. */
export function newYorkDay(instant: number): number {
  let year = 0;
  let month = 0;
  let day = 0;
  for (const part of nyDayParts.formatToParts(instant)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
  }
  return Date.UTC(year, month - 1, day);
}

/** Epoch ms of 00:00 in New York on a YYYY-MM-DD date (04:00 UTC in summer time, 05:00 UTC in winter). */
export function newYorkMidnight(date: string): number {
  const summer = utcMidnight(date) + 4 * 3_600_000;
  return Number(nyHourFormat.format(summer)) === 0 ? summer : summer + 3_600_000;
}
