// Thins a long series for plotting while keeping its shape: per bucket, the first point, the minimum and the maximum.

/**
 * Indices of the points to draw, ascending. With n <= maxPoints every index is kept; otherwise the series is cut into
 * about maxPoints/2 buckets and each contributes its minimum and maximum (so spikes and drawdowns stay visible), plus
 * the first and last points. NaN values are never chosen as extremes.
 */
export function thinIndices(values: ArrayLike<number>, maxPoints = 2000): Int32Array {
  const n = values.length;
  if (n <= maxPoints) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const out = new Int32Array(buckets * 2 + 2);
  let k = 0;
  out[k++] = 0;
  for (let b = 0; b < buckets; b++) {
    const lo = 1 + Math.floor((b * (n - 2)) / buckets);
    const hi = 1 + Math.floor(((b + 1) * (n - 2)) / buckets); // exclusive
    let iMin = -1;
    let iMax = -1;
    for (let i = lo; i < hi; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      if (iMin < 0 || v < values[iMin]!) iMin = i;
      if (iMax < 0 || v > values[iMax]!) iMax = i;
    }
    if (iMin < 0) continue;
    if (iMin === iMax) out[k++] = iMin;
    else if (iMin < iMax) {
      out[k++] = iMin;
      out[k++] = iMax;
    } else {
      out[k++] = iMax;
      out[k++] = iMin;
    }
  }
  out[k++] = n - 1;
  return out.slice(0, k);
}

/** Union of the thinned indices of several series sharing one x axis, so their points line up. */
export function thinIndicesOfAll(series: readonly ArrayLike<number>[], maxPoints = 2000): Int32Array {
  if (series.length === 0) return new Int32Array(0);
  const n = series[0]!.length;
  if (n <= maxPoints) return thinIndices(series[0]!, maxPoints);
  const keep = new Uint8Array(n);
  const per = Math.max(4, Math.floor(maxPoints / series.length));
  for (const s of series) for (const i of thinIndices(s, per)) keep[i] = 1;
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i]!;
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) if (keep[i]) out[k++] = i;
  return out;
}
