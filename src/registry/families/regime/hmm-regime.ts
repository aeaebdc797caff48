// Hidden Markov regimes: a Gaussian HMM on daily log returns, refitted by Baum-Welch on a fixed schedule, read by the forward filter.
import { defineFamily, defineModel } from '../../family.ts';
import { logReturns } from '../../indicators/log-returns.ts';
import { filterStep, fitHmm, type HmmParams } from './gaussian-hmm.ts';

const firstFit = 504;
const refitEvery = 252;
const labels: Record<number, readonly string[]> = {
  2: ['calm', 'turbulent'],
  3: ['calm', 'normal', 'turbulent'],
};

/**
 * The state at t is the argmax of the filtered probabilities P(state_t | returns up to t), with parameters of
 * the latest fit at an anchor bar <= t (fitted on returns up to that anchor). Never smoothed: smoothing would
 * use returns after t.
 */
export function hmmRegimes(close: Float64Array, states: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  const r = logReturns(close);
  const probs = new Float64Array(states);
  const scratch = new Float64Array(2 * states);
  let params: HmmParams | undefined;
  for (let t = 1; t < n; t++) {
    if (t >= firstFit && (t - firstFit) % refitEvery === 0) {
      const fitted = fitHmm(r, 1, t, states, params, params ? 15 : 40);
      if (fitted) {
        if (!params) {
          // first fit: filter through the fit window (data <= t) to get the current probabilities
          for (let i = 1; i < t; i++) filterStep(fitted, probs, r[i]!, i === 1, scratch);
        }
        params = fitted;
      }
    }
    if (!params) continue;
    filterStep(params, probs, r[t]!, false, scratch);
    let best = 0;
    for (let s = 1; s < states; s++) if (probs[s]! > probs[best]!) best = s;
    out[t] = best;
  }
  return out;
}

export const hmmRegimeFamily = defineFamily({
  name: 'hmm-regime',
  grid: [2, 3].map((states) => ({ states })),
  create: ({ states }) =>
    defineModel(
      {
        id: `hmm-${states}-state`,
        name: `${states}-state Gaussian HMM regime`,
        category: 'regime',
        description: `A ${states}-state Gaussian hidden Markov model of daily log returns, fitted by Baum-Welch on an expanding window from bar ${firstFit} and every ${refitEvery} bars after; the state is the most probable one under the forward filter (never smoothed). States are ordered by variance: ${labels[states]!.join(', ')}.`,
        params: { states, firstFit, refitEvery },
        inputs: ['close'],
        output: 'regime',
        minHistory: firstFit + 1,
        regimeLabels: labels[states],
      },
      ({ bars }) => hmmRegimes(bars.close, states),
    ),
});
