// Tables of the autopilot: every decision with its explanation and orders, the model weights it used, demotions,
// the learner's state between sessions, the predictions it relied on (joined later to outcomes for /accuracy), and
// the runs already done (a session decided, a report sent) so a restart or a second instance never repeats one.
import { bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** What an autopilot prediction is about: a target weight (its sign is the call) or a per-bar volatility. */
export const PREDICTION_KINDS = ['position', 'volatility'] as const;

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const autopilotDecisions = pgTable(
  'autopilot_decisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The session (bar date) decided after its close. */
    date: date('date', { mode: 'string' }).notNull(),
    symbol: text('symbol').notNull(),
    regime: text('regime'),
    target: doublePrecision('target').notNull(),
    previousTarget: doublePrecision('previous_target').notNull(),
    changed: boolean('changed').notNull(),
    /** The whole decision record (inputs, regime, chosen models with scores and weights, reason). */
    record: jsonb('record').notNull(),
    /** What was sent to the trader and what came back (order ids, fills, refusals). */
    orders: jsonb('orders').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [unique('autopilot_decisions_symbol_date').on(t.symbol, t.date)],
);

export const autopilotModelWeights = pgTable(
  'autopilot_model_weights',
  {
    date: date('date', { mode: 'string' }).notNull(),
    symbol: text('symbol').notNull(),
    modelId: text('model_id').notNull(),
    weight: doublePrecision('weight').notNull(),
    score: doublePrecision('score').notNull(),
    /** `regime` or `recent`: what the score was measured on. */
    basis: text('basis').notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.date, t.modelId] })],
);

export const autopilotDemotions = pgTable(
  'autopilot_demotions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    date: date('date', { mode: 'string' }).notNull(),
    symbol: text('symbol').notNull(),
    modelId: text('model_id').notNull(),
    liveSharpe: doublePrecision('live_sharpe').notNull(),
    backtestSharpe: doublePrecision('backtest_sharpe').notNull(),
    bars: integer('bars').notNull(),
    reason: text('reason').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [unique('autopilot_demotions_key').on(t.symbol, t.modelId, t.date)],
);

export const autopilotState = pgTable('autopilot_state', {
  symbol: text('symbol').primaryKey(),
  state: jsonb('state').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const autopilotPredictions = pgTable(
  'autopilot_predictions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Date of the close the prediction was made after. */
    date: date('date', { mode: 'string' }).notNull(),
    symbol: text('symbol').notNull(),
    modelId: text('model_id').notNull(),
    /** `position` (a target weight: its sign is the call) or `volatility` (a per-bar std forecast). */
    kind: text('kind', { enum: PREDICTION_KINDS }).notNull(),
    value: doublePrecision('value').notNull(),
    /** Bars ahead the prediction is about. */
    horizon: integer('horizon').notNull(),
    /** Filled once the horizon has passed: the bar's date, the realized return, the error and (position) the hit. */
    outcomeDate: date('outcome_date', { mode: 'string' }),
    outcome: doublePrecision('outcome'),
    error: doublePrecision('error'),
    hit: boolean('hit'),
  },
  (t) => [
    unique('autopilot_predictions_key').on(t.symbol, t.modelId, t.kind, t.date),
    index('autopilot_predictions_open_idx').on(t.symbol, t.outcomeDate),
  ],
);

export const autopilotRuns = pgTable(
  'autopilot_runs',
  {
    /** `session` (decided and traded) or `report` (daily report sent). */
    kind: text('kind').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    detail: text('detail'),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.date] })],
);

/** Self-optimisation within the registry's grids: a pool slot handed to a grid neighbour, with both trailing Sharpes. */
export const autopilotParameterMoves = pgTable(
  'autopilot_parameter_moves',
  {
    date: date('date', { mode: 'string' }).notNull(),
    symbol: text('symbol').notNull(),
    /** The pool id whose parameters moved. */
    slot: text('slot').notNull(),
    fromModel: text('from_model').notNull(),
    toModel: text('to_model').notNull(),
    fromSharpe: doublePrecision('from_sharpe').notNull(),
    toSharpe: doublePrecision('to_sharpe').notNull(),
    bars: integer('bars').notNull(),
    reason: text('reason').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.slot, t.date] })],
);
