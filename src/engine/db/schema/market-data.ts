// Tables of the bar store and the economic-series store.
import { doublePrecision, index, pgTable, primaryKey, text, timestamp, date } from 'drizzle-orm/pg-core';

export const bars = pgTable(
  'bars',
  {
    symbol: text('symbol').notNull(),
    timeframe: text('timeframe').notNull(),
    time: timestamp('time', { withTimezone: true, mode: 'date' }).notNull(),
    // Open, high, low and volume are null for close-only data (the monthly stocks of vega-datasets): never invented.
    open: doublePrecision('open'),
    high: doublePrecision('high'),
    low: doublePrecision('low'),
    close: doublePrecision('close').notNull(),
    volume: doublePrecision('volume'),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.timeframe, t.time] })],
);

export const series = pgTable('series', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  units: text('units').notNull(),
  frequency: text('frequency').notNull(),
  source: text('source').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const observations = pgTable(
  'observations',
  {
    seriesId: text('series_id')
      .notNull()
      .references(() => series.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    /** Null when the provider marks the observation missing (never stored as 0). */
    value: doublePrecision('value'),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.date] }), index('observations_date_idx').on(t.date)],
);
