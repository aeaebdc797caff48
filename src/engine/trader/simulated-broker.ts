// The built-in simulated broker: the Broker port filled from the real bars in the bar store. Its orders, fills,
// positions and cash live in its own tables (sim_*), every change in one transaction, so the book reconciles to it
// exactly as it does to Alpaca. Fill rules: see bar-fill.ts and SimulatedFillMode.
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { simAccount, simFills, simOrders, simPositions } from '../db/schema/index.ts';
import { barFillPrice, closeFillPrice } from './bar-fill.ts';
import {
  BrokerRejectedError,
  DuplicateClientOrderIdError,
  type Broker,
  type BrokerAccount,
  type BrokerFill,
  type BrokerOrder,
  type BrokerOrderRequest,
  type BrokerPosition,
} from './broker.ts';
import { applyFill } from './position-math.ts';
import type { BarPriceSource } from './price-source.ts';
import type { SimulatedBrokerConfig } from './trader-config.ts';
import type { OrderSide } from './trader-service.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type SimOrderRow = typeof simOrders.$inferSelect;

const ACCOUNT_ID = 'main';

export class SimulatedBroker implements Broker {
  readonly kind = 'simulated' as const;

  constructor(
    private readonly db: Db,
    private readonly prices: BarPriceSource,
    private readonly clock: Clock,
    private readonly cfg: SimulatedBrokerConfig,
  ) {}

  /** Opens the account with the starting cash the first time. */
  async init(): Promise<void> {
    await this.db
      .insert(simAccount)
      .values({ id: ACCOUNT_ID, cash: this.cfg.startingCash, updatedAt: new Date(this.clock.now()) })
      .onConflictDoNothing();
  }

  async submitOrder(req: BrokerOrderRequest): Promise<BrokerOrder> {
    if (!(Number.isFinite(req.qty) && req.qty > 0)) throw new BrokerRejectedError(`qty must be a positive number, got ${req.qty}`, 422);
    if (req.type === 'limit' && !(req.limitPrice !== null && Number.isFinite(req.limitPrice) && req.limitPrice > 0)) {
      throw new BrokerRejectedError('a limit order needs a positive limit price', 422);
    }
    const last = this.prices.mode === 'latest-close' ? await this.prices.lastPrice(req.symbol) : null;
    if (this.prices.mode === 'latest-close' && !last) {
      throw new BrokerRejectedError(`no price for ${req.symbol} in the bar store: import or pull its bars first`, 422);
    }
    const now = new Date(this.clock.now());
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      const [dup] = await tx.select({ id: simOrders.id }).from(simOrders).where(eq(simOrders.clientOrderId, req.clientOrderId));
      if (dup) throw new DuplicateClientOrderIdError('client_order_id must be unique', 422);
      await tx.insert(simOrders).values({
        id,
        clientOrderId: req.clientOrderId,
        symbol: req.symbol,
        side: req.side,
        type: req.type,
        qty: req.qty,
        limitPrice: req.limitPrice,
        timeInForce: req.timeInForce,
        status: 'accepted',
        // Under the wall clock only bars newer than the latest one may fill a resting order; under replay, bars after the clock.
        refTime: last ? new Date(last.time) : now,
        createdAt: now,
        updatedAt: now,
      });
      if (last) {
        const price = closeFillPrice(req.type, req.side, req.limitPrice, last.price, this.cfg.slippage);
        if (price !== null) await this.fill(tx, id, req.symbol, req.side, req.qty, price, last.time, now);
      }
    });
    return (await this.getOrderById(id))!; // inserted by the transaction above
  }

  /** Fills resting orders from the bars after each order's reference time, up to the fill horizon. */
  async settle(): Promise<void> {
    const open = await this.db.select().from(simOrders).where(inArray(simOrders.status, ['accepted']));
    const horizon = this.prices.fillHorizon();
    for (const o of open) {
      const bars = await this.prices.barsBetween(o.symbol, o.refTime.getTime(), horizon);
      for (let i = 0; i < bars.length; i++) {
        const bar = { open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]! };
        const price = barFillPrice(o.type, o.side, o.limitPrice, bar, this.cfg.slippage);
        const now = new Date(this.clock.now());
        if (price !== null) {
          await this.db.transaction(async (tx) => {
            const [cur] = await tx.select().from(simOrders).where(eq(simOrders.id, o.id)).for('update');
            if (cur?.status !== 'accepted') return;
            await this.fill(tx, o.id, o.symbol, o.side, o.qty, price, bars.time[i]!, now);
          });
          break;
        }
        if (o.timeInForce === 'day') {
          // A day order lives for the first session it meets.
          await this.db
            .update(simOrders)
            .set({ status: 'expired', updatedAt: now })
            .where(eq(simOrders.id, o.id));
          break;
        }
      }
    }
  }

  async getOrderByClientId(clientOrderId: string): Promise<BrokerOrder | null> {
    const [row] = await this.db.select().from(simOrders).where(eq(simOrders.clientOrderId, clientOrderId));
    return row ? this.toBrokerOrder(row) : null;
  }

  async listOpenOrders(): Promise<BrokerOrder[]> {
    const rows = await this.db.select().from(simOrders).where(eq(simOrders.status, 'accepted'));
    return Promise.all(rows.map((r) => this.toBrokerOrder(r)));
  }

  async cancelOrder(brokerOrderId: string): Promise<void> {
    const done = await this.db
      .update(simOrders)
      .set({ status: 'canceled', updatedAt: new Date(this.clock.now()) })
      .where(eq(simOrders.id, brokerOrderId))
      .returning({ status: simOrders.status });
    if (done.length === 0) throw new BrokerRejectedError(`no order ${brokerOrderId}`, 404);
  }

  async positions(): Promise<BrokerPosition[]> {
    const rows = await this.db.select().from(simPositions);
    const out: BrokerPosition[] = [];
    for (const r of rows) {
      if (r.qty === 0) continue;
      const last = await this.prices.lastPrice(r.symbol);
      out.push({ symbol: r.symbol, qty: r.qty, avgEntryPrice: r.avgEntryPrice, currentPrice: last?.price ?? null });
    }
    return out;
  }

  async account(): Promise<BrokerAccount> {
    const [acct] = await this.db.select().from(simAccount).where(eq(simAccount.id, ACCOUNT_ID));
    const cash = acct?.cash ?? this.cfg.startingCash;
    let equity = cash;
    for (const p of await this.positions()) {
      if (p.currentPrice === null) return { cash, equity: null, lastEquity: null };
      equity += p.qty * p.currentPrice;
    }
    return { cash, equity, lastEquity: null };
  }

  private async getOrderById(id: string): Promise<BrokerOrder | null> {
    const [row] = await this.db.select().from(simOrders).where(eq(simOrders.id, id));
    return row ? this.toBrokerOrder(row) : null;
  }

  private async toBrokerOrder(row: SimOrderRow): Promise<BrokerOrder> {
    const fills = await this.db.select().from(simFills).where(eq(simFills.orderId, row.id));
    let cum = 0;
    const brokerFills: BrokerFill[] = fills
      .sort((a, b) => a.id - b.id)
      .map((f) => {
        cum += f.qty;
        return { qty: f.qty, price: f.price, commission: f.commission, barTime: f.barTime.getTime(), cumQty: cum };
      });
    return {
      brokerOrderId: row.id,
      clientOrderId: row.clientOrderId,
      symbol: row.symbol,
      side: row.side,
      type: row.type,
      qty: row.qty,
      limitPrice: row.limitPrice,
      timeInForce: row.timeInForce,
      status: row.status,
      filledQty: row.filledQty,
      filledAvgPrice: row.filledAvgPrice,
      fills: brokerFills,
      filledAt: brokerFills.length ? brokerFills[brokerFills.length - 1]!.barTime : null,
    };
  }

  /** Books a whole fill on the broker's side: the order, its fill, the position and the cash, inside `tx`. */
  private async fill(tx: Tx, orderId: string, symbol: string, side: OrderSide, qty: number, price: number, barTime: number, now: Date): Promise<void> {
    const commission = this.cfg.commissionPerOrder + this.cfg.commissionRate * qty * price;
    await tx.insert(simFills).values({ orderId, symbol, side, qty, price, commission, barTime: new Date(barTime), createdAt: now });
    await tx
      .update(simOrders)
      .set({ status: 'filled', filledQty: qty, filledAvgPrice: price, updatedAt: now })
      .where(eq(simOrders.id, orderId));
    const [pos] = await tx.select().from(simPositions).where(eq(simPositions.symbol, symbol)).for('update');
    const effect = applyFill({ qty: pos?.qty ?? 0, avgEntryPrice: pos?.avgEntryPrice ?? 0 }, side, qty, price, commission);
    await tx
      .insert(simPositions)
      .values({ symbol, qty: effect.qty, avgEntryPrice: effect.avgEntryPrice, updatedAt: now })
      .onConflictDoUpdate({ target: simPositions.symbol, set: { qty: effect.qty, avgEntryPrice: effect.avgEntryPrice, updatedAt: now } });
    const [acct] = await tx.select().from(simAccount).where(eq(simAccount.id, ACCOUNT_ID)).for('update');
    await tx
      .update(simAccount)
      .set({ cash: (acct?.cash ?? this.cfg.startingCash) + effect.cashDelta, updatedAt: now })
      .where(eq(simAccount.id, ACCOUNT_ID));
  }
}
