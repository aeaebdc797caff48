// The economic-series store (FRED and the like): metadata and observations, a missing value kept as null.
import { ReusedRead } from './reused-read.ts';
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { ExtraSeries } from '../../registry/model.ts';
import type { Db } from '../db/database.ts';
import { observations, series } from '../db/schema/index.ts';
import type { Observation, SeriesMeta, SeriesSink, UpsertCounts } from './bar.ts';

const CHUNK = 2000;

export interface SeriesSummary {
  id: string;
  title: string;
  units: string;
  frequency: string;
  first: string | null;
  last: string | null;
  count: number;
  missing: number;
}

export class SeriesStore implements SeriesSink {
  private readonly summaryRead: ReusedRead<SeriesSummary>;

  /**
   * `summaryTtlMs`: how long a summary is reused (/data and /status read it on every call); this store's own writes
   * make the next call read afresh. Infinity is sound when no other process writes (the embedded PGlite).
   */
  constructor(
    private readonly db: Db,
    opts: { summaryTtlMs?: number } = {},
  ) {
    this.summaryRead = new ReusedRead(() => this.readSummary(), opts.summaryTtlMs);
  }

  async upsertSeriesMeta(meta: SeriesMeta): Promise<void> {
    this.summaryRead.reset();
    await this.db
      .insert(series)
      .values({ ...meta, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: series.id,
        set: { title: meta.title, units: meta.units, frequency: meta.frequency, source: meta.source, updatedAt: new Date() },
      });
  }

  async upsertObservations(seriesId: string, rows: readonly Observation[]): Promise<UpsertCounts> {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    if (rows.length === 0) return counts;
    await this.db.transaction(async (tx) => {
      const existing = await tx.select().from(observations).where(eq(observations.seriesId, seriesId));
      const byDate = new Map(existing.map((o) => [o.date, o.value]));
      const fresh: (typeof observations.$inferInsert)[] = [];
      const changed: (typeof observations.$inferInsert)[] = [];
      for (const r of rows) {
        if (!byDate.has(r.date)) fresh.push({ seriesId, date: r.date, value: r.value });
        else if (byDate.get(r.date) !== r.value) changed.push({ seriesId, date: r.date, value: r.value });
        else counts.unchanged++;
      }
      for (let i = 0; i < fresh.length; i += CHUNK) await tx.insert(observations).values(fresh.slice(i, i + CHUNK)).onConflictDoNothing();
      for (let i = 0; i < changed.length; i += CHUNK) {
        await tx
          .insert(observations)
          .values(changed.slice(i, i + CHUNK))
          .onConflictDoUpdate({ target: [observations.seriesId, observations.date], set: { value: sql`excluded.value` } });
      }
      counts.inserted = fresh.length;
      counts.updated = changed.length;
    });
    if (counts.inserted + counts.updated > 0) this.summaryRead.reset();
    return counts;
  }

  async lastObservationDate(seriesId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ last: sql<string | null>`to_char(max(${observations.date}), 'YYYY-MM-DD')` })
      .from(observations)
      .where(eq(observations.seriesId, seriesId));
    return row?.last ?? null;
  }

  summary(): Promise<SeriesSummary[]> {
    return this.summaryRead.get();
  }

  private async readSummary(): Promise<SeriesSummary[]> {
    const rows = await this.db
      .select({
        id: series.id,
        title: series.title,
        units: series.units,
        frequency: series.frequency,
        first: sql<string | null>`to_char(min(${observations.date}), 'YYYY-MM-DD')`,
        last: sql<string | null>`to_char(max(${observations.date}), 'YYYY-MM-DD')`,
        count: sql<number>`count(${observations.date})::int`,
        missing: sql<number>`(count(${observations.date}) - count(${observations.value}))::int`,
      })
      .from(series)
      .leftJoin(observations, eq(observations.seriesId, series.id))
      .groupBy(series.id, series.title, series.units, series.frequency)
      .orderBy(asc(series.id));
    return rows.map((r) => ({ ...r, count: Number(r.count), missing: Number(r.missing) }));
  }

  async meta(seriesId: string): Promise<SeriesMeta | undefined> {
    const [row] = await this.db.select().from(series).where(eq(series.id, seriesId));
    return row ? { id: row.id, title: row.title, units: row.units, frequency: row.frequency, source: 'fred' } : undefined;
  }

  /** Observations as typed arrays for models (time at 00:00 UTC of the date; NaN where missing). */
  async readSeries(seriesId: string, range: { from?: string; to?: string } = {}): Promise<ExtraSeries> {
    const conditions = [eq(observations.seriesId, seriesId)];
    if (range.from) conditions.push(gte(observations.date, range.from));
    if (range.to) conditions.push(lte(observations.date, range.to));
    const rows = await this.db
      .select({ date: observations.date, value: observations.value })
      .from(observations)
      .where(and(...conditions))
      .orderBy(asc(observations.date));
    const time = new Float64Array(rows.length);
    const value = new Float64Array(rows.length);
    rows.forEach((r, i) => {
      time[i] = Date.parse(`${r.date}T00:00:00Z`);
      value[i] = r.value ?? NaN;
    });
    return { time, value };
  }
}
