// True range: max(high-low, |high-prevClose|, |low-prevClose|) from t = 1 (it needs the previous close); NaN at 0.
export function trueRange(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const n = close.length;
  const out = new Float64Array(n);
  if (n > 0) out[0] = NaN;
  for (let t = 1; t < n; t++) {
    const pc = close[t - 1]!;
    const h = high[t]!;
    const l = low[t]!;
    let v = h - l;
    const a = Math.abs(h - pc);
    const b = Math.abs(l - pc);
    if (a > v) v = a;
    if (b > v) v = b;
    out[t] = v;
  }
  return out;
}
