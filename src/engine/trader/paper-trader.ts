// The TraderService the chat and the autopilot call: a thin facade over its parts. Orders go through `OrderSender`
// (risk check, record, send, record the answer), the book is kept in step with the broker by `Reconciler`, figures
// come from `BookValuation` (the book marked at last prices) and limits and halts from `RiskState`. Every fill,
// refusal, halt and reconciliation difference is a typed event (notify/engine-events.ts) pushed to `alerts`.
import { emitEvent } from '../notify/event-text.ts';
import { BookValuation } from './book-valuation.ts';
import { FillReporter } from './fill-reporter.ts';
import { OrderSender } from './order-sender.ts';
import { Reconciler } from './reconciler.ts';
import { RiskState } from './risk-state.ts';
import type { Trade } from './round-trips.ts';
import type { RiskLimits } from './trader-config.ts';
import type { PaperTraderDeps } from './trader-parts.ts';
import type {
  Balance,
  BrokerKind,
  CancelResult,
  CloseResult,
  EquityPoint,
  Fill,
  Order,
  OrderFilter,
  OrderOrigin,
  OrderRequest,
  OrderResult,
  PnlPeriod,
  PnlReport,
  Position,
  ReconcileReport,
  RiskCheck,
  TraderService,
} from './trader-service.ts';
import { TradingDay } from './trading-day.ts';

export type { PaperTraderDeps } from './trader-parts.ts';

export class PaperTrader implements TraderService {
  readonly broker: BrokerKind;
  private readonly valuation: BookValuation;
  private readonly risk: RiskState;
  private readonly orders: OrderSender;
  private readonly reconciler: Reconciler;
  private readonly day: TradingDay;

  constructor(private readonly d: PaperTraderDeps) {
    this.broker = d.broker.kind;
    const day = new TradingDay(d.clock, d.replay);
    this.day = day;
    this.valuation = new BookValuation(d, day);
    this.risk = new RiskState(d, day, this.valuation);
    const fills = new FillReporter(d.notifier, this.risk, () => this.trades());
    this.orders = new OrderSender(d, day, this.risk, fills);
    this.reconciler = new Reconciler(d, fills);
  }

  checkOrder(req: OrderRequest): Promise<RiskCheck> {
    return this.orders.check(req);
  }

  placeOrder(req: OrderRequest): Promise<OrderResult> {
    return this.orders.place(req);
  }

  cancelOrder(id: number | string): Promise<CancelResult> {
    return this.orders.cancel(id);
  }

  async closePosition(symbol: string, opts: { decisionKey?: string; origin?: OrderOrigin } = {}): Promise<CloseResult> {
    await this.settle();
    const wanted = symbol.trim().toUpperCase();
    const positions = (await this.d.book.positions()).filter((p) => p.qty !== 0 && (wanted === 'ALL' || p.symbol === wanted));
    if (positions.length === 0) return { results: [], message: wanted === 'ALL' ? 'no open positions' : `no open position in ${wanted}` };
    const base = opts.decisionKey ?? `close:${this.d.clock.now()}`;
    const results: OrderResult[] = [];
    for (const p of positions) {
      results.push(
        await this.orders.place({
          symbol: p.symbol,
          side: p.qty > 0 ? 'sell' : 'buy',
          qty: Math.abs(p.qty),
          type: 'market',
          decisionKey: `${base}:${p.symbol}`,
          origin: opts.origin ?? 'chat',
          confirmed: true,
        }),
      );
    }
    const done = results.filter((r) => r.ok).length;
    return { results, message: `${done} of ${results.length} position(s) closed` };
  }

  async listOrders(filter: OrderFilter = 'all'): Promise<Order[]> {
    await this.settle();
    return this.d.book.listOrders(filter);
  }

  fills(limit = 50): Promise<Fill[]> {
    return this.d.book.fills({ limit });
  }

  async positions(): Promise<Position[]> {
    await this.settle();
    return this.valuation.positions();
  }

  async balance(): Promise<Balance> {
    await this.settle();
    return this.valuation.balance();
  }

  async pnl(period: PnlPeriod): Promise<PnlReport> {
    await this.settle();
    return this.valuation.pnl(period);
  }

  recordEquity(): Promise<EquityPoint> {
    return this.risk.recordEquity();
  }

  trades(): Promise<Trade[]> {
    return this.d.trades.trades((ms) => this.day.dayOf(ms));
  }

  equityHistory(): Promise<EquityPoint[]> {
    return this.d.book.equityHistory();
  }

  /** The kill switch: new orders refused, open orders canceled. */
  async halt(reason: string): Promise<void> {
    const { book, clock } = this.d;
    await book.setHalt(true, reason, clock.now());
    let canceledOrders = 0;
    for (const o of await book.listOrders('open')) {
      const r = await this.orders.cancel(o.id);
      if (r.ok) canceledOrders++;
    }
    await emitEvent(this.d.notifier, { type: 'halt', at: clock.now(), reason, canceledOrders });
  }

  /** A graceful stop: new entries refused (manual and autopilot); exits and resting orders keep working. */
  async stopEntries(reason: string): Promise<void> {
    await this.d.book.setEntriesStopped(reason, this.d.clock.now());
    await emitEvent(this.d.notifier, { type: 'entries-stopped', at: this.d.clock.now(), reason });
  }

  /** Lifts the kill switch and the stop of entries, whichever is on. */
  async resume(): Promise<void> {
    const { book, clock } = this.d;
    const before = await book.state();
    await book.setHalt(false, null, clock.now());
    await book.setEntriesStopped(null, clock.now());
    await emitEvent(this.d.notifier, { type: 'resume', at: clock.now(), wasHalted: before.halted, entriesWereStopped: before.entriesStopped !== null });
  }

  isHalted(): Promise<boolean> {
    return this.risk.isHalted();
  }

  riskLimits(): Promise<RiskLimits> {
    return this.risk.limits();
  }

  setRiskLimits(change: Partial<RiskLimits>): Promise<RiskLimits> {
    return this.risk.setLimits(change);
  }

  settle(): Promise<Fill[]> {
    return this.reconciler.settle();
  }

  reconcile(): Promise<ReconcileReport> {
    return this.reconciler.reconcile();
  }

  async close(): Promise<void> {
    await this.d.broker.close?.();
  }
}
