// The autopilot's live results against what its walk-forward results predicted: a model in charge for at least
// MIN_LIVE_BARS whose live Sharpe lies outside the 99% interval around the walk-forward Sharpe it was chosen on
// (standard error of a Sharpe ratio measured on n daily returns, Lo 2002: sqrt((1 + SR^2/2) / n) per bar) raises
// `live-drift`, once a month per symbol and model. Beside the demotion rule, which acts only on losses.
import { SQRT_DAILY_PERIODS } from '../backtest/periods-per-year.ts';
import type { Anomaly } from './anomaly.ts';

export const MIN_LIVE_BARS = 20;
/** Two-sided 99% normal quantile. */
const Z99 = 2.576;

export interface LiveResults {
  /** Daily P&L (fraction of equity) of the model's bars in charge: count, sum, sum of squares. */
  n: number;
  sum: number;
  sumSq: number;
  /** The annualised walk-forward Sharpe it was chosen on. */
  refScore: number;
}

export function liveDrift(symbol: string, date: string, live: Readonly<Record<string, LiveResults>>): Anomaly[] {
  const found: Anomaly[] = [];
  for (const [model, r] of Object.entries(live)) {
    if (r.n < MIN_LIVE_BARS) continue;
    const mean = r.sum / r.n;
    const variance = (r.sumSq - r.n * mean * mean) / (r.n - 1);
    if (!(variance > 0)) continue;
    const liveSharpe = (mean / Math.sqrt(variance)) * SQRT_DAILY_PERIODS;
    const refDaily = r.refScore / SQRT_DAILY_PERIODS;
    const half = Z99 * Math.sqrt((1 + (refDaily * refDaily) / 2) / r.n) * SQRT_DAILY_PERIODS;
    const [lo, hi] = [r.refScore - half, r.refScore + half];
    if (liveSharpe >= lo && liveSharpe <= hi) continue;
    found.push({
      rule: 'live-drift',
      key: `live-drift:${symbol}:${model}:${date.slice(0, 7)}`,
      text: `${model} on ${symbol}: live Sharpe ${liveSharpe.toFixed(2)} over ${r.n} bars in charge is ${liveSharpe < lo ? 'below' : 'above'} the 99% interval ${lo.toFixed(2)}..${hi.toFixed(2)} around its walk-forward Sharpe ${r.refScore.toFixed(2)} (${date}). The market may have changed, or the backtest overstated it; see /why ${symbol} and /accuracy ${model} ${symbol}.`,
    });
  }
  return found;
}
