// The broker port: what the trader needs from a broker (the simulated one or Alpaca paper). Quantities and prices
// are numbers already parsed and validated by the adapter; the broker is the source of truth the book reconciles to.
import type { BrokerKind, OrderStatus, OrderTerms } from './trader-service.ts';

/** An order sent to the broker, with its protective legs (each with its own terms and client order id) when it has any. */
export interface BrokerOrderRequest extends OrderTerms {
  legs?: OrderTerms[];
}

/** An order as the broker knows it. */
export interface BrokerOrder extends OrderTerms {
  brokerOrderId: string;
  status: Exclude<OrderStatus, 'new'> | 'new';
  filledQty: number;
  filledAvgPrice: number | null;
  /** Fills the broker reports one by one (the simulated broker, with the bar that filled them). */
  fills?: BrokerFill[];
  /** Epoch ms of the last fill, when known. */
  filledAt?: number | null;
  /** The order's legs as the broker holds them (a leg's client order id may be the broker's own). */
  legs?: BrokerOrder[];
}

export interface BrokerFill {
  qty: number;
  price: number;
  commission: number;
  /** Epoch ms of the bar whose price filled it (simulated), or of the fill. */
  barTime: number;
  /** Cumulative filled quantity of the order after this fill (the fill's idempotency key). */
  cumQty: number;
}

export interface BrokerPosition {
  symbol: string;
  /** Signed. */
  qty: number;
  avgEntryPrice: number;
  /** The broker's mark, when it has one. */
  currentPrice: number | null;
}

export interface BrokerAccount {
  cash: number;
  /** The broker's equity, when it computes one. */
  equity: number | null;
  /** Equity at the previous close (Alpaca's last_equity), when known. */
  lastEquity: number | null;
}

/** The broker refused the order outright (HTTP 4xx, insufficient funds, ...): nothing was placed. */
export class BrokerRejectedError extends Error {
  override name = 'BrokerRejectedError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The client order id was used before (Alpaca's 422 "client_order_id must be unique"). */
export class DuplicateClientOrderIdError extends BrokerRejectedError {
  override name = 'DuplicateClientOrderIdError';
}

/** We cannot tell whether the broker got the request (timeout, connection reset, 5xx): look it up before resending. */
export class BrokerAmbiguousError extends Error {
  override name = 'BrokerAmbiguousError';
}

export interface Broker {
  readonly kind: BrokerKind;
  submitOrder(req: BrokerOrderRequest): Promise<BrokerOrder>;
  /** Null when the broker has no order with that client order id. */
  getOrderByClientId(clientOrderId: string): Promise<BrokerOrder | null>;
  /** Open orders (not filled, canceled, rejected or expired). */
  listOpenOrders(): Promise<BrokerOrder[]>;
  cancelOrder(brokerOrderId: string): Promise<void>;
  positions(): Promise<BrokerPosition[]>;
  account(): Promise<BrokerAccount>;
  /** Lets resting orders fill from the bars the clock has reached (simulated); a no-op at a real broker. */
  settle?(): Promise<void>;
  close?(): Promise<void>;
}

export const OPEN_STATUSES: readonly OrderStatus[] = ['new', 'held', 'accepted', 'partially_filled'];
export const isOpenStatus = (s: OrderStatus): boolean => OPEN_STATUSES.includes(s);
