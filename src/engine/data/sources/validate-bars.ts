// Rejects bars no market can produce (high below low, negative prices, stamps outside the asked window...) before
// they reach a store, and says which and why.
import type { BarRow, Timeframe } from '../bar.ts';
import { addDays, newYorkMidnight, utcMidnight } from '../../../calendar/dates.ts';

export interface RejectedBar {
  /** Position in the provider's answer. */
  index: number;
  /** The bar's stamp as received (epoch ms; may be NaN). */
  time: number;
  reason: string;
}

/** Stamps a bar may carry: inclusive epoch-ms bounds, and whether it must sit at 00:00 UTC (daily and longer). */
export interface BarWindow {
  earliest: number;
  latest: number;
  dailyStamps: boolean;
}

const DAY_MS = 86_400_000;
// Adjusted prices are divided by split factors: allow rounding noise, not real inconsistencies.
const TOLERANCE = 1e-9;

/**
 * The stamps a pull of `from`..`to` may receive. Daily bars sit at 00:00 UTC of a date in the window; weekly and
 * monthly bars at the start of the week or month containing `from`; intraday bars anywhere in the New York days
 * `from`..`to`. Nothing may be stamped after `nowMs`.
 */
export function windowFor(timeframe: Timeframe, from: string, to: string, nowMs: number): BarWindow {
  const intraday = timeframe === '1h' || timeframe === '1m';
  const lead = timeframe === '1wk' ? 6 : timeframe === '1mo' ? 30 : 0;
  const earliest = intraday ? newYorkMidnight(from) : utcMidnight(addDays(from, -lead));
  const end = intraday ? newYorkMidnight(addDays(to, 1)) - 1 : utcMidnight(to);
  return { earliest, latest: Math.min(end, nowMs), dailyStamps: !intraday };
}

/** What is wrong with a bar's prices (one not positive, high below low, open or close outside low..high), or null. */
export function priceProblem(open: number, high: number, low: number, close: number): string | null {
  if (!(open > 0 && high > 0 && low > 0 && close > 0)) return 'a price is zero or negative';
  const slack = TOLERANCE * high;
  if (high < low - slack) return `high ${high} is below low ${low}`;
  if (open > high + slack || open < low - slack) return `open ${open} is outside low..high ${low}..${high}`;
  if (close > high + slack || close < low - slack) return `close ${close} is outside low..high ${low}..${high}`;
  return null;
}

function problem(bar: BarRow, window: BarWindow): string | null {
  const { time, open, high, low, close, volume } = bar;
  if (!Number.isFinite(time)) return 'timestamp is not a number';
  for (const [name, v] of [['open', open], ['high', high], ['low', low], ['close', close], ['volume', volume]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return `${name} is not a finite number`;
  }
  const prices = priceProblem(open, high, low, close);
  if (prices) return prices;
  if (volume < 0) return 'volume is negative';
  if (time < window.earliest || time > window.latest) {
    return `timestamp ${new Date(time).toISOString()} is outside the requested window`;
  }
  if (window.dailyStamps && time % DAY_MS !== 0) return `daily timestamp ${new Date(time).toISOString()} is not at 00:00 UTC`;
  return null;
}

/** Splits bars into those fit to store and those rejected; also rejects a stamp not after the previous kept bar's. */
export function validateBars(rows: readonly BarRow[], window: BarWindow): { valid: BarRow[]; rejected: RejectedBar[] } {
  const valid: BarRow[] = [];
  const rejected: RejectedBar[] = [];
  let lastTime = -Infinity;
  for (let i = 0; i < rows.length; i++) {
    const bar = rows[i]!;
    let reason = problem(bar, window);
    if (reason === null && bar.time <= lastTime) {
      reason = bar.time === lastTime ? 'duplicate timestamp' : 'timestamp goes back in time';
    }
    if (reason !== null) {
      rejected.push({ index: i, time: bar.time, reason });
      continue;
    }
    valid.push(bar);
    lastTime = bar.time;
  }
  return { valid, rejected };
}
