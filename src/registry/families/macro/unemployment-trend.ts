// Whether the unemployment rate is above its own trailing average (the labour market deteriorating), as known at each bar.
import type { ModelContext } from '../../model.ts';
import { alignFred, fredSeries } from './fred-inputs.ts';
import { gapToTrailingMean } from './observation-transforms.ts';

export const UNEMPLOYMENT_SERIES = 'UNRATE';

/**
 * Per bar: 1 when the latest published UNRATE is above the mean of the last `months` published values (itself
 * included), 0 when at or below it, NaN while unknown; undefined when the context has no UNRATE.
 */
export function unemploymentAboveTrend(ctx: ModelContext, months: number): Float64Array | undefined {
  const rate = fredSeries(ctx, UNEMPLOYMENT_SERIES);
  if (!rate) return undefined;
  const gap = alignFred(ctx, UNEMPLOYMENT_SERIES, gapToTrailingMean(rate, months));
  for (let t = 0; t < gap.length; t++) if (gap[t] === gap[t]) gap[t] = gap[t]! > 0 ? 1 : 0;
  return gap;
}
