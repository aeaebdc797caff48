// Tables of the paper trader: the book (account, orders, fills, positions, equity history, halt state and risk
// settings, one set per broker) and the simulated broker's own side (its orders, fills, positions and cash), so the
// simulated broker is a broker like Alpaca: the book reconciles against it.
import { bigint, bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { EXIT_REASONS } from '../../trader/round-trips.ts';
import { BROKER_KINDS, ORDER_CLASSES, ORDER_LEGS, ORDER_ORIGINS, ORDER_SIDES, ORDER_STATUSES, ORDER_TYPES, TIMES_IN_FORCE } from '../../trader/trader-service.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The order's terms and progress, the same columns in the book's orders and the simulated broker's. */
function orderTermColumns() {
  return {
    symbol: text('symbol').notNull(),
    side: text('side', { enum: ORDER_SIDES }).notNull(),
    type: text('type', { enum: ORDER_TYPES }).notNull(),
    qty: doublePrecision('qty').notNull(),
    limitPrice: doublePrecision('limit_price'),
    stopPrice: doublePrecision('stop_price'),
    trailPercent: doublePrecision('trail_percent'),
    trailPrice: doublePrecision('trail_price'),
    timeInForce: text('time_in_force', { enum: TIMES_IN_FORCE }).notNull(),
    orderClass: text('order_class', { enum: ORDER_CLASSES }).notNull().default('simple'),
    parentClientOrderId: text('parent_client_order_id'),
    leg: text('leg', { enum: ORDER_LEGS }),
    status: text('status', { enum: ORDER_STATUSES }).notNull(),
    filledQty: doublePrecision('filled_qty').notNull().default(0),
    filledAvgPrice: doublePrecision('filled_avg_price'),
  };
}

export const traderAccounts = pgTable('trader_accounts', {
  broker: text('broker', { enum: BROKER_KINDS }).primaryKey(),
  cash: doublePrecision('cash').notNull(),
  /** Equity when the book was opened: the base of since-inception P&L. */
  startingEquity: doublePrecision('starting_equity').notNull(),
  inceptionAt: ts('inception_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const traderOrders = pgTable(
  'trader_orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Deterministic from the decision that made the order: a retry never places a second order. */
    clientOrderId: text('client_order_id').notNull().unique(),
    broker: text('broker', { enum: BROKER_KINDS }).notNull(),
    brokerOrderId: text('broker_order_id'),
    ...orderTermColumns(),
    origin: text('origin', { enum: ORDER_ORIGINS }).notNull(),
    decisionKey: text('decision_key'),
    /** Why the order was placed, in words (the autopilot's models and target), for alerts and /orders. */
    reason: text('reason'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('trader_orders_status_idx').on(t.broker, t.status)],
);

export const traderFills = pgTable(
  'trader_fills',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** `<client order id>:<cumulative filled qty>`: a fill seen twice (retry, reconcile) is booked once. */
    fillKey: text('fill_key').notNull().unique(),
    orderId: bigint('order_id', { mode: 'number' }).notNull(),
    clientOrderId: text('client_order_id').notNull(),
    broker: text('broker', { enum: BROKER_KINDS }).notNull(),
    symbol: text('symbol').notNull(),
    side: text('side', { enum: ORDER_SIDES }).notNull(),
    qty: doublePrecision('qty').notNull(),
    price: doublePrecision('price').notNull(),
    commission: doublePrecision('commission').notNull(),
    realizedPnl: doublePrecision('realized_pnl').notNull(),
    barDate: date('bar_date', { mode: 'string' }),
    filledAt: ts('filled_at').notNull(),
  },
  (t) => [index('trader_fills_time_idx').on(t.broker, t.filledAt)],
);

export const traderPositions = pgTable(
  'trader_positions',
  {
    broker: text('broker', { enum: BROKER_KINDS }).notNull(),
    symbol: text('symbol').notNull(),
    /** Signed: negative when short; 0 keeps the row for its realized P&L. */
    qty: doublePrecision('qty').notNull(),
    avgEntryPrice: doublePrecision('avg_entry_price').notNull(),
    realizedPnl: doublePrecision('realized_pnl').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.broker, t.symbol] })],
);

/** One row per close (the date of the bar the positions were marked at). */
export const traderEquity = pgTable(
  'trader_equity',
  {
    broker: text('broker', { enum: BROKER_KINDS }).notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    equity: doublePrecision('equity').notNull(),
    cash: doublePrecision('cash').notNull(),
    positionsValue: doublePrecision('positions_value').notNull(),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.broker, t.date] })],
);

/**
 * Round-trip trades (entry fills to exit fills, FIFO), rebuilt from the fills whenever they are read: never edited,
 * so the same fills always give the same rows. `seq` orders them: closed trades as they closed, then open ones.
 */
export const traderTrades = pgTable(
  'trader_trades',
  {
    broker: text('broker', { enum: BROKER_KINDS }).notNull(),
    seq: integer('seq').notNull(),
    symbol: text('symbol').notNull(),
    direction: text('direction', { enum: ['long', 'short'] }).notNull(),
    qty: doublePrecision('qty').notNull(),
    entryAt: ts('entry_at').notNull(),
    entryDay: date('entry_day', { mode: 'string' }).notNull(),
    entryBarDate: date('entry_bar_date', { mode: 'string' }),
    entryPrice: doublePrecision('entry_price').notNull(),
    origin: text('origin', { enum: ORDER_ORIGINS }).notNull(),
    entryDecision: text('entry_decision'),
    entryOrderId: bigint('entry_order_id', { mode: 'number' }).notNull(),
    exitAt: ts('exit_at'),
    exitDay: date('exit_day', { mode: 'string' }),
    exitBarDate: date('exit_bar_date', { mode: 'string' }),
    exitPrice: doublePrecision('exit_price'),
    exitReason: text('exit_reason', { enum: EXIT_REASONS }),
    exitDecision: text('exit_decision'),
    exitOrderId: bigint('exit_order_id', { mode: 'number' }),
    pnl: doublePrecision('pnl'),
    pnlPct: doublePrecision('pnl_pct'),
    commission: doublePrecision('commission').notNull(),
  },
  (t) => [primaryKey({ columns: [t.broker, t.seq] })],
);

/** Kill switch, the stop of entries, the daily loss halt and the risk settings chosen by the user (overrides of the defaults). */
export const traderState = pgTable('trader_state', {
  broker: text('broker', { enum: BROKER_KINDS }).primaryKey(),
  halted: boolean('halted').notNull().default(false),
  haltReason: text('halt_reason'),
  haltedAt: ts('halted_at'),
  /** /stopentry: new entries are refused (manual and autopilot), exits and protective orders still work; why. */
  entriesStopped: boolean('entries_stopped').notNull().default(false),
  entriesStoppedReason: text('entries_stopped_reason'),
  /** The day (YYYY-MM-DD) on which the daily loss limit halted new entries. */
  lossHaltDate: date('loss_halt_date', { mode: 'string' }),
  risk: jsonb('risk').$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: ts('updated_at').notNull(),
});

// --- the simulated broker's own side ---

export const simAccount = pgTable('sim_account', {
  id: text('id').primaryKey(), // 'main'
  cash: doublePrecision('cash').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const simOrders = pgTable(
  'sim_orders',
  {
    id: text('id').primaryKey(),
    clientOrderId: text('client_order_id').notNull().unique(),
    ...orderTermColumns(),
    /** Bars after this instant may fill the order (the clock at placement, or the last bar's time). */
    refTime: ts('ref_time').notNull(),
    /** A trailing stop's best price so far (highest close for a sell, lowest for a buy). */
    waterMark: doublePrecision('water_mark'),
    /** A stop-limit whose stop was touched: it now rests as a limit order. */
    triggered: boolean('triggered').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('sim_orders_status_idx').on(t.status)],
);

export const simFills = pgTable('sim_fills', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  orderId: text('order_id').notNull(),
  symbol: text('symbol').notNull(),
  side: text('side', { enum: ORDER_SIDES }).notNull(),
  qty: doublePrecision('qty').notNull(),
  price: doublePrecision('price').notNull(),
  commission: doublePrecision('commission').notNull(),
  barTime: ts('bar_time').notNull(),
  createdAt: ts('created_at').notNull(),
});

export const simPositions = pgTable('sim_positions', {
  symbol: text('symbol').primaryKey(),
  qty: doublePrecision('qty').notNull(),
  avgEntryPrice: doublePrecision('avg_entry_price').notNull(),
  updatedAt: ts('updated_at').notNull(),
});
