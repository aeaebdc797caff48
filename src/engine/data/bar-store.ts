// The bar store: OHLCV bars keyed by (symbol, timeframe, time) with their source, idempotent upserts,
// and range reads straight into the typed arrays the registry's models take.
import { and, asc, eq, gt, gte, lte, sql } from 'drizzle-orm';
import type { BarSeries } from '../../registry/model.ts';
import type { Db } from '../db/database.ts';
import { bars } from '../db/schema/index.ts';
import { ReusedRead } from './reused-read.ts';
import type { BarSink, BarSource, StoredBarRow, Timeframe, UpsertCounts } from './bar.ts';

const CHUNK = 1000;
/** Rows per query of a read: about a third of a second of the embedded database's time. */
const READ_PAGE = 10_000;

export interface BarsSummary {
  symbol: string;
  timeframe: Timeframe;
  source: string;
  first: string; // YYYY-MM-DD
  last: string;
  count: number;
}

export interface ReadRange {
  /** Inclusive bounds, epoch ms. */
  from?: number;
  to?: number;
}

export class BarStore implements BarSink {
  private readonly summaryRead: ReusedRead<BarsSummary>;

  /**
   * `summaryTtlMs`: how long a summary is reused (default 2 s, for a shared PostgreSQL another process writes to). The
   * embedded database has one process (the home lock) whose writes all pass through here and reset it, so there it can
   * be kept until then: its GROUP BY over every bar holds the event loop for half a second once a store is large.
   */
  constructor(
    private readonly db: Db,
    opts: { summaryTtlMs?: number } = {},
  ) {
    this.summaryRead = new ReusedRead(() => this.readSummary(), opts.summaryTtlMs);
  }

  /** Inserts new bars and updates changed ones; re-writing identical bars changes nothing. One transaction. */
  async upsertBars(symbol: string, timeframe: Timeframe, source: BarSource, rows: readonly StoredBarRow[]): Promise<UpsertCounts> {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    if (rows.length === 0) return counts;
    let min = Infinity;
    let max = -Infinity;
    for (const r of rows) {
      if (r.time < min) min = r.time;
      if (r.time > max) max = r.time;
    }
    await this.db.transaction(async (tx) => {
      const existing = await tx
        .select()
        .from(bars)
        .where(and(eq(bars.symbol, symbol), eq(bars.timeframe, timeframe), gte(bars.time, new Date(min)), lte(bars.time, new Date(max))));
      const byTime = new Map(existing.map((b) => [b.time.getTime(), b]));
      const fresh: (typeof bars.$inferInsert)[] = [];
      const changed: (typeof bars.$inferInsert)[] = [];
      for (const r of rows) {
        const row = { symbol, timeframe, time: new Date(r.time), open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume, source };
        const old = byTime.get(r.time);
        if (!old) fresh.push(row);
        else if (old.open !== r.open || old.high !== r.high || old.low !== r.low || old.close !== r.close || old.volume !== r.volume || old.source !== source)
          changed.push(row);
        else counts.unchanged++;
      }
      for (let i = 0; i < fresh.length; i += CHUNK) {
        await tx.insert(bars).values(fresh.slice(i, i + CHUNK)).onConflictDoNothing();
      }
      for (let i = 0; i < changed.length; i += CHUNK) {
        await tx
          .insert(bars)
          .values(changed.slice(i, i + CHUNK))
          .onConflictDoUpdate({
            target: [bars.symbol, bars.timeframe, bars.time],
            set: {
              open: sql`excluded.open`,
              high: sql`excluded.high`,
              low: sql`excluded.low`,
              close: sql`excluded.close`,
              volume: sql`excluded.volume`,
              source: sql`excluded.source`,
            },
          });
      }
      counts.inserted = fresh.length;
      counts.updated = changed.length;
    });
    if (counts.inserted + counts.updated > 0) this.summaryRead.reset();
    return counts;
  }

  /**
   * Writes bars given a batch at a time (a streamed import), all in one transaction: every batch or, after a failure
   * or a crash anywhere (the batches' source throwing included), none. Only one batch and the stored bars of its times
   * are in memory at once.
   */
  async upsertBarBatches(symbol: string, timeframe: Timeframe, source: BarSource, batches: Iterable<readonly StoredBarRow[]> | AsyncIterable<readonly StoredBarRow[]>): Promise<UpsertCounts> {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    await this.db.transaction(async (tx) => {
      for await (const rows of batches) {
        const c = await upsertBatch(tx as unknown as Db, symbol, timeframe, source, rows);
        counts.inserted += c.inserted;
        counts.updated += c.updated;
        counts.unchanged += c.unchanged;
      }
    });
    if (counts.inserted + counts.updated > 0) this.summaryRead.reset();
    return counts;
  }

  async lastBarTime(symbol: string, timeframe: Timeframe): Promise<number | null> {
    const [row] = await this.db
      .select({ last: sql<string | null>`(extract(epoch from max(${bars.time})) * 1000)::float8` })
      .from(bars)
      .where(and(eq(bars.symbol, symbol), eq(bars.timeframe, timeframe)));
    return row?.last == null ? null : Number(row.last);
  }

  /**
   * Bars of one symbol and timeframe, oldest first, as typed arrays (NaN where a close-only source has no value). Read in
   * pages: the embedded database answers one query at a time, so a long read must leave turns to the other chats.
   */
  async readBars(symbol: string, timeframe: Timeframe = '1d', range: ReadRange = {}): Promise<BarSeries> {
    const pages: { time: Date; open: number | null; high: number | null; low: number | null; close: number; volume: number | null }[][] = [];
    let after: Date | undefined;
    for (;;) {
      const conditions = [eq(bars.symbol, symbol), eq(bars.timeframe, timeframe)];
      if (range.from !== undefined) conditions.push(gte(bars.time, new Date(range.from)));
      if (range.to !== undefined) conditions.push(lte(bars.time, new Date(range.to)));
      if (after) conditions.push(gt(bars.time, after));
      const page = await this.db
        .select({ time: bars.time, open: bars.open, high: bars.high, low: bars.low, close: bars.close, volume: bars.volume })
        .from(bars)
        .where(and(...conditions))
        .orderBy(asc(bars.time))
        .limit(READ_PAGE);
      pages.push(page);
      if (page.length < READ_PAGE) break;
      after = page[page.length - 1]!.time;
    }
    const n = pages.reduce((sum, p) => sum + p.length, 0);
    const out = {
      length: n,
      time: new Float64Array(n),
      open: new Float64Array(n),
      high: new Float64Array(n),
      low: new Float64Array(n),
      close: new Float64Array(n),
      volume: new Float64Array(n),
    };
    let i = 0;
    for (const page of pages) {
      for (const r of page) {
        out.time[i] = r.time.getTime();
        out.open[i] = r.open ?? NaN;
        out.high[i] = r.high ?? NaN;
        out.low[i] = r.low ?? NaN;
        out.close[i] = r.close;
        out.volume[i] = r.volume ?? NaN;
        i++;
      }
    }
    return out;
  }

  /** How many bars of one symbol and timeframe are stored (within `range`): to refuse a read too large before it starts. */
  async countBars(symbol: string, timeframe: Timeframe, range: ReadRange = {}): Promise<number> {
    const conditions = [eq(bars.symbol, symbol), eq(bars.timeframe, timeframe)];
    if (range.from !== undefined) conditions.push(gte(bars.time, new Date(range.from)));
    if (range.to !== undefined) conditions.push(lte(bars.time, new Date(range.to)));
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(bars)
      .where(and(...conditions));
    return Number(row?.n ?? 0);
  }

  /**
   * One row per symbol and timeframe: sources, first and last date, count. Reused for a moment (a GROUP BY over every
   * bar, asked on each chat message); this store's own writes make the next call read afresh.
   */
  summary(): Promise<BarsSummary[]> {
    return this.summaryRead.get();
  }

  private async readSummary(): Promise<BarsSummary[]> {
    const rows = await this.db
      .select({
        symbol: bars.symbol,
        timeframe: bars.timeframe,
        source: sql<string>`string_agg(distinct ${bars.source}, '+')`,
        first: sql<string>`to_char(min(${bars.time}) at time zone 'UTC', 'YYYY-MM-DD')`,
        last: sql<string>`to_char(max(${bars.time}) at time zone 'UTC', 'YYYY-MM-DD')`,
        count: sql<number>`count(*)::int`,
      })
      .from(bars)
      .groupBy(bars.symbol, bars.timeframe)
      .orderBy(asc(bars.timeframe), asc(bars.symbol));
    return rows.map((r) => ({
      symbol: r.symbol,
      timeframe: r.timeframe as Timeframe,
      source: r.source,
      first: r.first,
      last: r.last,
      count: Number(r.count),
    }));
  }

  async symbols(): Promise<string[]> {
    const rows = await this.db.selectDistinct({ symbol: bars.symbol }).from(bars).orderBy(asc(bars.symbol));
    return rows.map((r) => r.symbol);
  }

  async timeframesOf(symbol: string): Promise<Timeframe[]> {
    const rows = await this.db.selectDistinct({ timeframe: bars.timeframe }).from(bars).where(eq(bars.symbol, symbol));
    return rows.map((r) => r.timeframe as Timeframe);
  }
}

/** A PostgreSQL array literal of numbers or nulls, bound as one parameter (exact: JavaScript prints the shortest round-trip form). */
function floatArray(values: readonly (number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
}

/** A PostgreSQL array literal of the rows' times (ISO instants, exact to the millisecond). */
function timeArray(rows: readonly StoredBarRow[]): string {
  return `{${rows.map((r) => new Date(r.time).toISOString()).join(',')}}`;
}

/** Writes one batch: the new bars inserted, the changed ones updated, counted. */
async function upsertBatch(tx: Db, symbol: string, timeframe: Timeframe, source: BarSource, rows: readonly StoredBarRow[]): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return counts;
  // The stored bars at the batch's times: a range scan for a batch in time order (the usual file), else the exact
  // times, so a batch from a file in any order reads no more than its own size.
  const ascending = rows.every((r, i) => i === 0 || r.time > (rows[i - 1] as StoredBarRow).time);
  const times = ascending
    ? and(gte(bars.time, new Date((rows[0] as StoredBarRow).time)), lte(bars.time, new Date((rows[rows.length - 1] as StoredBarRow).time)))
    : sql`${bars.time} = any(${timeArray(rows)}::timestamptz[])`;
  const existing = await tx
    .select()
    .from(bars)
    .where(and(eq(bars.symbol, symbol), eq(bars.timeframe, timeframe), times));
  const byTime = new Map(existing.map((b) => [b.time.getTime(), b]));
  const fresh: StoredBarRow[] = [];
  const changed: StoredBarRow[] = [];
  for (const r of rows) {
    const old = byTime.get(r.time);
    if (!old) fresh.push(r);
    else if (old.open !== r.open || old.high !== r.high || old.low !== r.low || old.close !== r.close || old.volume !== r.volume || old.source !== source) changed.push(r);
    else counts.unchanged++;
  }
  if (fresh.length > 0) await tx.execute(sql`${insertRows(symbol, timeframe, source, fresh)} on conflict do nothing`);
  if (changed.length > 0) {
    await tx.execute(
      sql`${insertRows(symbol, timeframe, source, changed)} on conflict (symbol, timeframe, time) do update set
        open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume, source = excluded.source`,
    );
  }
  counts.inserted = fresh.length;
  counts.updated = changed.length;
  return counts;
}

/**
 * `insert ... select from unnest(...)`: a batch as seven array parameters rather than nine per row, which keeps
 * statements small for PGlite and postgres.js alike.
 */
function insertRows(symbol: string, timeframe: Timeframe, source: BarSource, rows: readonly StoredBarRow[]) {
  return sql`insert into ${bars} (symbol, timeframe, time, open, high, low, close, volume, source)
    select ${symbol}, ${timeframe}, u.time, u.open, u.high, u.low, u.close, u.volume, ${source}
    from unnest(${timeArray(rows)}::timestamptz[], ${floatArray(rows.map((r) => r.open))}::float8[], ${floatArray(rows.map((r) => r.high))}::float8[],
      ${floatArray(rows.map((r) => r.low))}::float8[], ${floatArray(rows.map((r) => r.close))}::float8[], ${floatArray(rows.map((r) => r.volume))}::float8[])
      as u(time, open, high, low, close, volume)`;
}
