// Tables of the walk-forward evaluation: one result row per model, symbol, timeframe and window, and the
// out-of-sample predictions kept for later comparison with outcomes.
import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, date, uniqueIndex } from 'drizzle-orm/pg-core';
import { OUTPUT_KINDS } from '../../../registry/model.ts';

export const evaluations = pgTable(
  'evaluations',
  {
    modelId: text('model_id').notNull(),
    symbol: text('symbol').notNull(),
    timeframe: text('timeframe').notNull(),
    windowFrom: date('window_from', { mode: 'string' }).notNull(),
    windowTo: date('window_to', { mode: 'string' }).notNull(),
    /** Fingerprint of the bars evaluated on, so a run on the same data can be skipped (resumable). */
    dataHash: text('data_hash').notNull(),
    output: text('output', { enum: OUTPUT_KINDS }).notNull(),
    bars: integer('bars').notNull(),
    metrics: jsonb('metrics').$type<Record<string, number | null>>().notNull(),
    seconds: doublePrecision('seconds').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.symbol, t.timeframe, t.windowFrom, t.windowTo] }),
    index('evaluations_symbol_idx').on(t.symbol, t.timeframe),
    // One result per model on one fingerprint (which carries the scoring version): a job run twice (a worker died
    // after storing, and the queue ran it again) cannot leave two rows.
    uniqueIndex('evaluations_result_key').on(t.modelId, t.symbol, t.timeframe, t.dataHash),
  ],
);

export const predictions = pgTable(
  'predictions',
  {
    modelId: text('model_id').notNull(),
    symbol: text('symbol').notNull(),
    timeframe: text('timeframe').notNull(),
    /** The bar the prediction was made after (its close). */
    date: date('date', { mode: 'string' }).notNull(),
    horizon: integer('horizon').notNull().default(1),
    output: text('output', { enum: OUTPUT_KINDS }).notNull(),
    value: doublePrecision('value').notNull(),
    /** The realized value it predicted (next return, squared return, loss), filled when known. */
    outcome: doublePrecision('outcome'),
    origin: text('origin').notNull().default('evaluate'), // evaluate | autopilot
  },
  (t) => [primaryKey({ columns: [t.modelId, t.symbol, t.timeframe, t.date, t.horizon, t.origin] })],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** The leaderboard as it stood at each weekly summary, so the next one can show how it moved. */
export const leaderboardSnapshots = pgTable(
  'leaderboard_snapshots',
  {
    date: date('date', { mode: 'string' }).notNull(),
    symbol: text('symbol').notNull(),
    timeframe: text('timeframe').notNull(),
    metric: text('metric').notNull(),
    modelId: text('model_id').notNull(),
    rank: integer('rank').notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.timeframe, t.metric, t.date, t.modelId] })],
);

/**
 * The whole out-of-sample output of each traded model (position or return forecast) from its newest evaluation, one
 * value per bar of the data fingerprinted by `dataHash`, as little-endian float64 bytes in base64. The leaderboard
 * backtests every model again from these on one common window and cost, without running the models.
 */
export const evaluationOutputs = pgTable(
  'evaluation_outputs',
  {
    modelId: text('model_id').notNull(),
    symbol: text('symbol').notNull(),
    timeframe: text('timeframe').notNull(),
    dataHash: text('data_hash').notNull(),
    output: text('output', { enum: OUTPUT_KINDS }).notNull(),
    /** The first bar the model's output can be acted on (its warm-up ends before it). */
    firstIndex: integer('first_index').notNull(),
    values: text('values').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.symbol, t.timeframe] })],
);
