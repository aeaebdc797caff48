// Says, before a model runs, why it cannot run on a symbol's data (a close-only series lacking a field it reads, a FRED
// series not in the store), so the task fails with a sentence a user can act on instead of a model's arithmetic
// error or a neutral answer that looks like a reading.
import type { BarSeries, ExtraSeries, ModelSpec } from '../../registry/model.ts';
import { hasAnyValue } from '../backtest/fill-prices.ts';
import { missingSeriesMessage, requiredSeries } from '../data/model-inputs.ts';

const BAR_FIELDS = ['open', 'high', 'low', 'volume'] as const;
type BarField = (typeof BAR_FIELDS)[number];

/** True when the series has at least one observation with a value (a series of only missing values serves nothing). */
function holdsValue(series: ExtraSeries | undefined): boolean {
  return !!series && hasAnyValue(series.value);
}

/** The bar fields (open, high, low, volume) of which the data holds no value at all: close-only data has none. */
export function absentBarFields(bars: BarSeries): BarField[] {
  return BAR_FIELDS.filter((f) => !hasAnyValue(bars[f]));
}

/**
 * The reason `model` cannot run on these bars and series, or undefined when it can: the evaluation, the backtest and
 * the chat's readings all ask here. `label` names the data, e.g. "AAPL 1mo".
 */
export function missingInputs(
  model: ModelSpec,
  bars: BarSeries,
  label: string,
  absent: readonly string[] = absentBarFields(bars),
  series: Readonly<Record<string, ExtraSeries>> = {},
): string | undefined {
  const wanted = model.inputs.filter((i) => absent.includes(i));
  if (wanted.length > 0) {
    const names = wanted.length > 1 ? `${wanted.slice(0, -1).join(', ')} and ${wanted[wanted.length - 1]}` : wanted[0]!;
    return `${model.id} needs ${names} prices, and ${label} has close-only bars (no ${wanted.join('/')}).`;
  }
  // Position and forecast outputs need no opens: on close-only data the backtest fills at the next close instead.
  const lacking = requiredSeries(model).filter((id) => !holdsValue(series[id]));
  if (lacking.length > 0) return missingSeriesMessage(model, lacking);
  return undefined;
}
