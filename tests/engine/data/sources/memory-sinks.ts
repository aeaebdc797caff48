// In-memory BarSink and SeriesSink for the connector tests: idempotent upserts that count inserted, updated and
// unchanged rows the way the database stores do, so "a second pull writes nothing" can be checked without a database.
import type {
  BarSink,
  BarSource,
  Observation,
  SeriesMeta,
  SeriesSink,
  StoredBarRow,
  Timeframe,
  UpsertCounts,
} from '../../../../src/engine/data/bar.ts';

export class MemoryBarSink implements BarSink {
  /** `${symbol}|${timeframe}` -> time -> stored bar and where it came from. */
  readonly rows = new Map<string, Map<number, { bar: StoredBarRow; source: BarSource }>>();
  /** Every upsert call, to check that rejected bars never arrive. */
  readonly calls: Array<{ symbol: string; timeframe: Timeframe; source: BarSource; rows: StoredBarRow[] }> = [];

  async upsertBars(symbol: string, timeframe: Timeframe, source: BarSource, rows: readonly StoredBarRow[]): Promise<UpsertCounts> {
    this.calls.push({ symbol, timeframe, source, rows: [...rows] });
    const key = `${symbol}|${timeframe}`;
    let series = this.rows.get(key);
    if (!series) this.rows.set(key, (series = new Map()));
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    for (const bar of rows) {
      const held = series.get(bar.time);
      if (!held) counts.inserted++;
      else if (sameBar(held.bar, bar) && held.source === source) {
        counts.unchanged++;
        continue;
      } else counts.updated++;
      series.set(bar.time, { bar: { ...bar }, source });
    }
    return counts;
  }

  async lastBarTime(symbol: string, timeframe: Timeframe): Promise<number | null> {
    const series = this.rows.get(`${symbol}|${timeframe}`);
    if (!series || series.size === 0) return null;
    let last = -Infinity;
    for (const t of series.keys()) if (t > last) last = t;
    return last;
  }

  /** The stored bars of a symbol, oldest first. */
  bars(symbol: string, timeframe: Timeframe): StoredBarRow[] {
    const series = this.rows.get(`${symbol}|${timeframe}`);
    return series ? [...series.values()].map((h) => h.bar).sort((a, b) => a.time - b.time) : [];
  }
}

function sameBar(a: StoredBarRow, b: StoredBarRow): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}

export class MemorySeriesSink implements SeriesSink {
  readonly meta = new Map<string, SeriesMeta>();
  /** series id -> date -> value (null when missing). */
  readonly values = new Map<string, Map<string, number | null>>();

  async upsertSeriesMeta(meta: SeriesMeta): Promise<void> {
    this.meta.set(meta.id, { ...meta });
  }

  async upsertObservations(seriesId: string, rows: readonly Observation[]): Promise<UpsertCounts> {
    let series = this.values.get(seriesId);
    if (!series) this.values.set(seriesId, (series = new Map()));
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    for (const o of rows) {
      if (!series.has(o.date)) counts.inserted++;
      else if (series.get(o.date) === o.value) {
        counts.unchanged++;
        continue;
      } else counts.updated++;
      series.set(o.date, o.value);
    }
    return counts;
  }

  async lastObservationDate(seriesId: string): Promise<string | null> {
    const series = this.values.get(seriesId);
    if (!series || series.size === 0) return null;
    let last = '';
    for (const d of series.keys()) if (d > last) last = d;
    return last;
  }

  /** The stored observations of a series, oldest first. */
  observations(seriesId: string): Observation[] {
    const series = this.values.get(seriesId);
    return series ? [...series.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, value]) => ({ date, value })) : [];
  }
}
