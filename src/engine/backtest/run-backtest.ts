// The exact single-symbol backtester of the contract: target weights in, equity and metrics out.
import type { BarSeries } from '../../registry/model.ts';
import { UserError } from '../user-error.ts';
import { fillPriceOf, type FillPrice } from './fill-prices.ts';
import { finishMetrics, type BacktestMetrics } from './metrics.ts';
import { isoDate } from '../../calendar/dates.ts';

export interface BacktestOptions {
  /** First bar of the trading window (default 0). Trading starts flat there whatever the weights before it. */
  fromIndex?: number;
  /** Last bar of the window, inclusive (default the last bar). */
  toIndex?: number;
  /** Starting capital C0 (default 100000). */
  capital?: number;
  /** Cost in basis points of traded notional, taken from cash (default 0). */
  costBps?: number;
  /** Bars per year for CAGR and Sharpe: 252 for daily bars (the contract's), 12 for monthly (default 252). */
  periodsPerYear?: number;
}

export interface BacktestResult {
  fromIndex: number;
  toIndex: number;
  /** Dates (YYYY-MM-DD) of the window's first and last bar. */
  from: string;
  to: string;
  /** Number of bars in the window. */
  bars: number;
  capital: number;
  costBps: number;
  metrics: BacktestMetrics;
  /** Equity at each close of the window; equity[0] = capital. */
  equity: Float64Array;
  /** The model's target weights over the window (a copy). */
  weights: Float64Array;
  /** The price orders filled at: the next bar's open, or its close for close-only data (no opens stored). */
  fillsAt: FillPrice;
  /** Equity reached zero: trading ended there (every later target 0) and the Sharpe is not reported (NaN). */
  ruined: boolean;
  /** The first bar whose equity was at or below zero, YYYY-MM-DD; null when not ruined. */
  ruinedOn: string | null;
}

export const DEFAULT_CAPITAL = 100_000;

/**
 * Runs the contract's backtest over bars[fromIndex..toIndex]. `weights[t]` is the target decided after the close of t
 * (one per bar of `bars`); inside the window the previous target starts at 0, and an order happens at the open of
 * t+1 only when w[t] differs from w[t-1]. Close-only data has no open to trade at, so there the order fills at the
 * close of t+1 by the same formulas (see fill-prices.ts). Ruin is ruin: once equity at a close is at or below zero,
 * every later target is 0 (the book is flattened at the next fill and holds nothing), and an order never sizes a
 * position from equity that is not positive (a short would otherwise flip into a long).
 */
export function runBacktest(bars: BarSeries, weights: Float64Array, opts: BacktestOptions = {}): BacktestResult {
  const capital = opts.capital ?? DEFAULT_CAPITAL;
  const costBps = opts.costBps ?? 0;
  if (!(Number.isFinite(capital) && capital > 0)) throw new UserError(`Capital must be a positive number, got ${capital}.`);
  if (!(Number.isFinite(costBps) && costBps >= 0)) throw new UserError(`Cost must be zero or more basis points, got ${costBps}.`);
  if (weights.length !== bars.length) {
    throw new Error(`runBacktest: ${weights.length} weights for ${bars.length} bars; need one weight per bar.`);
  }
  const from = opts.fromIndex ?? 0;
  const to = opts.toIndex ?? bars.length - 1;
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new Error(`runBacktest: window indices must be integers (${from}, ${to}).`);
  if (bars.length === 0 || from > to || from < 0 || to >= bars.length) {
    throw new UserError(
      bars.length === 0 ? 'There are no bars to backtest.' : `The backtest window is empty (bars ${from}..${to} of ${bars.length}).`,
    );
  }

  const { close, time } = bars;
  const fillsAt = fillPriceOf(bars);
  const fill = fillsAt === 'open' ? bars.open : close;
  const c = costBps / 10_000;
  const n = to - from + 1;
  const equity = new Float64Array(n);

  // Window-local state. prevTarget is w[t-1] with w[-1] = 0 at the window's start.
  let cash = capital;
  let shares = 0;
  let prevTarget = 0;
  let trades = 0;
  let exposed = 0;
  // Running metrics: Welford mean/M2 of the close-to-close returns, peak and drawdown.
  let mean = 0;
  let m2 = 0;
  let peak = capital;
  let maxDrawdown = 0;
  let prevEquity = capital;
  let ruinedAt = -1;

  for (let t = from; t <= to; t++) {
    const px = close[t]!;
    if (!(px > 0 && px < Infinity)) throw new Error(`runBacktest: bad close ${px} on ${isoDate(time[t]!)}.`);
    if (t > from) {
      // The target decided after the previous close is acted on at this open (close-only data: this close), only
      // when it changed.
      const target = ruinedAt >= 0 ? 0 : weights[t - 1]!;
      if (target !== prevTarget) {
        const po = fill[t]!;
        if (!(po > 0 && po < Infinity)) {
          // Data with opens, but a gap in them where an order falls: say which bar rather than invent a price.
          throw new UserError(`The bar of ${isoDate(time[t]!)} has no valid ${fillsAt} price (${po}), so the backtest cannot fill the order there.`);
        }
        const eOpen = cash + shares * po;
        // No position is sized from equity that is gone: the order flattens instead, and ruin is dated here.
        const next = eOpen > 0 ? (target * eOpen) / po : 0;
        if (!(eOpen > 0) && ruinedAt < 0) ruinedAt = t;
        const traded = next - shares;
        cash -= traded * po + c * Math.abs(traded) * po;
        shares = next;
        trades++;
      }
      prevTarget = target;
    }
    const w = weights[t]!;
    if (!(w >= -1 && w <= 1)) {
      throw new Error(`runBacktest: weight ${w} on ${isoDate(time[t]!)} (bar ${t}) is outside [-1, 1].`);
    }
    const e = cash + shares * px;
    equity[t - from] = e;
    if (ruinedAt < 0 && !(e > 0)) ruinedAt = t;
    if (shares !== 0) exposed++;
    if (t > from) {
      const r = e / prevEquity - 1;
      const k = t - from;
      const d = r - mean;
      mean += d / k;
      m2 += d * (r - mean);
    }
    prevEquity = e;
    if (e > peak) peak = e;
    const dd = 1 - e / peak;
    if (dd > maxDrawdown) maxDrawdown = dd;
  }

  const metrics = finishMetrics(equity[n - 1]!, capital, n, mean, m2, n - 1, maxDrawdown, trades, exposed, opts.periodsPerYear);
  const held = weights.slice(from, to + 1);
  if (ruinedAt >= 0) {
    metrics.sharpe = Number.NaN; // not a skill figure once the money is gone
    held.fill(0, ruinedAt - from);
  }
  return {
    fromIndex: from,
    toIndex: to,
    from: isoDate(time[from]!),
    to: isoDate(time[to]!),
    bars: n,
    capital,
    costBps,
    metrics,
    equity,
    weights: held,
    fillsAt,
    ruined: ruinedAt >= 0,
    ruinedOn: ruinedAt >= 0 ? isoDate(time[ruinedAt]!) : null,
  };
}
