// The economic series a model reads, which of them the store lacks, and the sentence with the command that pulls
// each (the use case `loadModelData` reads the bars and series themselves).
import { listSeries } from '../../registry/families/macro/fred-inputs.ts';
import type { ModelSpec } from '../../registry/model.ts';

/** The FRED ids a model reads: its `requiresSeries`, and any `fred:ID` input, once each in that order. */
export function requiredSeries(model: ModelSpec): string[] {
  const ids = [...(model.requiresSeries ?? []), ...model.inputs.filter((i) => i.startsWith('fred:')).map((i) => i.slice(5))];
  return [...new Set(ids)];
}

/** The command that pulls one FRED series into the store (it needs FRED_API_KEY). */
export function pullCommandFor(seriesId: string): string {
  return `mltrainer data pull --source fred --series ${seriesId}`;
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
    : `${listSeries(missing)} ${missing.length > 1 ? 'are' : 'is'} not in the store yet`;
  const commands = missing.map((id) => `\`${pullCommandFor(id)}\``);
  return (
    `${model.id} needs the FRED series ${listSeries(needed)}; ${state}. ` +
    `Pull ${missing.length > 1 ? 'them' : 'it'} with ${listSeries(commands)} (FRED_API_KEY must be set).`
  );
}
