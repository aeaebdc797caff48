// How the macro families read FRED series from a model's context: the card fields naming them, and each series
// joined onto the bars by its publication date (see series-alignment.ts), or undefined when the context lacks it.
import type { ExtraSeries, ModelContext } from '../../model.ts';
import { alignSeriesToBars, publicationLag, type AlignOptions } from '../../series-alignment.ts';

/** Card `inputs` entries for FRED series: `fred:DGS10`. */
export function fredInputs(ids: readonly string[]): string[] {
  return ids.map((id) => `fred:${id}`);
}

/** "DGS10", "DGS10 and DGS3MO", "DGS10, DGS3MO and UNRATE". */
export function listSeries(ids: readonly string[]): string {
  return ids.length > 1 ? `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}` : (ids[0] ?? '');
}

/** The sentence every macro card ends with, so the catalog says what to pull before the model can run. */
export function needsSentence(ids: readonly string[]): string {
  return `Needs the FRED series ${listSeries(ids)} (\`mltrainer data pull --source fred --series ID\`); until ${ids.length > 1 ? 'they are' : 'it is'} stored the model is refused, never run on a neutral stand-in.`;
}

/** The raw series from the context, or undefined when it was not supplied or holds no observation. */
export function fredSeries(ctx: ModelContext, id: string): ExtraSeries | undefined {
  const s = ctx.series?.[id];
  return s && s.time.length > 0 ? s : undefined;
}

/**
 * Alignment options for a series: its publication lag, and how long a value may be carried forward (a month for
 * daily series, two releases for monthly ones) before the model treats the series as having stopped.
 */
export function alignOptionsOf(id: string): AlignOptions {
  const lag = publicationLag(id);
  return { ...lag, maxAgeDays: (lag.lagMonths ?? 0) > 0 ? 62 : 31 };
}

/** `series` (observations of `id`, or a series derived from them) as known at each bar of the context. */
export function alignFred(ctx: ModelContext, id: string, series: ExtraSeries): Float64Array {
  return alignSeriesToBars(ctx.bars.time, series, alignOptionsOf(id));
}
