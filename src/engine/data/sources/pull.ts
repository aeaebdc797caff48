// Pulls from a provider into a store: bars through a MarketDataSource into a BarSink, economic series through a
// SeriesSource into a SeriesSink. Without `from`, only what is newer than the store holds; bad rows never stored.
import type { BarSink, SeriesMeta, SeriesSink, Timeframe, UpsertCounts } from '../bar.ts';
import { UserError } from '../../user-error.ts';
import type { MarketDataSource } from './market-data-source.ts';
import type { SeriesSource } from './series-source.ts';
import { validateBars, windowFor, type RejectedBar } from './validate-bars.ts';
import { validateObservations, type RejectedObservation } from './validate-observations.ts';
import { addDays, isIsoDate, isoDate, newYorkDate } from '../../../calendar/dates.ts';
import type { PullWatch } from '../../anomaly/data-watch.ts';
import type { Anomaly } from '../../anomaly/anomaly.ts';

/** How far back a first pull of a symbol goes when no `from` is given (Polygon's free tier keeps two years). */
export const DEFAULT_LOOKBACK_DAYS = 730;

export interface PullBarsRequest {
  source: MarketDataSource;
  sink: BarSink;
  symbol: string;
  timeframe: Timeframe;
  /** YYYY-MM-DD; default: the day after the newest stored bar, or DEFAULT_LOOKBACK_DAYS before `to` for a new symbol. */
  from?: string;
  /** YYYY-MM-DD; default: today in New York. */
  to?: string;
  /** Epoch ms now (the Clock port), for the default `to` and to refuse bars from the future. */
  clockNow: () => number;
  lookbackDays?: number;
  /** Told of a failed fetch and of the bars stored (checked for anomalies); absent in tests and replays. */
  watch?: PullWatch;
}

export interface PullBarsResult extends UpsertCounts {
  source: string;
  symbol: string;
  timeframe: Timeframe;
  /** The window asked for; null when there was nothing newer to ask for. */
  from: string | null;
  to: string;
  /** Bars the provider sent. */
  fetched: number;
  rejected: RejectedBar[];
  /** Anomalies the new bars raised (with a watch). */
  anomalies: Anomaly[];
}

function checkDate(name: string, value: string | undefined): void {
  if (value !== undefined && !isIsoDate(value)) throw new UserError(`--${name} must be a date written YYYY-MM-DD, not "${value}"`);
}

/** The first date to ask for when the caller gave none: the day after the newest stored bar. */
function resumeDate(lastTime: number, timeframe: Timeframe): string {
  // Intraday: the rest of the newest bar's New York day may still be missing, so ask for that day again
  // (the bars already held come back unchanged).
  if (timeframe === '1h' || timeframe === '1m') return newYorkDate(lastTime);
  return addDays(isoDate(lastTime), 1);
}

export async function pullBars(req: PullBarsRequest): Promise<PullBarsResult> {
  checkDate('from', req.from);
  checkDate('to', req.to);
  const now = req.clockNow();
  const to = req.to ?? newYorkDate(now);
  let from = req.from;
  if (from === undefined) {
    const last = await req.sink.lastBarTime(req.symbol, req.timeframe);
    from = last === null ? addDays(to, -(req.lookbackDays ?? DEFAULT_LOOKBACK_DAYS)) : resumeDate(last, req.timeframe);
  } else if (from > to) {
    throw new UserError(`--from ${from} is after --to ${to}`);
  }
  const base = { source: req.source.name, symbol: req.symbol, timeframe: req.timeframe, to };
  if (from > to) return { ...base, from: null, fetched: 0, inserted: 0, updated: 0, unchanged: 0, rejected: [], anomalies: [] };

  let rows: Awaited<ReturnType<MarketDataSource['fetchBars']>>;
  try {
    rows = await req.source.fetchBars(req.symbol, req.timeframe, from, to);
  } catch (err) {
    await req.watch?.pullFailed(req.source.name, `${req.symbol} ${req.timeframe}`, err instanceof Error ? err.message : String(err));
    throw err;
  }
  req.watch?.pullSucceeded(req.source.name);
  const { valid, rejected } = validateBars(rows, windowFor(req.timeframe, from, to, now));
  const counts = valid.length
    ? await req.sink.upsertBars(req.symbol, req.timeframe, req.source.name, valid)
    : { inserted: 0, updated: 0, unchanged: 0 };
  const anomalies = valid.length && req.watch ? await req.watch.barsStored(req.symbol, req.timeframe, valid[0]!.time) : [];
  return { ...base, from, fetched: rows.length, ...counts, rejected, anomalies };
}

export interface PullSeriesRequest {
  fred: SeriesSource;
  sink: SeriesSink;
  seriesId: string;
  /** YYYY-MM-DD; default: the day after the newest stored observation, or the series' whole history. */
  from?: string;
  /** YYYY-MM-DD; default: the newest observation the provider has. */
  to?: string;
  /** Told of a failed pull (provider-failing); absent in tests. */
  watch?: PullWatch;
}

export interface PullSeriesResult extends UpsertCounts {
  seriesId: string;
  meta: SeriesMeta;
  from: string | null;
  to: string | null;
  fetched: number;
  /** Fetched observations without a value (FRED's "."), stored as missing. */
  missing: number;
  rejected: RejectedObservation[];
}

export async function pullSeries(req: PullSeriesRequest): Promise<PullSeriesResult> {
  checkDate('from', req.from);
  checkDate('to', req.to);
  if (req.from !== undefined && req.to !== undefined && req.from > req.to) {
    throw new UserError(`--from ${req.from} is after --to ${req.to}`);
  }
  try {
    const result = await fetchAndStoreSeries(req);
    req.watch?.pullSucceeded('fred');
    return result;
  } catch (err) {
    await req.watch?.pullFailed('fred', req.seriesId, err instanceof Error ? err.message : String(err));
    throw err;
  }
}

async function fetchAndStoreSeries(req: PullSeriesRequest): Promise<PullSeriesResult> {
  const meta = await req.fred.fetchSeriesMeta(req.seriesId);
  await req.sink.upsertSeriesMeta(meta);
  let from = req.from;
  if (from === undefined) {
    const last = await req.sink.lastObservationDate(meta.id);
    if (last !== null) from = addDays(last, 1);
  }
  const base = { seriesId: meta.id, meta, from: from ?? null, to: req.to ?? null };
  if (from !== undefined && req.to !== undefined && from > req.to) {
    return { ...base, fetched: 0, missing: 0, inserted: 0, updated: 0, unchanged: 0, rejected: [] };
  }
  const rows = await req.fred.fetchObservations(meta.id, from, req.to);
  const { valid, rejected } = validateObservations(rows);
  const counts = valid.length ? await req.sink.upsertObservations(meta.id, valid) : { inserted: 0, updated: 0, unchanged: 0 };
  let missing = 0;
  for (const o of valid) if (o.value === null) missing++;
  return { ...base, fetched: rows.length, missing, ...counts, rejected };
}
