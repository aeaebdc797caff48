// Scores a regime model: what the next bar's return looked like in each state it named (count, annualised mean, vol).
import type { BarSeries } from '../../registry/model.ts';
import { nextReturn, scoreWindow, type ScoreOptions } from './score-window.ts';
import { TRADING_DAYS } from '../backtest/metrics.ts';

export interface RegimeStats {
  state: number;
  label: string;
  /** Bars t in [from, to-1] in this state. */
  count: number;
  /** Mean next-bar simple return times periodsPerYear; NaN with no bars. */
  meanReturn: number;
  /** Sample standard deviation of the next-bar returns times sqrt(periodsPerYear); NaN with fewer than 2 bars. */
  volatility: number;
}

export function scoreRegime(
  states: Float64Array,
  bars: BarSeries,
  opts: ScoreOptions = {},
  labels: readonly string[] = [],
): RegimeStats[] {
  const { from, to } = scoreWindow(bars, states, opts);
  const ppy = opts.periodsPerYear ?? TRADING_DAYS;
  let k = labels.length;
  for (let t = from; t < to; t++) {
    const s = states[t]!;
    if (Number.isNaN(s)) continue;
    if (!(Number.isInteger(s) && s >= 0 && s < 1000)) throw new Error(`regime state ${s} at bar ${t} is not a state number`);
    if (s + 1 > k) k = s + 1;
  }
  // Welford per state.
  const count = new Float64Array(k);
  const mean = new Float64Array(k);
  const m2 = new Float64Array(k);
  const close = bars.close;
  for (let t = from; t < to; t++) {
    const s = states[t]!;
    if (Number.isNaN(s)) continue;
    const r = nextReturn(close, t);
    const c = ++count[s]!;
    const d = r - mean[s]!;
    mean[s]! += d / c;
    m2[s]! += d * (r - mean[s]!);
  }
  const out: RegimeStats[] = [];
  for (let s = 0; s < k; s++) {
    const c = count[s]!;
    out.push({
      state: s,
      label: labels[s] ?? `state ${s}`,
      count: c,
      meanReturn: c > 0 ? mean[s]! * ppy : NaN,
      volatility: c > 1 ? Math.sqrt(m2[s]! / (c - 1)) * Math.sqrt(ppy) : NaN,
    });
  }
  return out;
}
