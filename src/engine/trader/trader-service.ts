// The paper trader's facade: what the chat intents (/buy, /sell, /close, /orders, /cancel, /positions, /balance,
// /pnl, /halt, /resume) and the autopilot call. Every result is a plain typed object with real numbers, so a reply
// only formats what the engine computed. The implementation is `createTraderService` in `create-trader-service.ts`.
import type { RiskLimits } from './trader-config.ts';
import type { Trade } from './round-trips.ts';

export type { RiskLimits } from './trader-config.ts';

// The value lists are constants so the database schema's enum columns read back typed (no casts).
export const BROKER_KINDS = ['simulated', 'alpaca'] as const;
export type BrokerKind = (typeof BROKER_KINDS)[number];
export const ORDER_SIDES = ['buy', 'sell'] as const;
export type OrderSide = (typeof ORDER_SIDES)[number];
export const ORDER_TYPES = ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
/** Alpaca's order classes: one order, an entry with take-profit and stop-loss legs, one-cancels-other, one-triggers-other. */
export const ORDER_CLASSES = ['simple', 'bracket', 'oco', 'oto'] as const;
export type OrderClass = (typeof ORDER_CLASSES)[number];
/** The part a leg plays in its parent's class. */
export const ORDER_LEGS = ['take_profit', 'stop_loss'] as const;
export type OrderLeg = (typeof ORDER_LEGS)[number];
export const TIMES_IN_FORCE = ['day', 'gtc'] as const;
export type TimeInForce = (typeof TIMES_IN_FORCE)[number];
/** `external`: found at the broker during reconciliation, placed outside mlTrainer. */
export const ORDER_ORIGINS = ['chat', 'autopilot', 'external'] as const;
export type OrderOrigin = (typeof ORDER_ORIGINS)[number];
/** `new`: recorded before sending (the broker may not have it yet); the rest follow Alpaca's names. */
/** `held`: a leg waiting for its parent order to fill (Alpaca's name too). */
export const ORDER_STATUSES = ['new', 'held', 'accepted', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type OrderFilter = 'open' | 'closed' | 'all';
export type PnlPeriod = 'day' | 'week' | 'month' | 'all';

/** The rules the risk manager applies; a refusal names one of them. */
export type RiskRule =
  | 'kill_switch'
  | 'entries_stopped'
  | 'daily_loss_limit'
  | 'max_symbol_weight'
  | 'max_gross_exposure'
  | 'max_open_positions'
  | 'symbol_allowlist'
  | 'quantity_sanity'
  | 'price_sanity'
  | 'no_price'
  | 'stale_price'
  | 'insufficient_cash';

export interface OrderRequest {
  /** Upper-case symbol, e.g. `SPX`. */
  symbol: string;
  side: OrderSide;
  /** Shares; fractional allowed; must be finite and > 0. */
  qty: number;
  type: OrderType;
  /** Required for limit and stop-limit orders. */
  limitPrice?: number;
  /** Required for stop and stop-limit orders: the price whose touch triggers the order. */
  stopPrice?: number;
  /** A trailing stop's distance: a percent of the best price since placing (5 = 5%), or a price amount. One of them. */
  trailPercent?: number;
  trailPrice?: number;
  /** Protective legs: a take-profit limit and/or a stop-loss (stop, or stop-limit with `limitPrice`). */
  takeProfit?: { limitPrice: number };
  stopLoss?: { stopPrice: number; limitPrice?: number };
  /** Default `day`; `gtc` when the order has protective legs or is itself a stop. */
  timeInForce?: TimeInForce;
  /**
   * The order's idempotency key at the broker. Give it, or give `decisionKey` (hashed into one); with neither, a
   * fresh random id is used (no retry protection). Max 128 characters.
   */
  clientOrderId?: string;
  /** What made this order, e.g. `chat:telegram:123:456` (chat id and message id) or `autopilot:2020-04-17:SPX`. */
  decisionKey?: string;
  /** Default `chat`. */
  origin?: OrderOrigin;
  /** Why, in words, for alerts and /orders (the autopilot's models and target). */
  reason?: string;
  /** The user confirmed a warning of `checkOrder` (a limit price far from the last price). */
  confirmed?: boolean;
  /**
   * The user accepted, explicitly, a simulated fill at a price more than 3 sessions older than the book's other prices
   * (without it such an order is refused by `stale_price`, so one book never silently mixes eras).
   */
  staleOk?: boolean;
}

/** What an order asks for, as the book records it and the broker receives it: the one shape every order layer shares. */
export interface OrderTerms {
  /** The idempotency key at the broker (a retry with it never places a second order). */
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  qty: number;
  limitPrice: number | null;
  stopPrice: number | null;
  trailPercent: number | null;
  trailPrice: number | null;
  timeInForce: TimeInForce;
  orderClass: OrderClass;
  /** A leg's parent order (its client order id), and the part it plays; null for a parent or a simple order. */
  parentClientOrderId: string | null;
  leg: OrderLeg | null;
}

/** The terms of a simple market or limit order (the fields protective orders add, empty). */
export function simpleTerms(t: Pick<OrderTerms, 'clientOrderId' | 'symbol' | 'side' | 'type' | 'qty' | 'limitPrice' | 'timeInForce'>): OrderTerms {
  return { ...t, stopPrice: null, trailPercent: null, trailPrice: null, orderClass: 'simple', parentClientOrderId: null, leg: null };
}

export interface Order extends OrderTerms {
  /** Short book id users type in `/cancel ID`. */
  id: number;
  brokerOrderId: string | null;
  broker: BrokerKind;
  status: OrderStatus;
  filledQty: number;
  /** Average fill price, null before the first fill. */
  filledAvgPrice: number | null;
  origin: OrderOrigin;
  /** ISO instants (by the trader's clock). */
  createdAt: string;
  updatedAt: string;
  /** The last error while sending, if any (e.g. `HTTP 503`). */
  lastError: string | null;
  /** What made it: `chat:<platform>:<chat>:<message>` for a chat order, `autopilot:<date>:<symbol>` for the loop's. */
  decisionKey?: string | null;
  /** Why, in words, when the placer said (the autopilot's models and target). */
  reason?: string | null;
}

export interface Fill {
  orderId: number;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  qty: number;
  price: number;
  commission: number;
  /** Realized P&L this fill booked (closing part of a position), 0 for an opening fill. */
  realizedPnl: number;
  /** Date (YYYY-MM-DD) of the bar whose price filled it (simulated broker), or of the fill (Alpaca). */
  barDate: string | null;
  /** ISO instant the fill was recorded. */
  filledAt: string;
}

export interface RiskRefusal {
  rule: RiskRule;
  /** The sentence a user sees, naming the rule, e.g. `refused by max_symbol_weight: ...`. */
  message: string;
}

export interface RiskCheck {
  allowed: boolean;
  refusal: RiskRefusal | null;
  /** A limit price far from the last price: ask the user, then send with `confirmed: true`. */
  needsConfirmation: boolean;
  confirmationReason: string | null;
  /** The order reduces an existing position (allowed under the daily loss halt). */
  isExit: boolean;
  lastPrice: number | null;
  lastPriceDate: string | null;
  /** Price used for the estimate: the limit, or the last price. */
  estimatedPrice: number | null;
  estimatedValue: number | null;
  equity: number;
  /** Weight of the symbol in equity after the order (signed: short is negative). */
  symbolWeightAfter: number | null;
  grossExposureAfter: number | null;
  openPositionsAfter: number;
  warnings: string[];
}

export interface OrderResult {
  /** True when the order reached the broker (or already existed there: `duplicate`). */
  ok: boolean;
  order: Order | null;
  /** Fills recorded by this call (immediate fills of the simulated broker, or Alpaca fills seen so far). */
  fills: Fill[];
  /** The order's protective legs (take-profit, stop-loss), as the book holds them after this call. */
  legs: Order[];
  refusal: RiskRefusal | null;
  /** The confirmation step is needed first (nothing was sent). */
  needsConfirmation: boolean;
  /** The client order id was already used: the existing order is returned and nothing new was sent. */
  duplicate: boolean;
  /** E.g. the fill price's bar is stale (older than a few days before the clock's today). */
  warnings: string[];
}

export interface CancelResult {
  ok: boolean;
  order: Order | null;
  message: string;
}

export interface CloseResult {
  /** One result per position closed (an opposite market order for its whole quantity). */
  results: OrderResult[];
  message: string;
}

export interface Position {
  symbol: string;
  /** Signed quantity: negative when short. */
  qty: number;
  avgEntryPrice: number;
  costBasis: number;
  lastPrice: number | null;
  lastPriceDate: string | null;
  marketValue: number | null;
  unrealizedPnl: number | null;
  /** Unrealized P&L over cost basis, a fraction (0.01 = 1%). */
  unrealizedPnlPct: number | null;
  /** Realized P&L booked on this symbol since inception. */
  realizedPnl: number;
  /** |market value| / equity. */
  weight: number | null;
}

export interface Balance {
  broker: BrokerKind;
  cash: number;
  equity: number;
  /** Sum of signed market values. */
  positionsValue: number;
  /** Sum of |market value|. */
  grossExposure: number;
  startingEquity: number;
  openPositions: number;
  openOrders: number;
  halted: boolean;
  haltReason: string | null;
  /** Why new entries are stopped (/stopentry), or null. */
  entriesStopped: string | null;
  /** Daily loss halt in force today (new entries refused, exits allowed). */
  dailyLossHalt: boolean;
  /** ISO instant by the trader's clock. */
  asOf: string;
  /** Date of the newest price used to mark positions. */
  priceDate: string | null;
}

export interface PnlReport {
  period: PnlPeriod;
  /** First and last date (YYYY-MM-DD) of the period, by the trader's clock. */
  from: string;
  to: string;
  /** Equity at the start of the period (the close before it, or the starting equity). */
  startEquity: number;
  endEquity: number;
  /** endEquity - startEquity, and as a fraction of startEquity. */
  change: number;
  changePct: number;
  /** Realized P&L of the fills inside the period. */
  realized: number;
  /** Unrealized P&L of the open positions now. */
  unrealized: number;
  commissions: number;
  fills: number;
  positions: { symbol: string; realized: number; unrealized: number | null }[];
}

export interface EquityPoint {
  date: string;
  equity: number;
  cash: number;
  positionsValue: number;
}

export interface ReconcileDifference {
  kind: 'cash' | 'position' | 'order';
  /** Symbol (position) or client order id (order). */
  key: string;
  book: string;
  broker: string;
  /** One line for the alert. */
  text: string;
}

export interface ReconcileReport {
  broker: BrokerKind;
  checkedAt: string;
  differences: ReconcileDifference[];
  /** Orders whose status or fills were brought up to date from the broker. */
  ordersUpdated: number;
  /** Orders recorded `new` that the broker never received, now marked rejected (safe to place again). */
  ordersNeverSent: number;
}

export interface TraderService {
  readonly broker: BrokerKind;
  /** Risk check and send; a refused order comes back with `refusal` (rule + sentence), never an exception. */
  placeOrder(req: OrderRequest): Promise<OrderResult>;
  /** The confirmation step's dry run: the risk manager's verdict without sending anything. */
  checkOrder(req: OrderRequest): Promise<RiskCheck>;
  /** By book id (`/cancel 3`) or client order id. */
  cancelOrder(id: number | string): Promise<CancelResult>;
  closePosition(symbol: string | 'all', opts?: { decisionKey?: string; origin?: OrderOrigin }): Promise<CloseResult>;
  listOrders(filter?: OrderFilter): Promise<Order[]>;
  positions(): Promise<Position[]>;
  balance(): Promise<Balance>;
  pnl(period: PnlPeriod): Promise<PnlReport>;
  fills(limit?: number): Promise<Fill[]>;
  /** Kill switch: cancels open orders and blocks new ones until `resume`. */
  halt(reason: string): Promise<void>;
  /** /stopentry: new entries refused, exits and resting orders keep working, until resume(). */
  stopEntries(reason: string): Promise<void>;
  /** Lifts the kill switch and the stop of entries. */
  resume(): Promise<void>;
  isHalted(): Promise<boolean>;
  /** The risk limits in force (defaults, then config, then what the user set). */
  riskLimits(): Promise<RiskLimits>;
  /** Changes some limits, persisted in the database. */
  setRiskLimits(change: Partial<RiskLimits>): Promise<RiskLimits>;
  /** Brings the book in line with the broker (the source of truth) and reports every difference (also as alerts). */
  reconcile(): Promise<ReconcileReport>;
  /** Fills resting orders that the bars up to the clock now allow (the replay loop calls it after moving the clock). */
  settle(): Promise<Fill[]>;
  /** Writes (or rewrites) the equity row of the latest close. */
  recordEquity(): Promise<EquityPoint>;
  equityHistory(): Promise<EquityPoint[]>;
  /** Round-trip trades rebuilt from the fills (FIFO): closed ones as they closed, then the open ones. */
  trades(): Promise<Trade[]>;
  close(): Promise<void>;
}
