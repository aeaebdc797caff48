// The Treasury yield-curve slope from FRED: a long yield minus a short one, on the days both are observed.
import type { ExtraSeries, ModelContext } from '../../model.ts';
import { fredSeries } from './fred-inputs.ts';
import { differenceByDate } from './observation-transforms.ts';

export interface CurveSpread {
  /** Id fragment, e.g. `10y3m`. */
  readonly name: string;
  /** Human label, e.g. `10-year minus 3-month`. */
  readonly label: string;
  readonly long: string;
  readonly short: string;
}

/** The two slopes the recession literature watches: 10y-3m (Estrella and Mishkin) and 10y-2y. */
export const CURVE_SPREADS: readonly CurveSpread[] = [
  { name: '10y3m', label: '10-year minus 3-month', long: 'DGS10', short: 'DGS3MO' },
  { name: '10y2y', label: '10-year minus 2-year', long: 'DGS10', short: 'DGS2' },
];

/** The spread's observations (percentage points), or undefined when either leg is missing from the context. */
export function spreadObservations(ctx: ModelContext, spread: CurveSpread): ExtraSeries | undefined {
  const long = fredSeries(ctx, spread.long);
  const short = fredSeries(ctx, spread.short);
  return long && short ? differenceByDate(long, short) : undefined;
}
