// What the watchers keep: every anomaly raised (its key unique, so an anomaly is raised once, even across restarts;
// the dashboard lists the recent ones) and heartbeats (the scheduler writes one at each tick, so the next start can
// tell that a scheduled run was missed while the process was down).
import { bigserial, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const anomalies = pgTable(
  'anomalies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    rule: text('rule').notNull(),
    /** Identifies the anomaly (rule, subject and date): raising it again does nothing. */
    anomalyKey: text('anomaly_key').notNull(),
    text: text('text').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('anomalies_key').on(t.anomalyKey), index('anomalies_raised').on(t.raisedAt)],
);

export const heartbeats = pgTable('heartbeats', {
  name: text('name').primaryKey(),
  beatAt: timestamp('beat_at', { withTimezone: true, mode: 'date' }).notNull(),
});
