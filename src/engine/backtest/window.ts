// Turns the CLI's --from/--to dates into bar indices of a backtest window, and bar times back into dates.
import type { BarSeries } from '../../registry/model.ts';
import { isoDate } from '../../calendar/dates.ts';
import { UserError } from '../user-error.ts';

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of 00:00 UTC of a YYYY-MM-DD date; a UserError naming the option when it is not a real date. */
export function parseDate(text: string, option = 'date'): number {
  const m = DATE_RE.exec(text);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || isoDate(ms) !== text) {
    throw new UserError(`${option} must be a date written YYYY-MM-DD, got "${text}".`);
  }
  return ms;
}

export interface BarWindow {
  fromIndex: number;
  toIndex: number;
}

/**
 * The window of bars selected by `from` (first bar on or after that date) and `to` (last bar on or before that date,
 * inclusive of the whole day). Either may be omitted. A UserError says what the data covers when nothing is left.
 */
export function windowFromDates(bars: BarSeries, range: { from?: string; to?: string }): BarWindow {
  const n = bars.length;
  const time = bars.time;
  const fromMs = range.from === undefined ? -Infinity : parseDate(range.from, '--from');
  const toEnd = range.to === undefined ? Infinity : parseDate(range.to, '--to') + DAY_MS;
  if (fromMs >= toEnd) throw new UserError(`--from ${range.from} is after --to ${range.to}.`);
  // Binary searches: bars are sorted by time.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! < fromMs) lo = mid + 1;
    else hi = mid;
  }
  const fromIndex = lo;
  lo = 0;
  hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! < toEnd) lo = mid + 1;
    else hi = mid;
  }
  const toIndex = lo - 1;
  if (n === 0) throw new UserError('There are no bars for this symbol yet.');
  if (fromIndex > toIndex) {
    const asked = `${range.from ?? 'the start'} to ${range.to ?? 'the end'}`;
    throw new UserError(`No bars from ${asked}: the data covers ${isoDate(time[0]!)} to ${isoDate(time[n - 1]!)}.`);
  }
  return { fromIndex, toIndex };
}
