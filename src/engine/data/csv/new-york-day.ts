// The New York calendar date of an instant, as 00:00 UTC of that date (how daily bars are stamped).

// One formatter for the process: building an Intl.DateTimeFormat costs far more than using one.
const newYork = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/** Epoch ms of 00:00 UTC on the date the instant falls on in New York (daylight saving included). */
export function newYorkDay(instant: number): number {
  let year = 0;
  let month = 0;
  let day = 0;
  for (const part of newYork.formatToParts(instant)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
  }
  return Date.UTC(year, month - 1, day);
}
