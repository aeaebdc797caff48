// GARCH(1,1) and GJR-GARCH(1,1) volatility forecasters, refitted by maximum likelihood on an expanding window every 252 bars.
import { defineFamily, defineModelWithNotes } from '../../family.ts';
import { logReturns } from '../../indicators/log-returns.ts';
import type { ModelNote } from '../../model.ts';
import { fitGarch, GARCH_MAX_EVALS, GARCH_TOLERANCE, nextVariance, type GarchFitOptions, type GarchParams } from './garch-fit.ts';
import { isoDate } from '../../../calendar/dates.ts';

/** The first fit happens after this bar, then every `refitEvery` bars: anchored at bar indices, so no look-ahead. */
export const garchFirstFit = 252;
export const garchRefitEvery = 252;

/** One maximum-likelihood fit of a run: the bar it was made at (on returns up to it) and how the optimiser ended. */
export interface GarchFitRecord {
  readonly index: number;
  readonly converged: boolean;
  readonly evaluations: number;
}

export interface GarchRun {
  readonly values: Float64Array;
  readonly fits: readonly GarchFitRecord[];
}

/**
 * Per-bar forecast of the next bar's return standard deviation: at t, the variance recursion runs with the
 * parameters of the latest fit at an anchor <= t (fitted on returns up to that anchor). NaN before the first fit.
 * `fits` lists every fit made, with whether it reached the optimiser's tolerance.
 */
export function garchRun(close: Float64Array, asymmetric: boolean, options: GarchFitOptions = {}): GarchRun {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  const r = logReturns(close);
  const fits: GarchFitRecord[] = [];
  let params: GarchParams | undefined;
  let variance = NaN;
  for (let t = 1; t < n; t++) {
    if (t >= garchFirstFit && (t - garchFirstFit) % garchRefitEvery === 0) {
      const fitted = fitGarch(r, 1, t, asymmetric, params, options);
      if (fitted) {
        fits.push({ index: t, converged: fitted.converged, evaluations: fitted.evaluations });
        if (!params) {
          // first fit: warm the recursion over the fit window (all data <= t)
          variance = fitted.omega / Math.max(1e-6, 1 - fitted.alpha - fitted.gamma / 2 - fitted.beta);
          for (let i = 1; i < t; i++) variance = nextVariance(fitted, variance, r[i]!);
        }
        params = fitted;
      }
    }
    if (!params) continue;
    variance = nextVariance(params, variance, r[t]!);
    out[t] = Math.sqrt(variance);
  }
  return { values: out, fits };
}

/** The forecasts alone (see `garchRun`). */
export function garchVolatility(close: Float64Array, asymmetric: boolean): Float64Array {
  return garchRun(close, asymmetric).values;
}

/** One note per fit that stopped before its tolerance, covering the bars its parameters forecast (to the next fit). */
export function unconvergedNotes(name: string, run: GarchRun, time: Float64Array): ModelNote[] {
  const notes: ModelNote[] = [];
  run.fits.forEach((fit, k) => {
    if (fit.converged) return;
    const last = k + 1 < run.fits.length ? run.fits[k + 1]!.index - 1 : time.length - 1;
    const from = time[fit.index]!;
    const to = time[last]!;
    notes.push({
      from,
      to,
      text:
        `The ${name} fit of ${isoDate(from)} stopped after ${fit.evaluations} evaluations before its log-likelihood ` +
        `settled to ${GARCH_TOLERANCE}; forecasts from ${isoDate(from)} to ${isoDate(to)} use its best parameters so ` +
        'far and may be off.',
    });
  });
  return notes;
}

export const garchFamily = defineFamily({
  name: 'garch',
  grid: [{ asymmetric: false }, { asymmetric: true }],
  create: ({ asymmetric }) => {
    const name = asymmetric ? 'GJR-GARCH(1,1)' : 'GARCH(1,1)';
    return defineModelWithNotes(
      {
        id: asymmetric ? 'gjr-garch-1-1' : 'garch-1-1',
        name,
        category: 'volatility',
        description:
          `${asymmetric ? 'GJR-GARCH(1,1): variance reacts more to falls (leverage term gamma)' : 'GARCH(1,1)'} on daily ` +
          `log returns, fitted by Gaussian maximum likelihood on an expanding window, refitted every ${garchRefitEvery} ` +
          `bars from bar ${garchFirstFit}; forecasts the next bar's return standard deviation. Each fit runs ` +
          `Nelder-Mead, restarted from its best point, until the log-likelihood is known to ${GARCH_TOLERANCE} (at ` +
          `most ${GARCH_MAX_EVALS} evaluations); a fit that stops short is named, with its dates, beside its forecasts.`,
        params: {
          p: 1,
          q: 1,
          asymmetric,
          firstFit: garchFirstFit,
          refitEvery: garchRefitEvery,
          tolerance: GARCH_TOLERANCE,
          maxEvaluations: GARCH_MAX_EVALS,
        },
        inputs: ['close'],
        output: 'volatility',
        minHistory: garchFirstFit + 1,
      },
      ({ bars }) => {
        const run = garchRun(bars.close, asymmetric);
        return { values: run.values, notes: unconvergedNotes(name, run, bars.time) };
      },
    );
  },
});
