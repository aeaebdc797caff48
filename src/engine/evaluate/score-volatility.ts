// Scores a volatility forecaster against the realized next-bar squared return.
import type { BarSeries } from '../../registry/model.ts';
import { nextReturn, scoreWindow, type ScoreOptions } from './score-window.ts';

export interface VolatilityScore {
  /** Bars t in [from, to-1] with a finite, positive forecast. */
  count: number;
  /** sqrt(mean((h[t] - r[t+1]^2)^2)), h[t] = forecast[t]^2 the forecast variance of the next bar's return. */
  rmse: number;
  /**
   * QLIKE = mean(ln h[t] + r[t+1]^2 / h[t]). This is Patton's (2011) QLIKE, r²/h - ln(r²/h) - 1, less a term that does
   * not depend on the forecast, written so a zero return (ln 0) does not make it undefined. Lower is better; it
   * punishes under-forecasting variance more than over-forecasting.
   */
  qlike: number;
}

export function scoreVolatility(volatility: Float64Array, bars: BarSeries, opts: ScoreOptions = {}): VolatilityScore {
  const { from, to } = scoreWindow(bars, volatility, opts);
  const close = bars.close;
  let count = 0;
  let sq = 0;
  let ql = 0;
  for (let t = from; t < to; t++) {
    const v = volatility[t]!;
    if (!(v > 0 && v < Infinity)) continue;
    const h = v * v;
    const r = nextReturn(close, t);
    const r2 = r * r;
    count++;
    sq += (h - r2) * (h - r2);
    ql += Math.log(h) + r2 / h;
  }
  return { count, rmse: count > 0 ? Math.sqrt(sq / count) : NaN, qlike: count > 0 ? ql / count : NaN };
}
