// What the engine tells the chats, as typed events: the trader's fills, refusals, rejections, halts and reconciliation
// differences, the autopilot's failures and demotions, and the watchers' anomalies. Emitters build one of these; the sentence a chat reads is
// written in one place (event-text.ts), and the event key (a chat gets each event at most once) with it.
import type { Anomaly } from '../anomaly/anomaly.ts';
import type { Trade } from '../trader/round-trips.ts';
import type { BrokerKind, Fill, Order, OrderSide, ReconcileDifference } from '../trader/trader-service.ts';

export type EngineEvent =
  | { type: 'fill'; fill: Fill; order: Order; /** The order's filled quantity after this fill. */ cumulativeQty: number }
  | { type: 'trade-closed'; /** A closed round trip (exit fields set). */ trade: Trade }
  | { type: 'order-refused'; clientOrderId: string; side: OrderSide; qty: number; symbol: string; reason: string }
  | { type: 'order-rejected'; order: Order; /** The broker's words, when it gave any. */ reason: string | null }
  | { type: 'halt'; at: number; reason: string; canceledOrders: number }
  | { type: 'entries-stopped'; at: number; reason: string }
  | { type: 'resume'; at: number; wasHalted: boolean; entriesWereStopped: boolean }
  | { type: 'daily-loss-halt'; day: string; equity: number; dayStartEquity: number }
  | { type: 'reconcile'; broker: BrokerKind; checkedAt: string; difference: ReconcileDifference }
  | { type: 'data-refresh-failed'; session: string; error: string }
  | { type: 'model-demoted'; symbol: string; model: string; date: string; reason: string; sessions: number }
  | { type: 'autopilot-order-refused'; session: string; symbol: string; side: OrderSide; qty: number; target: number; refusal: string }
  | { type: 'anomaly'; anomaly: Anomaly };
