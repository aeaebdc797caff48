// Range-based variance estimators from OHLC bars (Parkinson, Garman-Klass, Rogers-Satchell, Yang-Zhang), rolling over N bars.
import type { BarSeries } from '../../model.ts';
import { rollingVariance } from '../../indicators/rolling-std.ts';
import { sma } from '../../indicators/sma.ts';

export type RangeEstimator = 'parkinson' | 'garman-klass' | 'rogers-satchell' | 'yang-zhang';

/** Per-bar standard deviation estimate (of log returns, per bar) over the last `window` bars; NaN before. */
export function rangeVolatility(bars: BarSeries, estimator: RangeEstimator, window: number): Float64Array {
  const variance = estimator === 'yang-zhang' ? yangZhangVariance(bars, window) : sma(perBarTerm(bars, estimator), window);
  for (let t = 0; t < variance.length; t++) variance[t] = Math.sqrt(Math.max(0, variance[t]!));
  return variance;
}

function perBarTerm(bars: BarSeries, estimator: Exclude<RangeEstimator, 'yang-zhang'>): Float64Array {
  const { open, high, low, close } = bars;
  const out = new Float64Array(bars.length);
  const parkinson = 1 / (4 * Math.LN2);
  const gk = 2 * Math.LN2 - 1;
  for (let t = 0; t < out.length; t++) {
    const hl = Math.log(high[t]! / low[t]!);
    if (estimator === 'parkinson') {
      out[t] = parkinson * hl * hl;
    } else if (estimator === 'garman-klass') {
      const co = Math.log(close[t]! / open[t]!);
      out[t] = 0.5 * hl * hl - gk * co * co;
    } else {
      out[t] = rogersSatchellTerm(open[t]!, high[t]!, low[t]!, close[t]!);
    }
  }
  return out;
}

function rogersSatchellTerm(o: number, h: number, l: number, c: number): number {
  return Math.log(h / c) * Math.log(h / o) + Math.log(l / c) * Math.log(l / o);
}

/** sigma^2 = var(overnight) + k var(open-to-close) + (1-k) mean(RS), k = 0.34 / (1.34 + (N+1)/(N-1)). */
function yangZhangVariance(bars: BarSeries, window: number): Float64Array {
  const { open, high, low, close } = bars;
  const n = bars.length;
  const overnight = new Float64Array(n);
  const openClose = new Float64Array(n);
  const rs = new Float64Array(n);
  if (n > 0) overnight[0] = NaN;
  for (let t = 0; t < n; t++) {
    if (t > 0) overnight[t] = Math.log(open[t]! / close[t - 1]!);
    openClose[t] = Math.log(close[t]! / open[t]!);
    rs[t] = rogersSatchellTerm(open[t]!, high[t]!, low[t]!, close[t]!);
  }
  const k = 0.34 / (1.34 + (window + 1) / (window - 1));
  const vo = rollingVariance(overnight, window, 1);
  const vc = rollingVariance(openClose, window, 1);
  const vrs = sma(rs, window);
  for (let t = 0; t < n; t++) vo[t] = vo[t]! + k * vc[t]! + (1 - k) * vrs[t]!;
  return vo;
}
