// GARCH(1,1) and GJR-GARCH(1,1) volatility forecasters, refitted by maximum likelihood on an expanding window every 252 bars.
import { defineFamily, defineModel } from '../../family.ts';
import { logReturns } from '../../indicators/log-returns.ts';
import { fitGarch, nextVariance, type GarchParams } from './garch-fit.ts';

/** The first fit happens after this bar, then every `refitEvery` bars: anchored at bar indices, so no look-ahead. */
export const garchFirstFit = 252;
export const garchRefitEvery = 252;

/**
 * Per-bar forecast of the next bar's return standard deviation: at t, the variance recursion runs with the
 * parameters of the latest fit at an anchor <= t (fitted on returns up to that anchor). NaN before the first fit.
 */
export function garchVolatility(close: Float64Array, asymmetric: boolean): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  const r = logReturns(close);
  let params: GarchParams | undefined;
  let variance = NaN;
  for (let t = 1; t < n; t++) {
    if (t >= garchFirstFit && (t - garchFirstFit) % garchRefitEvery === 0) {
      const fitted = fitGarch(r, 1, t, asymmetric, params);
      if (fitted) {
        if (!params) {
          // first fit: warm the recursion over the fit window (all data <= t)
          variance = fitted.omega / Math.max(1e-6, 1 - fitted.alpha - fitted.gamma / 2 - fitted.beta);
          for (let i = 1; i < t; i++) variance = nextVariance(fitted, variance, r[i]);
        }
        params = fitted;
      }
    }
    if (!params) continue;
    variance = nextVariance(params, variance, r[t]);
    out[t] = Math.sqrt(variance);
  }
  return out;
}

export const garchFamily = defineFamily({
  name: 'garch',
  grid: [{ asymmetric: false }, { asymmetric: true }],
  create: ({ asymmetric }) =>
    defineModel(
      {
        id: asymmetric ? 'gjr-garch-1-1' : 'garch-1-1',
        name: asymmetric ? 'GJR-GARCH(1,1)' : 'GARCH(1,1)',
        category: 'volatility',
        description: `${asymmetric ? 'GJR-GARCH(1,1): variance reacts more to falls (leverage term gamma)' : 'GARCH(1,1)'} on daily log returns, fitted by Gaussian maximum likelihood (Nelder-Mead) on an expanding window, refitted every ${garchRefitEvery} bars from bar ${garchFirstFit}; forecasts the next bar's return standard deviation.`,
        params: { p: 1, q: 1, asymmetric, firstFit: garchFirstFit, refitEvery: garchRefitEvery },
        inputs: ['close'],
        output: 'volatility',
        minHistory: garchFirstFit + 1,
      },
      ({ bars }) => garchVolatility(bars.close, asymmetric),
    ),
});
