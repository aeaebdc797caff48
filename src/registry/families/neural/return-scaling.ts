// Maps next-bar returns to and from the small ranges neural nets train well on, using only the training targets.

/** Returns are divided by `unit` (four standard deviations of the training targets) and clipped to [-1, 1]. */
export interface ReturnScale {
  readonly unit: number;
}

export function fitReturnScale(y: readonly number[]): ReturnScale | undefined {
  let sum = 0;
  for (const v of y) sum += v;
  const mean = sum / y.length;
  let ss = 0;
  for (const v of y) ss += (v - mean) * (v - mean);
  const sd = Math.sqrt(ss / y.length);
  return sd > 0 && Number.isFinite(sd) ? { unit: 4 * sd } : undefined;
}

/** A return in units of the scale, clipped to [-1, 1]. */
export function toUnits(r: number, s: ReturnScale): number {
  const u = r / s.unit;
  return u > 1 ? 1 : u < -1 ? -1 : u;
}

export function fromUnits(u: number, s: ReturnScale): number {
  return u * s.unit;
}
