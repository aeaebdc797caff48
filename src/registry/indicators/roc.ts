// Rate of change in percent, TA-Lib's ROC: 100 * (v[t]/v[t-n] - 1); NaN for t < n.
export function roc(values: Float64Array, period: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (!(period >= 1)) return out;
  for (let t = period; t < n; t++) out[t] = 100 * (values[t]! / values[t - period]! - 1);
  return out;
}
