// Wilder's parabolic stop-and-reverse (Tulip / TA-Lib style): the first trend is up when the mid price rises from bar 0 to 1.
export interface ParabolicSar {
  /** The stop for bar t, computed after bar t's close; NaN at t = 0. */
  readonly sar: Float64Array;
  /** 1 while the trend is up (stop below price), 0 while it is down; NaN at t = 0. */
  readonly long: Float64Array;
}

export function parabolicSar(high: Float64Array, low: Float64Array, step = 0.02, max = 0.2): ParabolicSar {
  const n = high.length;
  const sarOut = new Float64Array(n).fill(NaN);
  const longOut = new Float64Array(n).fill(NaN);
  if (n < 2) return { sar: sarOut, long: longOut };
  let up = high[0]! + low[0]! <= high[1]! + low[1]!;
  let extreme = up ? high[0]! : low[0]!;
  let sar = up ? low[0]! : high[0]!;
  let accel = step;
  for (let t = 1; t < n; t++) {
    const h = high[t]!;
    const l = low[t]!;
    if (!(Number.isFinite(h) && Number.isFinite(l))) {
      // a missing bar carries the stop and trend unchanged
      sarOut[t] = sarOut[t - 1]!;
      longOut[t] = longOut[t - 1]!;
      continue;
    }
    sar = (extreme - sar) * accel + sar;
    if (up) {
      if (t >= 2 && sar > low[t - 2]!) sar = low[t - 2]!;
      if (sar > low[t - 1]!) sar = low[t - 1]!;
      if (accel < max && h > extreme) accel = Math.min(accel + step, max);
      if (h > extreme) extreme = h;
    } else {
      if (t >= 2 && sar < high[t - 2]!) sar = high[t - 2]!;
      if (sar < high[t - 1]!) sar = high[t - 1]!;
      if (accel < max && l < extreme) accel = Math.min(accel + step, max);
      if (l < extreme) extreme = l;
    }
    if ((up && l < sar) || (!up && h > sar)) {
      accel = step;
      sar = extreme;
      up = !up;
      extreme = up ? h : l;
    }
    sarOut[t] = sar;
    longOut[t] = up ? 1 : 0;
  }
  return { sar: sarOut, long: longOut };
}
