// Rolling maximum and minimum over a window including t, O(n) with a monotonic deque of indices.
/** NaN until the window holds `period` finite values; a non-finite value empties the window. */
export function rollingMax(values: Float64Array, period: number): Float64Array {
  return rollingExtreme(values, period, true);
}

export function rollingMin(values: Float64Array, period: number): Float64Array {
  return rollingExtreme(values, period, false);
}

function rollingExtreme(values: Float64Array, period: number, max: boolean): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  if (!(period >= 1)) return out;
  const deque = new Int32Array(n); // indices, values monotonic from head to tail
  let head = 0;
  let tail = 0;
  let lastBad = -1;
  for (let t = 0; t < n; t++) {
    const v = values[t]!;
    if (!Number.isFinite(v)) {
      lastBad = t;
      head = tail = 0;
      continue;
    }
    if (max) {
      while (tail > head && values[deque[tail - 1]!]! <= v) tail--;
    } else {
      while (tail > head && values[deque[tail - 1]!]! >= v) tail--;
    }
    deque[tail++] = t;
    if (deque[head]! <= t - period) head++;
    if (t - lastBad >= period) out[t] = values[deque[head]!]!;
  }
  return out;
}
