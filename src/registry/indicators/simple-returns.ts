// Simple returns v[t]/v[t-1] - 1; NaN at t = 0 and wherever either price is missing.
export function simpleReturns(values: Float64Array): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n > 0) out[0] = NaN;
  for (let t = 1; t < n; t++) out[t] = values[t]! / values[t - 1]! - 1;
  return out;
}
