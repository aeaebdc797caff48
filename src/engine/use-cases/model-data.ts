// What the chat's model tasks (/predict, /volatility, /risk, /regime, /recommend, /backtest, /compare and the CLI
// backtest) run a model on: the symbol's bars and every economic series the model reads. Every one of them passes
// through here, so a model the data cannot serve (close-only bars lacking a field it reads, a FRED series not pulled)
// is refused with the evaluation's sentence instead of answering with a neutral output that looks like a reading.
import type { Timeframe } from '../data/bar.ts';
import { requiredSeries } from '../data/model-inputs.ts';
import { absentBarFields, missingInputs } from '../evaluate/missing-inputs.ts';
import { UserError } from '../user-error.ts';
import type { ExtraSeries, Model } from '../../registry/model.ts';
import type { BarStore } from '../data/bar-store.ts';
import type { SeriesStore } from '../data/series-store.ts';
import { loadSymbolBars, type SymbolBars } from './symbol-bars.ts';

/** Where a model's data is read from. */
export interface ModelDataStores {
  bars: BarStore;
  series: SeriesStore;
}

export interface ModelData extends SymbolBars {
  /** The economic series the models read, by FRED id (hand them to `model.run` with the bars). */
  series: Record<string, ExtraSeries>;
}

export interface ModelRefusal {
  model: Model;
  /** The sentence a user sees, e.g. "adx-14 needs high and low prices, and AAPL 1mo has close-only bars (no high/low)." */
  reason: string;
}

export interface UsableModelData extends ModelData {
  /** The models that can run on the data, in the order given. */
  usable: Model[];
  refused: ModelRefusal[];
}

/**
 * Reads the symbol's bars (the given timeframe, else daily when stored) and the series `models` read, and sets apart
 * the models that cannot run on them. For default model lists, where one unusable model should not sink the answer.
 */
export async function loadUsableModelData(
  stores: ModelDataStores,
  symbolText: string,
  models: readonly Model[],
  opts: { timeframe?: Timeframe } = {},
): Promise<UsableModelData> {
  const sb = await loadSymbolBars(stores, symbolText, opts.timeframe);
  const series: Record<string, ExtraSeries> = {};
  for (const id of new Set(models.flatMap((m) => requiredSeries(m)))) {
    const s = await stores.series.readSeries(id);
    if (s.time.length > 0) series[id] = s;
  }
  const absent = absentBarFields(sb.bars);
  const label = `${sb.symbol} ${sb.timeframe}`;
  const usable: Model[] = [];
  const refused: ModelRefusal[] = [];
  for (const model of models) {
    const reason = missingInputs(model, sb.bars, label, absent, series);
    if (reason) refused.push({ model, reason });
    else usable.push(model);
  }
  return { ...sb, series, usable, refused };
}

/** The same load for models a user named: a UserError with the first model's reason when any cannot run. */
export async function loadModelData(
  stores: ModelDataStores,
  symbolText: string,
  models: readonly Model[],
  opts: { timeframe?: Timeframe } = {},
): Promise<ModelData> {
  const loaded = await loadUsableModelData(stores, symbolText, models, opts);
  if (loaded.refused.length > 0) throw new UserError(loaded.refused[0]!.reason);
  return { symbol: loaded.symbol, timeframe: loaded.timeframe, bars: loaded.bars, series: loaded.series };
}
