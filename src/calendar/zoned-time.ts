// Wall-clock times in a named time zone (the report's TZ_REPORTS) turned into instants, and back into dates.
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(instant: number, timeZone: string): { y: number; m: number; d: number; h: number; min: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const out = { y: 0, m: 0, d: 0, h: 0, min: 0 };
  for (const p of f.formatToParts(instant)) {
    if (p.type === 'year') out.y = Number(p.value);
    else if (p.type === 'month') out.m = Number(p.value);
    else if (p.type === 'day') out.d = Number(p.value);
    else if (p.type === 'hour') out.h = Number(p.value);
    else if (p.type === 'minute') out.min = Number(p.value);
  }
  return out;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function zonedDate(instant: number, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** Epoch ms of `HH:MM` on a date in a time zone (daylight saving included). */
export function zonedTime(date: string, hhmm: string, timeZone: string): number {
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.parse(`${date}T00:00:00Z`) + (h * 60 + min) * 60_000;
  let guess = wall;
  // Two passes settle the zone's offset at that instant.
  for (let i = 0; i < 2; i++) {
    const p = parts(guess, timeZone);
    const seen = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min);
    guess += wall - seen;
  }
  return guess;
}
