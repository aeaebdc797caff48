// Maximum-likelihood GARCH(1,1) and GJR-GARCH(1,1) on returns (Gaussian likelihood, Nelder-Mead on unconstrained parameters).
import { nelderMead } from './nelder-mead.ts';

export interface GarchParams {
  readonly mean: number;
  readonly omega: number;
  readonly alpha: number;
  /** Extra reaction to negative shocks (GJR); 0 for plain GARCH. */
  readonly gamma: number;
  readonly beta: number;
}

const maxPersistence = 0.9999;

/** The next variance from the current one and this bar's return; a missing return leaves it unchanged. */
export function nextVariance(p: GarchParams, variance: number, ret: number): number {
  if (!Number.isFinite(ret)) return variance;
  const e = ret - p.mean;
  const e2 = e * e;
  return p.omega + (p.alpha + (e < 0 ? p.gamma : 0)) * e2 + p.beta * variance;
}

/**
 * Fits on the finite returns in [from, to] (inclusive). Stationarity is built into the parametrisation:
 * persistence alpha + gamma/2 + beta = 0.9999 * logistic(u1) and the split among them by logistic/softmax weights,
 * omega = sampleVariance * exp(u0). The first variance is the sample variance. `start` warm-starts a refit.
 */
export function fitGarch(
  returns: Float64Array,
  from: number,
  to: number,
  asymmetric: boolean,
  start?: GarchParams,
  maxEvals = 300,
): GarchParams | undefined {
  const buf = new Float64Array(Math.max(0, to - from + 1));
  let m = 0;
  let sum = 0;
  for (let t = from; t <= to; t++) {
    const r = returns[t];
    if (Number.isFinite(r)) {
      buf[m++] = r;
      sum += r;
    }
  }
  if (m < 30) return undefined;
  const mean = sum / m;
  let v0 = 0;
  for (let i = 0; i < m; i++) {
    buf[i] -= mean;
    v0 += buf[i] * buf[i];
  }
  v0 /= m;
  if (!(v0 > 0)) return undefined;

  const decode = (u: Float64Array): GarchParams => {
    const p = maxPersistence / (1 + Math.exp(-u[1]));
    if (!asymmetric) {
      const s = 1 / (1 + Math.exp(-u[2]));
      return { mean, omega: v0 * Math.exp(u[0]), alpha: p * s, gamma: 0, beta: p * (1 - s) };
    }
    const ea = Math.exp(u[2]);
    const eg = Math.exp(u[3]);
    const z = ea + eg + 1;
    return { mean, omega: v0 * Math.exp(u[0]), alpha: (p * ea) / z, gamma: (2 * p * eg) / z, beta: p / z };
  };
  const encode = (g: GarchParams): Float64Array => {
    const p = Math.min(g.alpha + g.gamma / 2 + g.beta, maxPersistence * 0.999);
    const u1 = Math.log(p / maxPersistence / (1 - p / maxPersistence));
    const u0 = Math.log(g.omega / v0);
    if (!asymmetric) return Float64Array.of(u0, u1, Math.log(g.alpha / g.beta));
    return Float64Array.of(u0, u1, Math.log(g.alpha / g.beta), Math.log(g.gamma / 2 / g.beta));
  };
  const negLogLik = (u: Float64Array): number => {
    const g = decode(u);
    let v = v0;
    let nll = 0;
    for (let i = 0; i < m; i++) {
      const e = buf[i];
      nll += Math.log(v) + (e * e) / v;
      v = g.omega + (g.alpha + (e < 0 ? g.gamma : 0)) * e * e + g.beta * v;
    }
    return 0.5 * nll;
  };
  const initial: GarchParams = start ?? {
    mean,
    omega: v0 * 0.02,
    alpha: asymmetric ? 0.03 : 0.08,
    gamma: asymmetric ? 0.1 : 0,
    beta: 0.9,
  };
  const safeStart = { ...initial, gamma: asymmetric ? Math.max(initial.gamma, 1e-4) : 0, alpha: Math.max(initial.alpha, 1e-4), beta: Math.max(initial.beta, 1e-4) };
  const best = nelderMead(negLogLik, encode(safeStart), { maxEvals, step: start ? 0.2 : 0.5, tolerance: 1e-7 });
  return decode(best.x);
}
