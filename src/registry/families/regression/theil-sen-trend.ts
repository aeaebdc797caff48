// Rolling Theil-Sen trend forecasters: the median pairwise slope of log price against time over the last W bars
// (robust to single outliers), forecasting the next bar's return as that slope.
import { TheilSenRegression } from 'ml-regression';
import { defineFamily, defineModel } from '../../family.ts';

export interface TheilSenTrendParams {
  readonly window: number;
}

export function theilSenTrendForecast(close: Float64Array, window: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  if (n < window) return out;
  const logClose = close.map(Math.log);
  const x = new Float64Array(window);
  for (let k = 0; k < window; k++) x[k] = k;
  for (let t = window - 1; t < n; t++) {
    const y = logClose.subarray(t - window + 1, t + 1);
    let clean = true;
    for (let k = 0; k < window; k++) if (!Number.isFinite(y[k])) clean = false;
    if (!clean) continue;
    out[t] = Math.exp(new TheilSenRegression(x, y).slope) - 1;
  }
  return out;
}

export const theilSenTrendFamily = defineFamily<TheilSenTrendParams>({
  name: 'theil-sen-trend',
  grid: [{ window: 20 }, { window: 50 }, { window: 100 }],
  create(p) {
    return defineModel(
      {
        id: `theil-sen-trend-log-${p.window}`,
        name: `Theil-Sen trend of log price, ${p.window} bars`,
        category: 'regression',
        description:
          `Theil-Sen estimator (median of all pairwise slopes) of the log close against time over the last ${p.window} ` +
          "bars; the next bar's forecast return is exp(slope) - 1. Robust to a few outlying days; refitted at every bar.",
        params: { window: p.window },
        inputs: ['close'],
        output: 'forecast',
        minHistory: p.window,
      },
      (ctx) => theilSenTrendForecast(ctx.bars.close, p.window),
    );
  },
});
