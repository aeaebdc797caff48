// Which price a backtest's orders fill at. With opens stored: the next bar's open, as the contract says. Close-only
// data (the embedded monthly stocks) has no open at all, so the target decided after close t is traded at close t+1.
// One rule for the backtest, the evaluation that scores through it, and the autopilot's realized P&L.
import type { BarSeries } from '../../registry/model.ts';

export type FillPrice = 'open' | 'close';

/** True when at least one value is not NaN (a missing price or observation is stored as NaN). */
export function hasAnyValue(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) return true;
  return false;
}

/** 'close' when not one bar holds an open price (close-only data), else 'open'. */
export function fillPriceOf(bars: BarSeries): FillPrice {
  return hasAnyValue(bars.open) ? 'open' : 'close';
}

/** The prices orders fill at, one per bar: the opens, or the closes for close-only data. */
export function fillPrices(bars: BarSeries): Float64Array {
  return fillPriceOf(bars) === 'open' ? bars.open : bars.close;
}
