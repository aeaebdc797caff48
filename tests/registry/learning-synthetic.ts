// Synthetic bar series with a known structure (an AR(1) in daily returns), for checking that learned models learn.
import type { BarSeries } from '../../src/registry/model.ts';
import { mulberry32 } from '../../src/registry/seeded-random.ts';

/** Standard normal draws from a seeded generator (Box-Muller). */
export function normals(n: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - rand();
    const v = rand();
    const radius = Math.sqrt(-2 * Math.log(u));
    out[i] = radius * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = radius * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** Daily returns r[t] = mu + phi * (r[t-1] - mu) + sigma * e[t], r[0] = mu. */
export function ar1Returns(n: number, phi: number, sigma: number, seed: number, mu = 0): Float64Array {
  const e = normals(n, seed);
  const r = new Float64Array(n);
  r[0] = mu;
  for (let t = 1; t < n; t++) r[t] = mu + phi * (r[t - 1]! - mu) + sigma * e[t]!;
  return r;
}

/** Bars whose closes compound the given returns from 100 (open = high = low = close), one per day. */
export function barsFromReturns(returns: Float64Array): BarSeries {
  const n = returns.length;
  const close = new Float64Array(n);
  let price = 100;
  for (let t = 0; t < n; t++) {
    if (t > 0) price *= 1 + returns[t]!;
    close[t] = price;
  }
  const time = new Float64Array(n);
  for (let t = 0; t < n; t++) time[t] = Date.UTC(2000, 0, 3) + t * 86_400_000;
  return { length: n, time, open: close, high: close, low: close, close, volume: new Float64Array(n) };
}

/** Index of the first difference between a[0..t] and b[0..t] (NaN equals NaN), or -1. */
export function firstDifference(a: Float64Array, b: Float64Array, t: number): number {
  for (let i = 0; i <= t; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  return -1;
}
