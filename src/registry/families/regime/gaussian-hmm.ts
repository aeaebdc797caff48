// A K-state Gaussian hidden Markov model of returns: Baum-Welch fitting (scaled forward-backward) and the forward filter.
export interface HmmParams {
  readonly states: number;
  readonly initial: Float64Array; // K
  readonly transition: Float64Array; // K x K, row-major: from i to j at [i*K + j]
  readonly mean: Float64Array; // K
  readonly variance: Float64Array; // K, ascending after fitting: state 0 is the calmest
}

const logRoot2Pi = 0.5 * Math.log(2 * Math.PI);

/** Emission likelihoods of x in every state, scaled by exp(-max log-density) into `into`; returns that max. */
function emissions(p: HmmParams, x: number, into: Float64Array): number {
  const k = p.states;
  let max = -Infinity;
  for (let s = 0; s < k; s++) {
    const d = x - p.mean[s]!;
    const lp = -logRoot2Pi - 0.5 * Math.log(p.variance[s]!) - (0.5 * d * d) / p.variance[s]!;
    into[s] = lp;
    if (lp > max) max = lp;
  }
  for (let s = 0; s < k; s++) into[s] = Math.exp(into[s]! - max);
  return max;
}

/**
 * One forward-filter step: prior (filtered probabilities at t-1, or the initial distribution when `first`)
 * -> filtered probabilities at t given x. A missing x only propagates through the transition matrix.
 * `scratch` needs 2K entries. Never uses later observations (no smoothing).
 */
export function filterStep(p: HmmParams, probs: Float64Array, x: number, first: boolean, scratch: Float64Array): void {
  const k = p.states;
  const pred = scratch.subarray(0, k);
  const b = scratch.subarray(k, 2 * k);
  for (let j = 0; j < k; j++) {
    if (first) {
      pred[j] = p.initial[j]!;
      continue;
    }
    let s = 0;
    for (let i = 0; i < k; i++) s += probs[i]! * p.transition[i * k + j]!;
    pred[j] = s;
  }
  if (!Number.isFinite(x)) {
    probs.set(pred);
    return;
  }
  emissions(p, x, b);
  let total = 0;
  for (let j = 0; j < k; j++) {
    pred[j]! *= b[j]!;
    total += pred[j]!;
  }
  for (let j = 0; j < k; j++) probs[j] = total > 0 ? pred[j]! / total : 1 / k;
}

function initialGuess(states: number, mean: number, variance: number): HmmParams {
  const spread = states === 2 ? [0.5, 2] : Array.from({ length: states }, (_, s) => 0.4 * Math.pow(7.5, s / (states - 1)));
  const transition = new Float64Array(states * states);
  for (let i = 0; i < states; i++)
    for (let j = 0; j < states; j++) transition[i * states + j] = i === j ? 0.98 : 0.02 / (states - 1);
  return {
    states,
    initial: new Float64Array(states).fill(1 / states),
    transition,
    mean: new Float64Array(states).fill(mean),
    variance: Float64Array.from(spread, (m) => m * variance),
  };
}

/**
 * Baum-Welch (EM) on the finite values of x[from..to]: at most `maxIter` iterations, stopping when the
 * log-likelihood gains less than 1e-7 per observation. Warm-starts from `start`. Variances are floored at
 * 1e-3 of the sample variance so a state cannot collapse onto one point. States come back sorted by variance.
 */
export function fitHmm(
  x: Float64Array,
  from: number,
  to: number,
  states: number,
  start?: HmmParams,
  maxIter = 40,
): HmmParams | undefined {
  const obs = new Float64Array(Math.max(0, to - from + 1));
  let m = 0;
  let sum = 0;
  for (let t = from; t <= to; t++) {
    if (Number.isFinite(x[t])) {
      obs[m++] = x[t]!;
      sum += x[t]!;
    }
  }
  if (m < 20 * states) return undefined;
  const mean0 = sum / m;
  let var0 = 0;
  for (let i = 0; i < m; i++) var0 += (obs[i]! - mean0) ** 2;
  var0 /= m;
  if (!(var0 > 0)) return undefined;
  const floor = var0 * 1e-3;
  const k = states;
  const p = start ? copyParams(start) : initialGuess(states, mean0, var0);
  const alpha = new Float64Array(m * k);
  const beta = new Float64Array(m * k);
  const b = new Float64Array(m * k);
  const scale = new Float64Array(m);
  const bt = new Float64Array(k);
  const xi = new Float64Array(k * k);
  const gammaSum = new Float64Array(k);
  let prevLl = -Infinity;
  for (let iter = 0; iter < maxIter; iter++) {
    // E step: scaled forward pass
    let ll = 0;
    for (let t = 0; t < m; t++) {
      ll += emissions(p, obs[t]!, bt);
      b.set(bt, t * k);
      let c = 0;
      for (let j = 0; j < k; j++) {
        let s = 0;
        if (t === 0) s = p.initial[j]!;
        else for (let i = 0; i < k; i++) s += alpha[(t - 1) * k + i]! * p.transition[i * k + j]!;
        const a = s * bt[j]!;
        alpha[t * k + j] = a;
        c += a;
      }
      if (!(c > 0)) c = 1e-300;
      scale[t] = c;
      ll += Math.log(c);
      for (let j = 0; j < k; j++) alpha[t * k + j]! /= c;
    }
    // backward pass with the same scales
    for (let j = 0; j < k; j++) beta[(m - 1) * k + j] = 1;
    for (let t = m - 2; t >= 0; t--) {
      for (let i = 0; i < k; i++) {
        let s = 0;
        for (let j = 0; j < k; j++) s += p.transition[i * k + j]! * b[(t + 1) * k + j]! * beta[(t + 1) * k + j]!;
        beta[t * k + i] = s / scale[t + 1]!;
      }
    }
    // M step
    xi.fill(0);
    gammaSum.fill(0);
    const newMean = new Float64Array(k);
    const newVar = new Float64Array(k);
    for (let t = 0; t < m; t++) {
      for (let i = 0; i < k; i++) {
        const g = alpha[t * k + i]! * beta[t * k + i]!;
        gammaSum[i]! += g;
        newMean[i]! += g * obs[t]!;
        if (t === 0) p.initial[i] = g;
        if (t < m - 1) {
          const base = (alpha[t * k + i]! * 1) / scale[t + 1]!;
          for (let j = 0; j < k; j++) xi[i * k + j]! += base * p.transition[i * k + j]! * b[(t + 1) * k + j]! * beta[(t + 1) * k + j]!;
        }
      }
    }
    for (let i = 0; i < k; i++) newMean[i]! /= gammaSum[i] || 1;
    for (let t = 0; t < m; t++) {
      for (let i = 0; i < k; i++) {
        const d = obs[t]! - newMean[i]!;
        newVar[i]! += alpha[t * k + i]! * beta[t * k + i]! * d * d;
      }
    }
    for (let i = 0; i < k; i++) {
      let row = 0;
      for (let j = 0; j < k; j++) row += xi[i * k + j]!;
      for (let j = 0; j < k; j++) p.transition[i * k + j] = row > 0 ? xi[i * k + j]! / row : 1 / k;
      p.mean[i] = newMean[i]!;
      p.variance[i] = Math.max(floor, newVar[i]! / (gammaSum[i] || 1));
    }
    if (ll - prevLl < 1e-7 * m) break;
    prevLl = ll;
  }
  return sortByVariance(p);
}

function copyParams(p: HmmParams): HmmParams {
  return {
    states: p.states,
    initial: Float64Array.from(p.initial),
    transition: Float64Array.from(p.transition),
    mean: Float64Array.from(p.mean),
    variance: Float64Array.from(p.variance),
  };
}

function sortByVariance(p: HmmParams): HmmParams {
  const k = p.states;
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => p.variance[a]! - p.variance[b]!);
  const transition = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) transition[i * k + j] = p.transition[order[i]! * k + order[j]!]!;
  return {
    states: k,
    initial: Float64Array.from(order, (o) => p.initial[o]!),
    transition,
    mean: Float64Array.from(order, (o) => p.mean[o]!),
    variance: Float64Array.from(order, (o) => p.variance[o]!),
  };
}
