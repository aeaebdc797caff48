// The built-in simulated broker: the Broker port filled from the real bars in the bar store. Its orders, fills,
// positions and cash live in its own tables (sim_*), every change in one transaction, so the book reconciles to it
// exactly as it does to Alpaca. Fill rules: see bar-fill.ts and SimulatedFillMode.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { simAccount, simFills, simOrders, simPositions } from '../db/schema/index.ts';
import { closeFillPrice } from './bar-fill.ts';
import { judgeOnBar } from './bar-trigger.ts';
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
import type { OrderTerms } from './trader-service.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type SimOrderRow = typeof simOrders.$inferSelect;
type FillingOrder = Pick<SimOrderRow, 'id' | 'clientOrderId' | 'symbol' | 'side' | 'qty'>;

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
    for (const terms of [req, ...(req.legs ?? [])]) assertTerms(terms);
    const last = await this.prices.lastPrice(req.symbol);
    if (this.prices.mode === 'latest-close' && !last) {
      throw new BrokerRejectedError(`no price for ${req.symbol} in the bar store: import or pull its bars first`, 422);
    }
    const now = new Date(this.clock.now());
    const id = randomUUID();
    // Under the wall clock only bars newer than the latest one may fill a resting order; under replay, bars after the clock.
    const refTime = this.prices.mode === 'latest-close' && last ? new Date(last.time) : now;
    const waterMark = (t: OrderTerms) => (t.type === 'trailing_stop' ? (last?.price ?? null) : null);
    await this.db.transaction(async (tx) => {
      const [dup] = await tx.select({ id: simOrders.id }).from(simOrders).where(eq(simOrders.clientOrderId, req.clientOrderId));
      if (dup) throw new DuplicateClientOrderIdError('client_order_id must be unique', 422);
      const { legs = [], ...terms } = req;
      await tx.insert(simOrders).values({ ...terms, id, status: 'accepted', refTime, waterMark: waterMark(terms), createdAt: now, updatedAt: now });
      for (const leg of legs) {
        // An OCO's second leg works at once; a bracket's or OTO's legs wait for the entry to fill.
        const status = req.orderClass === 'oco' ? 'accepted' : 'held';
        await tx.insert(simOrders).values({ ...leg, id: randomUUID(), status, refTime, waterMark: waterMark(leg), createdAt: now, updatedAt: now });
      }
      if (this.prices.mode === 'latest-close' && last) {
        const price = closeFillPrice(req.type, req.side, req.limitPrice, last.price, this.cfg.slippage);
        if (price !== null) await this.fill(tx, { id, clientOrderId: req.clientOrderId, symbol: req.symbol, side: req.side, qty: req.qty }, price, last.time, now);
      }
    });
    return (await this.getOrderById(id))!; // inserted by the transaction above
  }

  /**
   * Fills resting orders from the bars after each order's reference time, up to the fill horizon. Orders of one group
   * (a parent's working legs, an OCO pair) are judged together, bar by bar: the first to fill cancels the others, and a
   * filled entry sets its legs working from the next bar.
   */
  async settle(): Promise<void> {
    const horizon = this.prices.fillHorizon();
    // Each pass settles the groups that are working; an entry filled in one pass lets its legs work in the next.
    for (let pass = 0; pass < 3; pass++) {
      const open = await this.db.select().from(simOrders).where(eq(simOrders.status, 'accepted'));
      const groups = new Map<string, SimOrderRow[]>();
      for (const o of open) {
        const key = o.parentClientOrderId ?? o.clientOrderId;
        groups.set(key, [...(groups.get(key) ?? []), o]);
      }
      let filled = false;
      for (const group of groups.values()) if (await this.settleGroup(group, horizon)) filled = true;
      if (!filled) return;
    }
  }

  /** Walks one group's bars; true when one of its orders filled. */
  private async settleGroup(group: SimOrderRow[], horizon: number): Promise<boolean> {
    const first = group[0]!; // groups are made non-empty
    const from = Math.min(...group.map((o) => o.refTime.getTime()));
    const bars = await this.prices.barsBetween(first.symbol, from, horizon);
    const state = new Map(group.map((o) => [o.id, { waterMark: o.waterMark, triggered: o.triggered, refTime: o.refTime.getTime(), expired: false }]));
    for (let i = 0; i < bars.length; i++) {
      const time = bars.time[i]!;
      const bar = { open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]! };
      const hits: { order: SimOrderRow; price: number; atOpen: boolean }[] = [];
      for (const o of group) {
        const st = state.get(o.id)!; // one state per member
        if (st.expired || time <= st.refTime) continue;
        const r = judgeOnBar({ ...o, waterMark: st.waterMark, triggered: st.triggered }, bar, this.cfg.slippage);
        st.waterMark = r.waterMark;
        st.triggered = r.triggered;
        st.refTime = time;
        if (r.price !== null) hits.push({ order: o, price: r.price, atOpen: r.atOpen });
        // A day order lives for the first session it meets.
        else if (o.timeInForce === 'day') st.expired = true;
      }
      const hit = firstFilled(hits);
      if (hit) {
        await this.fillFromGroup(group, hit.order, hit.price, time);
        return true;
      }
    }
    await this.saveGroupState(group, state);
    return false;
  }

  /** One member of a group fills; the others are cancelled; its own legs start working from this bar. */
  private async fillFromGroup(group: SimOrderRow[], winner: SimOrderRow, price: number, barTime: number): Promise<void> {
    const now = new Date(this.clock.now());
    await this.db.transaction(async (tx) => {
      const [cur] = await tx.select().from(simOrders).where(eq(simOrders.id, winner.id)).for('update');
      if (cur?.status !== 'accepted') return;
      await this.fill(tx, winner, price, barTime, now);
      const others = group.filter((o) => o.id !== winner.id).map((o) => o.id);
      if (others.length) {
        await tx
          .update(simOrders)
          .set({ status: 'canceled', updatedAt: now })
          .where(and(inArray(simOrders.id, others), eq(simOrders.status, 'accepted')));
      }
    });
  }

  /** Bars judged without a fill are not judged again: the orders remember where they got to. */
  private async saveGroupState(group: SimOrderRow[], state: Map<string, { waterMark: number | null; triggered: boolean; refTime: number; expired: boolean }>): Promise<void> {
    const now = new Date(this.clock.now());
    for (const o of group) {
      const st = state.get(o.id)!; // one state per member
      if (st.refTime === o.refTime.getTime() && !st.expired) continue;
      await this.db.transaction(async (tx) => {
        const [cur] = await tx.select().from(simOrders).where(eq(simOrders.id, o.id)).for('update');
        if (cur?.status !== 'accepted') return;
        if (st.expired) {
          await tx.update(simOrders).set({ status: 'expired', updatedAt: now }).where(eq(simOrders.id, o.id));
          await this.cancelLegs(tx, o.clientOrderId, now);
          return;
        }
        await tx
          .update(simOrders)
          .set({ refTime: new Date(st.refTime), waterMark: st.waterMark, triggered: st.triggered, updatedAt: now })
          .where(eq(simOrders.id, o.id));
      });
    }
  }

  async getOrderByClientId(clientOrderId: string): Promise<BrokerOrder | null> {
    const [row] = await this.db.select().from(simOrders).where(eq(simOrders.clientOrderId, clientOrderId));
    return row ? this.toBrokerOrder(row) : null;
  }

  async listOpenOrders(): Promise<BrokerOrder[]> {
    const rows = await this.db.select().from(simOrders).where(inArray(simOrders.status, ['accepted', 'held']));
    return Promise.all(rows.map((r) => this.toBrokerOrder(r)));
  }

  /** Cancels an order, and its legs that are still waiting or working (a bracket's entry takes its legs with it). */
  async cancelOrder(brokerOrderId: string): Promise<void> {
    const now = new Date(this.clock.now());
    await this.db.transaction(async (tx) => {
      const done = await tx
        .update(simOrders)
        .set({ status: 'canceled', updatedAt: now })
        .where(eq(simOrders.id, brokerOrderId))
        .returning({ clientOrderId: simOrders.clientOrderId });
      if (!done[0]) throw new BrokerRejectedError(`no order ${brokerOrderId}`, 404);
      await this.cancelLegs(tx, done[0].clientOrderId, now);
    });
  }

  private async cancelLegs(tx: Tx, parentClientOrderId: string, now: Date): Promise<void> {
    await tx
      .update(simOrders)
      .set({ status: 'canceled', updatedAt: now })
      .where(and(eq(simOrders.parentClientOrderId, parentClientOrderId), inArray(simOrders.status, ['held', 'accepted'])));
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

  private async toBrokerOrder(row: SimOrderRow, withLegs = true): Promise<BrokerOrder> {
    const fills = await this.db.select().from(simFills).where(eq(simFills.orderId, row.id));
    let cum = 0;
    const brokerFills: BrokerFill[] = fills
      .sort((a, b) => a.id - b.id)
      .map((f) => {
        cum += f.qty;
        return { qty: f.qty, price: f.price, commission: f.commission, barTime: f.barTime.getTime(), cumQty: cum };
      });
    const { id, refTime: _ref, waterMark: _mark, triggered: _triggered, createdAt: _c, updatedAt: _u, ...terms } = row;
    const legRows = withLegs ? await this.db.select().from(simOrders).where(eq(simOrders.parentClientOrderId, row.clientOrderId)) : [];
    return {
      ...terms,
      brokerOrderId: id,
      fills: brokerFills,
      filledAt: brokerFills.length ? brokerFills[brokerFills.length - 1]!.barTime : null,
      ...(legRows.length ? { legs: await Promise.all(legRows.map((l) => this.toBrokerOrder(l, false))) } : {}),
    };
  }

  /** Books a whole fill on the broker's side (the order, its fill, the position, the cash) and sets its legs working, inside `tx`. */
  private async fill(tx: Tx, order: FillingOrder, price: number, barTime: number, now: Date): Promise<void> {
    const { id: orderId, symbol, side, qty } = order;
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
    // Waiting legs start working from this bar; a trailing leg's water mark starts at the fill.
    await tx
      .update(simOrders)
      .set({ status: 'accepted', refTime: new Date(barTime), waterMark: price, updatedAt: now })
      .where(and(eq(simOrders.parentClientOrderId, order.clientOrderId), eq(simOrders.status, 'held')));
  }
}

/** Refuses terms a broker would refuse: a bad quantity, a missing or non-positive price for the order's type. */
function assertTerms(t: OrderTerms): void {
  const positive = (v: number | null) => v !== null && Number.isFinite(v) && v > 0;
  if (!positive(t.qty)) throw new BrokerRejectedError(`qty must be a positive number, got ${t.qty}`, 422);
  if ((t.type === 'limit' || t.type === 'stop_limit') && !positive(t.limitPrice)) throw new BrokerRejectedError(`a ${t.type} order needs a positive limit price`, 422);
  if ((t.type === 'stop' || t.type === 'stop_limit') && !positive(t.stopPrice)) throw new BrokerRejectedError(`a ${t.type} order needs a positive stop price`, 422);
  if (t.type === 'trailing_stop' && !(positive(t.trailPercent) || positive(t.trailPrice))) {
    throw new BrokerRejectedError('a trailing stop needs a positive trail percent or trail price', 422);
  }
}

/** Of the orders a bar fills, the one that filled first: a gap at the open before anything inside the bar, then a
 * stop-loss before a take-profit (when a bar spans both, the loss is assumed: the bar cannot say which came first). */
function firstFilled<T extends { order: { leg: string | null }; atOpen: boolean }>(hits: T[]): T | undefined {
  return [...hits].sort((a, b) => Number(b.atOpen) - Number(a.atOpen) || Number(b.order.leg === 'stop_loss') - Number(a.order.leg === 'stop_loss'))[0];
}
