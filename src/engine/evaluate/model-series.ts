// The economic series a set of models asks for, read from the series store: loaded once per run (or per job) and
// handed to every model beside the bars.
import type { ExtraSeries, Model } from '../../registry/model.ts';

/** What the run reads economic series through (the series store), for models that ask for them. */
export interface SeriesReader {
  readSeries(seriesId: string): Promise<ExtraSeries>;
}

/** Loads the economic series the models ask for; a series the store lacks is left out (those tasks fail with why). */
export async function loadModelSeries(reader: SeriesReader | undefined, models: readonly Model[]): Promise<Record<string, ExtraSeries>> {
  const ids = new Set<string>();
  for (const m of models) {
    for (const id of m.requiresSeries ?? []) ids.add(id);
    for (const i of m.inputs) if (i.startsWith('fred:')) ids.add(i.slice(5));
  }
  const out: Record<string, ExtraSeries> = {};
  if (!reader) return out;
  for (const id of ids) {
    const s = await reader.readSeries(id);
    if (s.time.length > 0) out[id] = s;
  }
  return out;
}
