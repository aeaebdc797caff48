// The backtest metrics of an equity curve, exactly as the contract defines them (shared by backtests and replays).

export interface BacktestMetrics {
  /** E[last]/C0 - 1 */
  totalReturn: number;
  /** (E[last]/C0)^(P/(N-1)) - 1 with P = 252 for daily bars (12 monthly, periods-per-year.ts); 0 for one bar, -1 once equity is gone. */
  cagr: number;
  /** mean(r)/std(r, sample) * sqrt(P) over the N-1 close-to-close returns (P as for cagr); 0 when std is 0 or undefined. */
  sharpe: number;
  /** max over t of 1 - E[t]/max(E[0..t]) */
  maxDrawdown: number;
  /** Number of order events (target changes acted on at an open inside the window). */
  trades: number;
  /** Share of the window's bars that end with a nonzero position. */
  exposure: number;
}

export const TRADING_DAYS = 252;

/**
 * Metrics from a finished equity series. `runBacktest` accumulates the same figures inside its bar loop; this is for
 * callers that build their own equity (the autopilot's replay) and must report them identically.
 */
export function equityMetrics(
  equity: Float64Array,
  capital: number,
  trades: number,
  exposedBars: number,
  periodsPerYear = TRADING_DAYS,
): BacktestMetrics {
  const n = equity.length;
  let mean = 0;
  let m2 = 0;
  let count = 0;
  let peak = -Infinity;
  let maxDrawdown = 0;
  for (let t = 0; t < n; t++) {
    const e = equity[t]!;
    if (t > 0) {
      const r = e / equity[t - 1]! - 1;
      count++;
      const d = r - mean;
      mean += d / count;
      m2 += d * (r - mean);
    }
    if (e > peak) peak = e;
    const dd = 1 - e / peak;
    if (dd > maxDrawdown) maxDrawdown = dd;
  }
  return finishMetrics(n > 0 ? equity[n - 1]! : capital, capital, n, mean, m2, count, maxDrawdown, trades, exposedBars, periodsPerYear);
}

/** Turns the loop's running sums (Welford mean and M2 of the returns) into the metrics. */
export function finishMetrics(
  lastEquity: number,
  capital: number,
  n: number,
  mean: number,
  m2: number,
  returnCount: number,
  maxDrawdown: number,
  trades: number,
  exposedBars: number,
  periodsPerYear = TRADING_DAYS,
): BacktestMetrics {
  const growth = lastEquity / capital;
  const std = returnCount > 1 ? Math.sqrt(m2 / (returnCount - 1)) : 0;
  return {
    totalReturn: growth - 1,
    cagr: n < 2 ? 0 : growth <= 0 ? -1 : Math.pow(growth, periodsPerYear / (n - 1)) - 1,
    sharpe: std > 0 ? (mean / std) * Math.sqrt(periodsPerYear) : 0,
    maxDrawdown,
    trades,
    exposure: n > 0 ? exposedBars / n : 0,
  };
}
