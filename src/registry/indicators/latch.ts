// A long/flat latch: go to 1 when `enter(t)`, to 0 when `exit(t)`, otherwise keep; 0 (and reset) while not `ready(t)`.
export function latch(
  n: number,
  ready: (t: number) => boolean,
  enter: (t: number) => boolean,
  exit: (t: number) => boolean,
): Float64Array {
  const out = new Float64Array(n);
  let w = 0;
  for (let t = 0; t < n; t++) {
    if (!ready(t)) {
      w = 0;
    } else if (enter(t)) {
      w = 1;
    } else if (exit(t)) {
      w = 0;
    }
    out[t] = w;
  }
  return out;
}
