// The book: the trader's record of orders, fills, positions, cash, equity history and halt state in the database,
// one set per broker. Every change of money or position is one transaction; a fill is keyed by its order and
// cumulative quantity, so seeing it twice (a retry, a reconcile) books it once.
import { and, asc, desc, eq, gte, inArray, lt, notInArray } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { traderAccounts, traderEquity, traderFills, traderOrders, traderPositions, traderState } from '../db/schema/index.ts';
import { OPEN_STATUSES, type BrokerOrder } from './broker.ts';
import { NO_METRICS, type AppMetrics } from '../metrics/app-metrics.ts';
import { applyFill } from './position-math.ts';
import type { BrokerKind, EquityPoint, Fill, Order, OrderFilter, OrderOrigin, OrderStatus, OrderTerms } from './trader-service.ts';
import { isoDate } from '../../calendar/dates.ts';

type OrderRow = typeof traderOrders.$inferSelect;
type FillRow = typeof traderFills.$inferSelect;

export interface BookPosition {
  symbol: string;
  qty: number;
  avgEntryPrice: number;
  realizedPnl: number;
}

export interface BookAccount {
  cash: number;
  startingEquity: number;
  inceptionAt: number;
}

export interface BookState {
  halted: boolean;
  haltReason: string | null;
  /** Why new entries are stopped (/stopentry), or null when they are not. */
  entriesStopped: string | null;
  lossHaltDate: string | null;
  risk: Record<string, unknown>;
}

/** An order as recorded before it is sent. */
export interface NewOrder extends OrderTerms {
  origin: OrderOrigin;
  decisionKey: string | null;
  reason?: string | null;
}


export class Book {
  constructor(
    private readonly db: Db,
    readonly broker: BrokerKind,
    /** Counts each order that reaches a final status (filled, cancelled, rejected, expired). */
    private readonly metrics: AppMetrics = NO_METRICS,
  ) {}

  private countFinal(order: Order, before: OrderStatus | null): void {
    if (OPEN_STATUSES.includes(order.status) || (before !== null && !OPEN_STATUSES.includes(before))) return;
    this.metrics.orderFinished({ broker: this.broker, side: order.side, status: order.status });
  }

  async ensureAccount(cash: number, startingEquity: number, now: number): Promise<void> {
    await this.db
      .insert(traderAccounts)
      .values({ broker: this.broker, cash, startingEquity, inceptionAt: new Date(now), updatedAt: new Date(now) })
      .onConflictDoNothing();
    await this.db.insert(traderState).values({ broker: this.broker, updatedAt: new Date(now) }).onConflictDoNothing();
  }

  async account(): Promise<BookAccount> {
    const [row] = await this.db.select().from(traderAccounts).where(eq(traderAccounts.broker, this.broker));
    if (!row) throw new Error(`the ${this.broker} book has no account row`);
    return { cash: row.cash, startingEquity: row.startingEquity, inceptionAt: row.inceptionAt.getTime() };
  }

  async setCash(cash: number, now: number): Promise<void> {
    await this.db.update(traderAccounts).set({ cash, updatedAt: new Date(now) }).where(eq(traderAccounts.broker, this.broker));
  }

  async state(): Promise<BookState> {
    const [row] = await this.db.select().from(traderState).where(eq(traderState.broker, this.broker));
    return {
      halted: row?.halted ?? false,
      haltReason: row?.haltReason ?? null,
      entriesStopped: row?.entriesStopped ? (row.entriesStoppedReason ?? 'entries stopped') : null,
      lossHaltDate: row?.lossHaltDate ?? null,
      risk: row?.risk ?? {},
    };
  }

  async setHalt(halted: boolean, reason: string | null, now: number): Promise<void> {
    await this.db
      .update(traderState)
      .set({ halted, haltReason: reason, haltedAt: halted ? new Date(now) : null, updatedAt: new Date(now) })
      .where(eq(traderState.broker, this.broker));
  }

  /** Stops new entries with a reason, or lets them again with null. */
  async setEntriesStopped(reason: string | null, now: number): Promise<void> {
    await this.db
      .update(traderState)
      .set({ entriesStopped: reason !== null, entriesStoppedReason: reason, updatedAt: new Date(now) })
      .where(eq(traderState.broker, this.broker));
  }

  async setLossHaltDate(date: string | null, now: number): Promise<void> {
    await this.db.update(traderState).set({ lossHaltDate: date, updatedAt: new Date(now) }).where(eq(traderState.broker, this.broker));
  }

  async setRisk(risk: Record<string, unknown>, now: number): Promise<void> {
    await this.db.update(traderState).set({ risk, updatedAt: new Date(now) }).where(eq(traderState.broker, this.broker));
  }

  // --- orders ---

  /**
   * Records the intent before anything is sent, with its protective legs, in one transaction; null when the client order
   * id exists already (nothing is written then).
   */
  async insertNewOrder(o: NewOrder, now: number, legs: readonly NewOrder[] = []): Promise<Order | null> {
    return this.db.transaction(async (tx) => {
      const row = (values: NewOrder) => ({ ...values, broker: this.broker, status: 'new' as const, filledQty: 0, createdAt: new Date(now), updatedAt: new Date(now) });
      const rows = await tx.insert(traderOrders).values(row(o)).onConflictDoNothing({ target: traderOrders.clientOrderId }).returning();
      if (!rows[0]) return null;
      for (const leg of legs) await tx.insert(traderOrders).values(row(leg)).onConflictDoNothing({ target: traderOrders.clientOrderId });
      return toOrder(rows[0]);
    });
  }

  /** The legs of an order (take-profit, stop-loss), in the order they were recorded. */
  async legsOf(parentClientOrderId: string): Promise<Order[]> {
    const rows = await this.db
      .select()
      .from(traderOrders)
      .where(and(eq(traderOrders.broker, this.broker), eq(traderOrders.parentClientOrderId, parentClientOrderId)))
      .orderBy(asc(traderOrders.id));
    return rows.map(toOrder);
  }

  async orderByBrokerId(brokerOrderId: string): Promise<Order | null> {
    const [row] = await this.db
      .select()
      .from(traderOrders)
      .where(and(eq(traderOrders.broker, this.broker), eq(traderOrders.brokerOrderId, brokerOrderId)));
    return row ? toOrder(row) : null;
  }

  async orderByClientId(clientOrderId: string): Promise<Order | null> {
    const [row] = await this.db.select().from(traderOrders).where(eq(traderOrders.clientOrderId, clientOrderId));
    return row ? toOrder(row) : null;
  }

  async orderById(id: number): Promise<Order | null> {
    const [row] = await this.db.select().from(traderOrders).where(and(eq(traderOrders.id, id), eq(traderOrders.broker, this.broker)));
    return row ? toOrder(row) : null;
  }

  async listOrders(filter: OrderFilter = 'all'): Promise<Order[]> {
    const cond = [eq(traderOrders.broker, this.broker)];
    if (filter === 'open') cond.push(inArray(traderOrders.status, [...OPEN_STATUSES]));
    if (filter === 'closed') cond.push(notInArray(traderOrders.status, [...OPEN_STATUSES]));
    const rows = await this.db.select().from(traderOrders).where(and(...cond)).orderBy(asc(traderOrders.id));
    return rows.map(toOrder);
  }

  async markOrder(id: number, status: OrderStatus, lastError: string | null, now: number): Promise<Order> {
    const [before] = await this.db.select({ status: traderOrders.status }).from(traderOrders).where(eq(traderOrders.id, id));
    const [row] = await this.db
      .update(traderOrders)
      .set({ status, lastError, updatedAt: new Date(now) })
      .where(eq(traderOrders.id, id))
      .returning();
    const order = toOrder(inBook(row, id));
    this.countFinal(order, (before?.status as OrderStatus | undefined) ?? null);
    return order;
  }

  async noteError(id: number, lastError: string, now: number): Promise<void> {
    await this.db.update(traderOrders).set({ lastError, updatedAt: new Date(now) }).where(eq(traderOrders.id, id));
  }

  /**
   * Brings one book order up to what the broker says, in one transaction: status, broker id, filled quantity and
   * average price, the new fills, and their effect on the position and the cash. Returns the fills booked now.
   */
  async applyBrokerOrder(id: number, bo: BrokerOrder, now: number): Promise<{ order: Order; fills: Fill[] }> {
    let before: OrderStatus | null = null;
    const applied = await this.db.transaction(async (tx) => {
      const [cur] = await tx.select().from(traderOrders).where(eq(traderOrders.id, id)).for('update');
      if (!cur) throw new Error(`no book order ${id}`);
      before = cur.status as OrderStatus;
      // The fills the broker knows that the book has not booked: one by one when the broker lists them
      // (simulated), else the difference of the cumulative quantity and average price (Alpaca's order status).
      const pending: { qty: number; price: number; commission: number; barTime: number; cumQty: number }[] = [];
      if (bo.fills) {
        for (const f of bo.fills) if (f.cumQty > cur.filledQty + 1e-9) pending.push(f);
      } else if (bo.filledQty > cur.filledQty + 1e-9 && bo.filledAvgPrice !== null) {
        const qty = bo.filledQty - cur.filledQty;
        const price = (bo.filledAvgPrice * bo.filledQty - (cur.filledAvgPrice ?? 0) * cur.filledQty) / qty;
        pending.push({ qty, price, commission: 0, barTime: bo.filledAt ?? now, cumQty: bo.filledQty });
      }
      const booked: Fill[] = [];
      for (const f of pending) {
        const [pos] = await tx
          .select()
          .from(traderPositions)
          .where(and(eq(traderPositions.broker, this.broker), eq(traderPositions.symbol, cur.symbol)))
          .for('update');
        const effect = applyFill({ qty: pos?.qty ?? 0, avgEntryPrice: pos?.avgEntryPrice ?? 0 }, cur.side, f.qty, f.price, f.commission);
        const inserted = await tx
          .insert(traderFills)
          .values({
            fillKey: `${cur.clientOrderId}:${f.cumQty}`,
            orderId: cur.id,
            clientOrderId: cur.clientOrderId,
            broker: this.broker,
            symbol: cur.symbol,
            side: cur.side,
            qty: f.qty,
            price: f.price,
            commission: f.commission,
            realizedPnl: effect.realizedPnl,
            barDate: isoDate(f.barTime),
            filledAt: new Date(now),
          })
          .onConflictDoNothing({ target: traderFills.fillKey })
          .returning();
        if (!inserted[0]) continue;
        booked.push(toFill(inserted[0]));
        const realized = (pos?.realizedPnl ?? 0) + effect.realizedPnl;
        await tx
          .insert(traderPositions)
          .values({ broker: this.broker, symbol: cur.symbol, qty: effect.qty, avgEntryPrice: effect.avgEntryPrice, realizedPnl: realized, updatedAt: new Date(now) })
          .onConflictDoUpdate({
            target: [traderPositions.broker, traderPositions.symbol],
            set: { qty: effect.qty, avgEntryPrice: effect.avgEntryPrice, realizedPnl: realized, updatedAt: new Date(now) },
          });
        const [acct] = await tx.select().from(traderAccounts).where(eq(traderAccounts.broker, this.broker)).for('update');
        await tx
          .update(traderAccounts)
          .set({ cash: acct!.cash + effect.cashDelta, updatedAt: new Date(now) }) // the account row is made when the book opens
          .where(eq(traderAccounts.broker, this.broker));
      }
      const [row] = await tx
        .update(traderOrders)
        .set({
          brokerOrderId: bo.brokerOrderId,
          status: bo.status === 'new' ? 'accepted' : bo.status,
          filledQty: Math.max(cur.filledQty, bo.filledQty),
          filledAvgPrice: bo.filledAvgPrice ?? cur.filledAvgPrice,
          lastError: null,
          updatedAt: new Date(now),
        })
        .where(eq(traderOrders.id, id))
        .returning();
      return { order: toOrder(inBook(row, id)), fills: booked };
    });
    this.countFinal(applied.order, before);
    return applied;
  }

  // --- positions and fills ---

  async positions(): Promise<BookPosition[]> {
    const rows = await this.db.select().from(traderPositions).where(eq(traderPositions.broker, this.broker)).orderBy(asc(traderPositions.symbol));
    return rows.map((r) => ({ symbol: r.symbol, qty: r.qty, avgEntryPrice: r.avgEntryPrice, realizedPnl: r.realizedPnl }));
  }

  /** Sets a position to what the broker holds (reconciliation), keeping its realized P&L. */
  async setPosition(symbol: string, qty: number, avgEntryPrice: number, now: number): Promise<void> {
    await this.db
      .insert(traderPositions)
      .values({ broker: this.broker, symbol, qty, avgEntryPrice, realizedPnl: 0, updatedAt: new Date(now) })
      .onConflictDoUpdate({ target: [traderPositions.broker, traderPositions.symbol], set: { qty, avgEntryPrice, updatedAt: new Date(now) } });
  }

  async fills(opts: { since?: number; limit?: number } = {}): Promise<Fill[]> {
    const cond = [eq(traderFills.broker, this.broker)];
    if (opts.since !== undefined) cond.push(gte(traderFills.filledAt, new Date(opts.since)));
    const q = this.db.select().from(traderFills).where(and(...cond)).orderBy(desc(traderFills.id));
    const rows = opts.limit ? await q.limit(opts.limit) : await q;
    return rows.map(toFill);
  }

  // --- equity history ---

  async upsertEquity(p: EquityPoint, now: number): Promise<void> {
    const values = { equity: p.equity, cash: p.cash, positionsValue: p.positionsValue, recordedAt: new Date(now) };
    await this.db
      .insert(traderEquity)
      .values({ broker: this.broker, date: p.date, ...values })
      .onConflictDoUpdate({ target: [traderEquity.broker, traderEquity.date], set: values });
  }

  async equityHistory(): Promise<EquityPoint[]> {
    const rows = await this.db.select().from(traderEquity).where(eq(traderEquity.broker, this.broker)).orderBy(asc(traderEquity.date));
    return rows.map((r) => ({ date: r.date, equity: r.equity, cash: r.cash, positionsValue: r.positionsValue }));
  }

  /** The last equity row dated before `date` (the close before a period), or null. */
  async equityBefore(date: string): Promise<EquityPoint | null> {
    const [r] = await this.db
      .select()
      .from(traderEquity)
      .where(and(eq(traderEquity.broker, this.broker), lt(traderEquity.date, date)))
      .orderBy(desc(traderEquity.date))
      .limit(1);
    return r ? { date: r.date, equity: r.equity, cash: r.cash, positionsValue: r.positionsValue } : null;
  }
}

/** The row an update of order `id` returned: a missing one is a bug (an id the book never gave), said as one. */
function inBook(row: OrderRow | undefined, id: number): OrderRow {
  if (!row) throw new Error(`order ${id} is not in the book`);
  return row;
}

function toOrder(r: OrderRow): Order {
  // an order row is the order, with its instants as Date objects
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

function toFill({ id: _id, fillKey: _key, broker: _broker, filledAt, ...rest }: FillRow): Fill {
  // the row's own key, fill key and broker stay in the book; the fill is the rest
  return { ...rest, filledAt: filledAt.toISOString() };
}
