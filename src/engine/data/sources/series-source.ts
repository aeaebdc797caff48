// The port an economic-series connector implements (FRED), so pulls and tests do not depend on FRED itself.
import type { Observation, SeriesMeta } from '../bar.ts';

export interface SeriesSource {
  /** Title, units and frequency of a series. */
  fetchSeriesMeta(seriesId: string): Promise<SeriesMeta>;
  /** Observations from `from` to `to` (YYYY-MM-DD, inclusive; open-ended when absent), oldest first; missing values null. */
  fetchObservations(seriesId: string, from?: string, to?: string): Promise<Observation[]>;
  close(): Promise<void>;
}
