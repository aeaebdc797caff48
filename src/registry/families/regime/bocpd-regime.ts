// Bayesian online change-point detection (Adams & MacKay 2007) on returns; the state labels the current segment's volatility.
import { defineFamily, defineModel } from '../../family.ts';
import { simpleReturns } from '../../indicators/simple-returns.ts';

const maxRunLength = 300;
const priorReturns = 20;

/** ln Gamma(x) by Lanczos (g = 7, 9 terms), x > 0. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Normal-Gamma model of returns with unknown mean and precision, prior mean 0, kappa0 = 1, alpha0 = 1 and
 * beta0 = the mean square of the first 20 returns (causal). Constant hazard 1/`expectedRun`; the run-length
 * distribution is truncated at 300 bars (bounded cost). The current segment is the maximum a posteriori run
 * length; state 1 (turbulent) when its posterior variance beta/alpha exceeds the mean square of all returns
 * so far, else 0 (calm).
 */
export function bocpdRegimes(close: Float64Array, expectedRun: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n).fill(NaN);
  const r = simpleReturns(close);
  const hazard = 1 / expectedRun;
  const size = maxRunLength + 1;
  let prob = new Float64Array(size);
  let next = new Float64Array(size);
  let mu = new Float64Array(size);
  let kappa = new Float64Array(size);
  let alpha = new Float64Array(size);
  let beta = new Float64Array(size);
  let mu2 = new Float64Array(size);
  let kappa2 = new Float64Array(size);
  let alpha2 = new Float64Array(size);
  let beta2 = new Float64Array(size);
  // Student-t normalising constants depend on alpha only, i.e. on the run length: precompute them once
  const logNorm = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const a = 1 + i / 2;
    logNorm[i] = logGamma(a + 0.5) - logGamma(a) - 0.5 * Math.log(2 * Math.PI * a);
  }
  let beta0 = 0;
  let seen = 0;
  let sumSq = 0;
  let runs = 0; // live run lengths 0..runs-1
  for (let t = 1; t < n; t++) {
    const x = r[t]!;
    if (!Number.isFinite(x)) {
      if (runs > 0) out[t] = out[t - 1]!;
      continue;
    }
    seen++;
    sumSq += x * x;
    if (seen <= priorReturns) {
      beta0 += (x * x) / priorReturns;
      if (seen === priorReturns) {
        prob[0] = 1;
        mu[0] = 0;
        kappa[0] = 1;
        alpha[0] = 1;
        beta[0] = Math.max(beta0, 1e-12);
        runs = 1;
      }
      continue;
    }
    // predictive probability of x under each run length, growth and change-point masses
    let cp = 0;
    let total = 0;
    const grown = Math.min(runs + 1, size);
    for (let i = 0; i < runs; i++) {
      const a = alpha[i]!;
      const scale2 = (beta[i]! * (kappa[i]! + 1)) / (a * kappa[i]!);
      const d = x - mu[i]!;
      const logPred = logNorm[i]! - 0.5 * Math.log(scale2) - (a + 0.5) * Math.log(1 + (d * d) / (2 * a * scale2));
      const pm = prob[i]! * Math.exp(logPred);
      cp += pm * hazard;
      if (i + 1 < size) {
        next[i + 1] = pm * (1 - hazard);
        total += next[i + 1]!;
        // posterior update of run i with x becomes run i+1
        const k1 = kappa[i]! + 1;
        mu2[i + 1] = (kappa[i]! * mu[i]! + x) / k1;
        kappa2[i + 1] = k1;
        alpha2[i + 1] = a + 0.5;
        beta2[i + 1] = beta[i]! + (kappa[i]! * d * d) / (2 * k1);
      }
    }
    next[0] = cp;
    total += cp;
    mu2[0] = 0;
    kappa2[0] = 1;
    alpha2[0] = 1;
    beta2[0] = Math.max(beta0, 1e-12);
    if (!(total > 0)) {
      next.fill(0, 0, grown);
      next[0] = 1;
      total = 1;
    }
    let best = 0;
    for (let i = 0; i < grown; i++) {
      next[i]! /= total;
      if (next[i]! > next[best]!) best = i;
    }
    [prob, next] = [next, prob];
    [mu, mu2] = [mu2, mu];
    [kappa, kappa2] = [kappa2, kappa];
    [alpha, alpha2] = [alpha2, alpha];
    [beta, beta2] = [beta2, beta];
    runs = grown;
    out[t] = beta[best]! / alpha[best]! > sumSq / seen ? 1 : 0;
  }
  return out;
}

export const bocpdRegimeFamily = defineFamily({
  name: 'bocpd-regime',
  grid: [100, 250].map((expectedRun) => ({ expectedRun })),
  create: ({ expectedRun }) =>
    defineModel(
      {
        id: `bocpd-${expectedRun}`,
        name: `Bayesian change point (expected run ${expectedRun})`,
        category: 'regime',
        description: `Bayesian online change-point detection on daily returns (Normal-Gamma model, constant hazard 1/${expectedRun}, run length capped at ${maxRunLength}); the current segment is the most probable run length, labelled turbulent (1) when its posterior variance exceeds the average squared return so far, calm (0) otherwise.`,
        params: { expectedRun, maxRunLength },
        inputs: ['close'],
        output: 'regime',
        minHistory: priorReturns + 2,
        regimeLabels: ['calm', 'turbulent'],
      },
      ({ bars }) => bocpdRegimes(bars.close, expectedRun),
    ),
});
