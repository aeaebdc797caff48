// The bar and economic-series records that importers and connectors produce and the stores keep.

export const TIMEFRAMES = ['1d', '1wk', '1mo', '1h', '1m'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

/** One OHLCV bar. `time` is epoch milliseconds UTC; a daily or longer bar is stamped at 00:00 UTC of its date. */
export interface BarRow {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** A bar of close-only data (monthly closes): the fields the source does not have are null, never invented. */
export interface CloseOnlyBarRow {
  time: number;
  open: null;
  high: null;
  low: null;
  close: number;
  volume: null;
}

export type StoredBarRow = BarRow | CloseOnlyBarRow;

/** Where stored bars came from. */
export type BarSource = 'vega-datasets' | 'csv' | 'polygon' | 'alpaca' | 'simulated';

export interface SeriesMeta {
  id: string;
  title: string;
  units: string;
  frequency: string;
  source: 'fred';
}

/** One observation of an economic series; `value` null when the provider marks it missing (FRED's "."). */
export interface Observation {
  date: string; // YYYY-MM-DD
  value: number | null;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** The part of the bar store that connectors write through (a port, implemented by the database bar store). */
export interface BarSink {
  upsertBars(symbol: string, timeframe: Timeframe, source: BarSource, rows: readonly StoredBarRow[]): Promise<UpsertCounts>;
  /** Epoch ms of the newest stored bar, or null when none. */
  lastBarTime(symbol: string, timeframe: Timeframe): Promise<number | null>;
}

/** The part of the series store that the FRED connector writes through. */
export interface SeriesSink {
  upsertSeriesMeta(meta: SeriesMeta): Promise<void>;
  upsertObservations(seriesId: string, rows: readonly Observation[]): Promise<UpsertCounts>;
  /** Date (YYYY-MM-DD) of the newest stored observation, or null. */
  lastObservationDate(seriesId: string): Promise<string | null>;
}
