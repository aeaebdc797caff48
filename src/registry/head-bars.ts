// The first bars of a series as views (no copy): what a model may see up to a point in time.
import type { BarSeries } from './model.ts';

/** The first `n` bars. */
export function headBars(bars: BarSeries, n: number): BarSeries {
  if (n >= bars.length) return bars;
  return {
    length: n,
    time: bars.time.subarray(0, n),
    open: bars.open.subarray(0, n),
    high: bars.high.subarray(0, n),
    low: bars.low.subarray(0, n),
    close: bars.close.subarray(0, n),
    volume: bars.volume.subarray(0, n),
  };
}
