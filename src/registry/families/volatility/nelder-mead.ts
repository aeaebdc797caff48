// Nelder-Mead simplex minimiser for the small likelihood fits (GARCH): run to a stated tolerance, restarted from its
// best point until a restart confirms the minimum, with a hard cap on function evaluations that is reported when hit.
export interface NelderMeadOptions {
  /** Hard cap on objective evaluations: keeps every fit bounded. */
  readonly maxEvals?: number;
  /** Initial simplex edge along each axis. */
  readonly step?: number;
  /** Stop when the simplex's objective values span less than this. */
  readonly tolerance?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly evals: number;
  /** The simplex's values came within `tolerance` of each other before `maxEvals`. */
  readonly converged: boolean;
}

export interface RestartOptions extends NelderMeadOptions {
  /** Edge of each restart's fresh simplex around the best point so far. */
  readonly restartStep?: number;
}

/**
 * Nelder-Mead restarted from its best point with a fresh simplex until a whole run (converged) improves the minimum
 * by less than `tolerance`. A simplex can collapse onto a slope or a ridge and stop there with its values within the
 * tolerance of each other, short of the minimum; a fresh simplex around that point either moves on (it was not the
 * minimum: keep going) or confirms it. `converged` is false when `maxEvals`, summed over the runs, ran out first.
 */
export function nelderMeadWithRestarts(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  { maxEvals = 4000, step = 0.5, tolerance = 1e-8, restartStep = 0.1 }: RestartOptions = {},
): NelderMeadResult {
  let best = nelderMead(f, x0, { maxEvals, step, tolerance });
  let evals = best.evals;
  while (best.converged) {
    const next = nelderMead(f, best.x, { maxEvals: maxEvals - evals, step: restartStep, tolerance });
    evals += next.evals;
    const improvement = best.value - next.value;
    if (next.value < best.value) best = next;
    if (!next.converged) return { ...best, evals, converged: false };
    if (improvement < tolerance) return { ...best, evals, converged: true };
  }
  return { ...best, evals, converged: false };
}

export function nelderMead(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  { maxEvals = 400, step = 0.5, tolerance = 1e-8 }: NelderMeadOptions = {},
): NelderMeadResult {
  const d = x0.length;
  const pts: Float64Array[] = [];
  const vals = new Float64Array(d + 1);
  let evals = 0;
  const evalAt = (x: Float64Array): number => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  for (let i = 0; i <= d; i++) {
    const p = Float64Array.from(x0);
    if (i > 0) p[i - 1]! += step;
    pts.push(p);
    vals[i] = evalAt(p);
  }
  const order = Array.from({ length: d + 1 }, (_, i) => i);
  const centroid = new Float64Array(d);
  const xr = new Float64Array(d);
  const xe = new Float64Array(d);
  const xc = new Float64Array(d);
  let converged = false;
  while (evals < maxEvals) {
    order.sort((a, b) => vals[a]! - vals[b]!);
    const best = order[0]!;
    const worst = order[d]!;
    const second = order[d - 1]!;
    if (Math.abs(vals[worst]! - vals[best]!) < tolerance) {
      converged = true;
      break;
    }
    centroid.fill(0);
    for (let k = 0; k < d; k++) {
      const p = pts[order[k]!]!;
      for (let j = 0; j < d; j++) centroid[j]! += p[j]! / d;
    }
    const pw = pts[worst]!;
    for (let j = 0; j < d; j++) xr[j] = centroid[j]! + (centroid[j]! - pw[j]!);
    const fr = evalAt(xr);
    if (fr < vals[best]!) {
      for (let j = 0; j < d; j++) xe[j] = centroid[j]! + 2 * (centroid[j]! - pw[j]!);
      const fe = evalAt(xe);
      if (fe < fr) {
        pw.set(xe);
        vals[worst] = fe;
      } else {
        pw.set(xr);
        vals[worst] = fr;
      }
    } else if (fr < vals[second]!) {
      pw.set(xr);
      vals[worst] = fr;
    } else {
      // contract towards the better of the worst point and its reflection
      const outside = fr < vals[worst]!;
      for (let j = 0; j < d; j++) xc[j] = centroid[j]! + 0.5 * ((outside ? xr[j]! : pw[j]!) - centroid[j]!);
      const fc = evalAt(xc);
      if (fc < Math.min(fr, vals[worst]!)) {
        pw.set(xc);
        vals[worst] = fc;
      } else {
        const pb = pts[best]!;
        for (let k = 1; k <= d; k++) {
          const p = pts[order[k]!]!;
          for (let j = 0; j < d; j++) p[j] = pb[j]! + 0.5 * (p[j]! - pb[j]!);
          vals[order[k]!] = evalAt(p);
        }
      }
    }
  }
  let bi = 0;
  for (let i = 1; i <= d; i++) if (vals[i]! < vals[bi]!) bi = i;
  if (!converged) {
    // the budget may run out exactly as the simplex settles
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i <= d; i++) {
      lo = Math.min(lo, vals[i]!);
      hi = Math.max(hi, vals[i]!);
    }
    converged = hi - lo < tolerance;
  }
  return { x: Float64Array.from(pts[bi]!), value: vals[bi]!, evals, converged };
}
