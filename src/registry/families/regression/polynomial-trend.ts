// Rolling polynomial trend forecasters: least-squares fit of price or log price against time over the last W bars,
// the forecast being the fitted curve's step from the last bar to the next one.
import { PolynomialRegression } from 'ml-regression';
import { defineFamily, defineModel, grid } from '../../family.ts';

export interface PolynomialTrendParams {
  readonly degree: 1 | 2 | 3;
  readonly scale: 'price' | 'log';
  readonly window: number;
}

const shapeNames = { 1: 'linear', 2: 'quadratic', 3: 'cubic' } as const;

interface TrendFilter {
  /** Weights giving the fitted value at the window's last bar from its W values (oldest first). */
  readonly last: Float64Array;
  /** Weights giving the fitted value extrapolated one bar past the window. */
  readonly next: Float64Array;
}

/**
 * A least-squares polynomial fit is linear in the observations, so the fitted values at two fixed abscissae are
 * fixed weighted sums of the window. The weights are the fits of the unit vectors, made once per (W, degree) with
 * ml-regression; each bar then costs one pass over its window instead of a fresh regression.
 */
function trendFilter(window: number, degree: number): TrendFilter {
  const x = new Float64Array(window);
  // time scaled to [-1, 0] (last bar at 0) keeps the normal equations well conditioned
  for (let k = 0; k < window; k++) x[k] = (k - (window - 1)) / (window - 1);
  const step = 1 / (window - 1);
  const last = new Float64Array(window);
  const next = new Float64Array(window);
  const unit = new Float64Array(window);
  for (let k = 0; k < window; k++) {
    unit.fill(0);
    unit[k] = 1;
    const fit = new PolynomialRegression(x, unit, degree);
    last[k] = fit.predict(0);
    next[k] = fit.predict(step);
  }
  return { last, next };
}

/** Forecast next-bar simple returns from the trend fitted over each bar's trailing window (NaN before W bars). */
export function polynomialTrendForecast(close: Float64Array, p: PolynomialTrendParams): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  if (n < p.window) return out;
  const { last, next } = trendFilter(p.window, p.degree);
  const y = p.scale === 'log' ? close.map(Math.log) : close;
  for (let t = p.window - 1; t < n; t++) {
    const start = t - p.window + 1;
    let fitLast = 0;
    let fitNext = 0;
    for (let k = 0; k < p.window; k++) {
      const v = y[start + k]!;
      fitLast += last[k]! * v;
      fitNext += next[k]! * v;
    }
    if (p.scale === 'log') out[t] = Math.exp(fitNext - fitLast) - 1;
    else out[t] = fitLast > 0 ? fitNext / fitLast - 1 : NaN;
  }
  return out;
}

export const polynomialTrendFamily = defineFamily<PolynomialTrendParams>({
  name: 'polynomial-trend',
  grid: [
    ...grid({ degree: [1] as const, scale: ['price', 'log'] as const, window: [10, 20, 50, 100, 200] }),
    ...grid({ degree: [2] as const, scale: ['log'] as const, window: [50, 100, 200] }),
    ...grid({ degree: [3] as const, scale: ['log'] as const, window: [100, 200] }),
  ],
  create(p) {
    const shape = shapeNames[p.degree];
    return defineModel(
      {
        id: `${shape}-trend-${p.scale}-${p.window}`,
        name: `${shape[0]!.toUpperCase()}${shape.slice(1)} trend of ${p.scale === 'log' ? 'log price' : 'price'}, ${p.window} bars`,
        category: 'regression',
        description:
          `Fits a degree-${p.degree} polynomial of ${p.scale === 'log' ? 'the log close' : 'the close'} against time over the last ` +
          `${p.window} bars (least squares) and forecasts the next bar's return as the fitted curve's step from the ` +
          'last bar to the next one. Refitted at every bar; no training beyond the window.',
        params: { degree: p.degree, scale: p.scale, window: p.window },
        inputs: ['close'],
        output: 'forecast',
        minHistory: p.window,
      },
      (ctx) => polynomialTrendForecast(ctx.bars.close, p),
    );
  },
});
