// Says, before a model runs, why it cannot be evaluated on a symbol's data (a close-only series, a missing FRED series),
// so the task fails with a sentence a user can act on instead of a model's arithmetic error.
import type { BarSeries, ExtraSeries, ModelSpec } from '../../registry/model.ts';

const BAR_FIELDS = ['open', 'high', 'low', 'volume'] as const;
type BarField = (typeof BAR_FIELDS)[number];

function hasAny(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) return true;
  return false;
}

/** The bar fields (open, high, low, volume) of which the data holds no value at all: close-only data has none. */
export function absentBarFields(bars: BarSeries): BarField[] {
  return BAR_FIELDS.filter((f) => !hasAny(bars[f]));
}

/**
 * The reason `model` cannot be evaluated on these bars, or undefined when it can. `label` names the data, e.g.
 * "AAPL 1mo". Position and forecast outputs are scored by a backtest that trades at the open, so they need opens too.
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
  if ((model.output === 'position' || model.output === 'forecast') && absent.includes('open')) {
    return `${model.id} is scored by a backtest that trades at the open, and ${label} has close-only bars (no open prices).`;
  }
  const needed = [...(model.requiresSeries ?? []), ...model.inputs.filter((i) => i.startsWith('fred:')).map((i) => i.slice(5))];
  const lacking = [...new Set(needed)].filter((id) => !series[id] || series[id]!.time.length === 0);
  if (lacking.length > 0) {
    const pulls = lacking.map((id) => `\`mltrainer data pull --source fred --series ${id}\``).join(' and ');
    return `${model.id} needs the economic series ${lacking.join(', ')}; pull ${lacking.length > 1 ? 'them' : 'it'} first with ${pulls}.`;
  }
  return undefined;
}
