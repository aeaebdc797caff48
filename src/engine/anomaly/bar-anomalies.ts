// Data anomalies in a symbol's bars: a return beyond 8 robust standard deviations of its recent history (median and
// scaled median absolute deviation of the previous 60 returns), OHLC values no market produces, and a gap of more
// than 3 sessions between two daily bars (3 periods for weekly and monthly bars). Checks only the bars from
// `checkFrom` on (the new ones), using the earlier ones as history. One pass, one scratch buffer.
import type { BarSeries } from '../../registry/model.ts';
import { isoDate } from '../../calendar/dates.ts';
import { sessionsBetween } from '../../calendar/nyse-sessions.ts';
import type { Timeframe } from '../data/bar.ts';
import type { Anomaly } from './anomaly.ts';
import { price } from '../../format.ts';
import { priceProblem } from '../data/sources/validate-bars.ts';

export const OUTLIER_SIGMAS = 8;
export const OUTLIER_HISTORY = 60;
/** Fewer previous returns than this give no robust scale: no outlier is called. */
const MIN_HISTORY = 20;
export const MAX_MISSED_SESSIONS = 3;
/** The normal distribution's standard deviation per median absolute deviation. */
const MAD_SCALE = 1.4826;
const DAY_MS = 86_400_000;

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

/** The median of the first n values of `buf` (sorted in place). */
function medianOf(buf: Float64Array, n: number): number {
  const view = buf.subarray(0, n).sort();
  return n % 2 ? view[(n - 1) / 2]! : (view[n / 2 - 1]! + view[n / 2]!) / 2;
}

/** A stored bar's price problem; a close-only bar (no open, high or low) needs only a positive close. */
function ohlcProblem(o: number, h: number, l: number, c: number): string | null {
  if (Number.isNaN(o) && Number.isNaN(h) && Number.isNaN(l)) return c > 0 ? null : `close ${c} is not positive`;
  return priceProblem(o, h, l, c);
}

/** Periods missed between two bars of a weekly or monthly series (0 when consecutive). */
function periodsMissed(prev: number, cur: number, timeframe: Timeframe): number {
  if (timeframe === '1wk') return Math.max(0, Math.round((cur - prev) / (7 * DAY_MS)) - 1);
  const a = new Date(prev);
  const b = new Date(cur);
  return Math.max(0, (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() - 1);
}

export function findBarAnomalies(symbol: string, timeframe: Timeframe, bars: BarSeries, checkFrom = 0): Anomaly[] {
  const found: Anomaly[] = [];
  const { close, open, high, low, time } = bars;
  const scratch = new Float64Array(OUTLIER_HISTORY);
  const subject = `${symbol} ${timeframe}`;
  for (let t = Math.max(0, checkFrom); t < bars.length; t++) {
    const date = timeframe === '1h' || timeframe === '1m' ? new Date(time[t]!).toISOString().slice(0, 16).replace('T', ' ') : isoDate(time[t]!);
    const problem = ohlcProblem(open[t]!, high[t]!, low[t]!, close[t]!);
    if (problem) {
      found.push({ rule: 'ohlc-inconsistent', key: `ohlc:${symbol}:${timeframe}:${date}`, text: `${subject} bar of ${date} is inconsistent: ${problem}. Check the source; models and fills read it as stored.` });
      continue;
    }
    if (t === 0) continue;
    if (timeframe === '1d' || timeframe === '1wk' || timeframe === '1mo') {
      const prevDate = isoDate(time[t - 1]!);
      const missed = timeframe === '1d' ? sessionsBetween(prevDate, date) - 1 : periodsMissed(time[t - 1]!, time[t]!, timeframe);
      if (missed > MAX_MISSED_SESSIONS) {
        const unit = timeframe === '1d' ? 'NYSE sessions' : timeframe === '1wk' ? 'weeks' : 'months';
        found.push({ rule: 'data-gap', key: `gap:${symbol}:${timeframe}:${date}`, text: `${subject} has a gap: ${missed} ${unit} without a bar between ${prevDate} and ${date}. Pull or import the missing bars; returns across the gap span ${missed + 1} periods.` });
      }
    }
    // The robust scale of the previous returns (at most OUTLIER_HISTORY of them, skipping missing closes).
    let n = 0;
    for (let k = t - 1; k >= 1 && n < OUTLIER_HISTORY; k--) {
      const r = close[k]! / close[k - 1]! - 1;
      if (Number.isFinite(r)) scratch[n++] = r;
    }
    const r = close[t]! / close[t - 1]! - 1;
    if (n < MIN_HISTORY || !Number.isFinite(r)) continue;
    const center = medianOf(scratch, n);
    for (let k = 0; k < n; k++) scratch[k] = Math.abs(scratch[k]! - center);
    const sigma = MAD_SCALE * medianOf(scratch, n);
    if (sigma > 0 && Math.abs(r - center) > OUTLIER_SIGMAS * sigma) {
      const sigmas = Math.abs(r - center) / sigma;
      found.push({
        rule: 'return-outlier',
        key: `outlier:${symbol}:${timeframe}:${date}`,
        text: `${subject} ${date}: the close moved ${pct(r)} (${price(close[t - 1]!)} to ${price(close[t]!)}), ${sigmas.toFixed(1)} robust standard deviations from its last ${n} returns (alert above ${OUTLIER_SIGMAS}). Check for a bad tick, a split or a wrong file before trading on it.`,
      });
    }
  }
  return found;
}
