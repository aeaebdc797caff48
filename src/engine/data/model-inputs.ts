// Loads what a model runs on: the symbol's bars and every economic series the model asks for, read from the stores;
// or, when the store lacks some of them, exactly which are missing and the command that pulls each.
import type { BarSeries, ExtraSeries, ModelSpec } from '../../registry/model.ts';
import type { Timeframe } from './bar.ts';
import type { BarStore, ReadRange } from './bar-store.ts';
import type { SeriesStore } from './series-store.ts';

/** The part of the bar store read here. */
export type ModelBarReader = Pick<BarStore, 'readBars'>;
/** The part of the series store read here. */
export type ModelSeriesReader = Pick<SeriesStore, 'readSeries' | 'summary'>;

export interface LoadModelContextRequest {
  bars: ModelBarReader;
  series: ModelSeriesReader;
  symbol: string;
  timeframe?: Timeframe;
  model: ModelSpec;
  /** Bars to read (inclusive epoch ms); series are always read whole, since models need their history. */
  range?: ReadRange;
}

/** Everything the model needs: hand `{bars, series}` to `model.run` or `evaluateModel`. */
export interface LoadedModelContext {
  ok: true;
  bars: BarSeries;
  series: Record<string, ExtraSeries>;
}

/** Why the model cannot run yet, in a sentence a user can act on, with the parts spelled out for callers. */
export interface MissingModelInputs {
  ok: false;
  /** True when the store holds no bars of the symbol and timeframe (in the range). */
  noBars: boolean;
  /** Series the model needs that the store has no value of, in the model's order. */
  missingSeries: string[];
  /** One `mltrainer data pull --source fred --series ID` per missing series. */
  pullCommands: string[];
  message: string;
}

export type ModelInputs = LoadedModelContext | MissingModelInputs;

/** The FRED ids a model reads: its `requiresSeries`, and any `fred:ID` input, once each in that order. */
export function requiredSeries(model: ModelSpec): string[] {
  const ids = [...(model.requiresSeries ?? []), ...model.inputs.filter((i) => i.startsWith('fred:')).map((i) => i.slice(5))];
  return [...new Set(ids)];
}

/** The command that pulls one FRED series into the store (it needs FRED_API_KEY). */
export function pullCommandFor(seriesId: string): string {
  return `mltrainer data pull --source fred --series ${seriesId}`;
}

/** The series `model` needs that the store holds no value of (absent, or every observation missing). */
export async function missingSeries(model: ModelSpec, store: Pick<SeriesStore, 'summary'>): Promise<string[]> {
  const needed = requiredSeries(model);
  if (needed.length === 0) return [];
  const held = new Set((await store.summary()).filter((s) => s.count - s.missing > 0).map((s) => s.id));
  return needed.filter((id) => !held.has(id));
}

/**
 * "yield-curve-regime-10y3m needs the FRED series DGS10 and DGS3MO; neither is in the store yet. Pull them with
 * `...DGS10` and `...DGS3MO` (FRED_API_KEY must be set)."
 */
export function missingSeriesMessage(model: ModelSpec, missing: readonly string[]): string {
  const needed = requiredSeries(model);
  const all = missing.length === needed.length;
  const state = all
    ? needed.length === 1
      ? 'it is not in the store yet'
      : needed.length === 2
        ? 'neither is in the store yet'
        : 'none of them is in the store yet'
    : `${listIds(missing)} ${missing.length > 1 ? 'are' : 'is'} not in the store yet`;
  const commands = missing.map((id) => `\`${pullCommandFor(id)}\``);
  return (
    `${model.id} needs the FRED series ${listIds(needed)}; ${state}. ` +
    `Pull ${missing.length > 1 ? 'them' : 'it'} with ${listIds(commands)} (FRED_API_KEY must be set).`
  );
}

/** Reads the bars and the model's series, or says what is missing. */
export async function loadModelContext(req: LoadModelContextRequest): Promise<ModelInputs> {
  const timeframe = req.timeframe ?? '1d';
  const lacking = await missingSeries(req.model, req.series);
  const bars = await req.bars.readBars(req.symbol, timeframe, req.range);
  const noBars = bars.length === 0;
  if (lacking.length > 0 || noBars) {
    const parts: string[] = [];
    if (noBars) {
      parts.push(
        `There are no ${req.symbol} ${timeframe} bars in the store; import them with \`mltrainer data import FILE --symbol ${req.symbol}\` ` +
          `or pull them with \`mltrainer data pull --source polygon --symbol ${req.symbol}\`.`,
      );
    }
    if (lacking.length > 0) parts.push(missingSeriesMessage(req.model, lacking));
    return { ok: false, noBars, missingSeries: lacking, pullCommands: lacking.map(pullCommandFor), message: parts.join(' ') };
  }
  const series: Record<string, ExtraSeries> = {};
  for (const id of requiredSeries(req.model)) series[id] = await req.series.readSeries(id);
  return { ok: true, bars, series };
}

function listIds(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}` : (items[0] ?? '');
}
