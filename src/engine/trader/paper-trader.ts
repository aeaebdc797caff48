// The TraderService implementation: risk check, record the intent, send, record the result; the book kept in step
// with the broker (the source of truth) by settle and reconcile; P&L and equity from the book marked at last prices;
// every fill, rejection, halt and reconciliation difference pushed to the `alerts` topic.
import type { Clock } from '../clock.ts';
import { newYorkDay } from '../data/csv/new-york-day.ts';
import type { Notifier } from '../notify/notifier.ts';
import { logger } from '../../log.ts';
import type { Book, BookPosition } from './book.ts';
import {
  BrokerAmbiguousError,
  BrokerRejectedError,
  DuplicateClientOrderIdError,
  isOpenStatus,
  type Broker,
  type BrokerOrder,
} from './broker.ts';
import { clientOrderIdFor, randomClientOrderId } from './client-order-id.ts';
import type { BarPriceSource, LastPrice } from './price-source.ts';
import { sessionsBetween } from '../autopilot/nyse-calendar.ts';
import { STALE_AFTER_SESSIONS } from '../data/data-age.ts';
import { checkRisk, dailyLoss, type MarkedPosition, type RiskOrder, type RiskVerdict } from './risk-manager.ts';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from './trader-config.ts';
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
  ReconcileDifference,
  ReconcileReport,
  RiskCheck,
  TraderService,
} from './trader-service.ts';
import { money, price, qty } from '../../format.ts';

const log = logger('trader');
const DAY = 86_400_000;

export interface PaperTraderDeps {
  broker: Broker;
  book: Book;
  prices: BarPriceSource;
  clock: Clock;
  notifier: Notifier;
  risk: Partial<RiskLimits>;
  staleAfterDays: number;
  /** Attempts to place one order through ambiguous failures, and the pause between them. */
  maxAttempts: number;
  retryDelayMs: number;
}

interface Marked {
  cash: number;
  equity: number;
  positions: (BookPosition & { price: LastPrice | null })[];
  priceDate: string | null;
}

// Alerts write money, prices and quantities as every reply does (src/format.ts).
const fmt = (x: number) => (Math.abs(x) >= 1 ? money(x) : price(x));
const sideWord = (side: 'buy' | 'sell') => (side === 'buy' ? 'bought' : 'sold');

export class PaperTrader implements TraderService {
  readonly broker: BrokerKind;

  constructor(private readonly d: PaperTraderDeps) {
    this.broker = d.broker.kind;
  }

  // --- orders ---

  async checkOrder(req: OrderRequest): Promise<RiskCheck> {
    const { tripsDailyLoss: _t, ...check } = await this.verdict(normalize(req));
    return check;
  }

  async placeOrder(raw: OrderRequest): Promise<OrderResult> {
    const req = normalize(raw);
    const clientOrderId = req.clientOrderId ?? (req.decisionKey ? clientOrderIdFor(req.decisionKey) : randomClientOrderId());
    const existing = await this.d.book.orderByClientId(clientOrderId);
    if (existing && existing.status !== 'new') return result({ ok: true, order: existing, duplicate: true });
    if (existing) return this.send(existing, [], true); // an earlier attempt was cut short: look it up, then send

    const v = await this.verdict(req);
    if (v.tripsDailyLoss) await this.tripDailyLoss(v);
    if (!v.allowed) {
      await this.alert(`reject:${clientOrderId}`, `Order refused: ${req.side} ${req.qty} ${req.symbol}: ${v.refusal!.message}`);
      return result({ ok: false, refusal: v.refusal, warnings: v.warnings });
    }
    if (v.needsConfirmation) return result({ ok: false, needsConfirmation: true, warnings: v.warnings });

    const order = await this.d.book.insertNewOrder(
      {
        clientOrderId,
        symbol: req.symbol,
        side: req.side,
        type: req.type,
        qty: req.qty,
        limitPrice: req.type === 'limit' ? req.limitPrice! : null,
        timeInForce: req.timeInForce ?? 'day',
        origin: req.origin ?? 'chat',
        decisionKey: req.decisionKey ?? null,
      },
      this.d.clock.now(),
    );
    if (!order) {
      // Another call recorded the same decision a moment ago.
      return result({ ok: true, order: await this.d.book.orderByClientId(clientOrderId), duplicate: true });
    }
    return this.send(order, v.warnings, false);
  }

  /** Sends a recorded order; after an ambiguous failure looks it up by client order id before sending again. */
  private async send(order: Order, warnings: string[], resumed: boolean): Promise<OrderResult> {
    const { broker, book, clock } = this.d;
    let lastError = '';
    for (let attempt = 1; attempt <= this.d.maxAttempts; attempt++) {
      // Only after an ambiguous attempt (or for an order recorded before a crash) can the broker already have it.
      if (attempt > 1 || resumed) {
        const found = await this.lookup(order.clientOrderId);
        if (found === 'unknown') {
          lastError = 'the broker did not answer the lookup';
          await this.pause();
          continue;
        }
        if (found) return this.finish(order, found, warnings, resumed);
      }
      try {
        const bo = await broker.submitOrder({
          clientOrderId: order.clientOrderId,
          symbol: order.symbol,
          side: order.side,
          qty: order.qty,
          type: order.type,
          limitPrice: order.limitPrice,
          timeInForce: order.timeInForce,
        });
        return this.finish(order, bo, warnings, false);
      } catch (err) {
        if (err instanceof DuplicateClientOrderIdError) {
          const found = await this.lookup(order.clientOrderId);
          if (found && found !== 'unknown') return this.finish(order, found, warnings, true);
          lastError = err.message;
          break;
        }
        if (err instanceof BrokerRejectedError) {
          const rejected = await book.markOrder(order.id, 'rejected', err.message, clock.now());
          await this.alert(`reject:${order.clientOrderId}`, `Order #${order.id} rejected by the broker: ${order.side} ${order.qty} ${order.symbol}: ${err.message}`);
          return result({ ok: false, order: rejected, warnings: [...warnings, err.message] });
        }
        if (!(err instanceof BrokerAmbiguousError)) throw err;
        lastError = err.message;
        log.warn({ clientOrderId: order.clientOrderId, attempt, err: err.message }, 'order send ambiguous; will look it up');
        await book.noteError(order.id, err.message, clock.now());
        order = { ...order, lastError: err.message };
        if (attempt < this.d.maxAttempts) await this.pause();
      }
    }
    // Still unknown: the order stays `new`; the same request (same decision) or a reconcile finds it later, never doubles it.
    const pending = await this.d.book.orderByClientId(order.clientOrderId);
    return result({
      ok: false,
      order: pending,
      warnings: [...warnings, `the broker did not confirm order #${order.id} (${lastError}); repeating the same request or /orders later will not place it twice`],
    });
  }

  private async finish(order: Order, bo: BrokerOrder, warnings: string[], duplicate: boolean): Promise<OrderResult> {
    const { order: updated, fills } = await this.d.book.applyBrokerOrder(order.id, bo, this.d.clock.now());
    const w = [...warnings, ...this.staleWarnings(fills)];
    await this.afterFills(updated, fills);
    if (updated.status === 'rejected') {
      await this.alert(`reject:${updated.clientOrderId}`, `Order #${updated.id} rejected by the broker: ${updated.side} ${updated.qty} ${updated.symbol}`);
    }
    return result({ ok: updated.status !== 'rejected', order: updated, fills, duplicate, warnings: w });
  }

  private async lookup(clientOrderId: string): Promise<BrokerOrder | null | 'unknown'> {
    try {
      return await this.d.broker.getOrderByClientId(clientOrderId);
    } catch (err) {
      log.warn({ clientOrderId, err: (err as Error).message }, 'order lookup failed');
      return 'unknown';
    }
  }

  async cancelOrder(id: number | string): Promise<CancelResult> {
    const { book, broker, clock } = this.d;
    const order = typeof id === 'number' || /^\d+$/.test(id) ? await book.orderById(Number(id)) : await book.orderByClientId(id);
    if (!order || order.broker !== this.broker) return { ok: false, order: null, message: `no order ${id}` };
    if (!isOpenStatus(order.status)) return { ok: false, order, message: `order #${order.id} is ${order.status}, not open` };
    const found = await this.lookup(order.clientOrderId);
    if (found === 'unknown') return { ok: false, order, message: `the broker did not answer; order #${order.id} is unchanged` };
    if (!found) {
      const canceled = await book.markOrder(order.id, 'canceled', 'canceled before the broker had it', clock.now());
      return { ok: true, order: canceled, message: `order #${order.id} canceled` };
    }
    if (isOpenStatus(found.status)) {
      try {
        await broker.cancelOrder(found.brokerOrderId);
      } catch (err) {
        return { ok: false, order, message: `the broker did not cancel order #${order.id}: ${(err as Error).message}` };
      }
    }
    const after = (await this.lookup(order.clientOrderId)) || found;
    const fresh = after === 'unknown' ? found : after;
    const { order: updated, fills } = await book.applyBrokerOrder(order.id, { ...fresh, status: isOpenStatus(fresh.status) ? 'canceled' : fresh.status }, clock.now());
    await this.afterFills(updated, fills);
    const message =
      updated.status === 'canceled'
        ? `order #${updated.id} canceled${updated.filledQty > 0 ? ` after ${updated.filledQty} filled` : ''}`
        : `order #${updated.id} was already ${updated.status}`;
    return { ok: updated.status === 'canceled', order: updated, message };
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
        await this.placeOrder({
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

  async fills(limit = 50): Promise<Fill[]> {
    return this.d.book.fills({ limit });
  }

  // --- positions, balance, P&L ---

  async positions(): Promise<Position[]> {
    await this.settle();
    const m = await this.mark();
    return m.positions
      .filter((p) => p.qty !== 0)
      .map((p) => {
        const last = p.price?.price ?? null;
        const costBasis = p.qty * p.avgEntryPrice;
        const marketValue = last === null ? null : p.qty * last;
        const unrealized = marketValue === null ? null : marketValue - costBasis;
        return {
          symbol: p.symbol,
          qty: p.qty,
          avgEntryPrice: p.avgEntryPrice,
          costBasis,
          lastPrice: last,
          lastPriceDate: p.price?.date ?? null,
          marketValue,
          unrealizedPnl: unrealized,
          unrealizedPnlPct: unrealized === null || costBasis === 0 ? null : unrealized / Math.abs(costBasis),
          realizedPnl: p.realizedPnl,
          weight: marketValue === null || m.equity <= 0 ? null : Math.abs(marketValue) / m.equity,
        };
      });
  }

  async balance(): Promise<Balance> {
    await this.settle();
    const m = await this.mark();
    const acct = await this.d.book.account();
    const state = await this.d.book.state();
    let positionsValue = 0;
    let gross = 0;
    for (const p of m.positions) {
      const v = p.qty * (p.price?.price ?? p.avgEntryPrice);
      positionsValue += v;
      gross += Math.abs(v);
    }
    return {
      broker: this.broker,
      cash: m.cash,
      equity: m.equity,
      positionsValue,
      grossExposure: gross,
      startingEquity: acct.startingEquity,
      openPositions: m.positions.filter((p) => p.qty !== 0).length,
      openOrders: (await this.d.book.listOrders('open')).length,
      halted: state.halted,
      haltReason: state.haltReason,
      dailyLossHalt: state.lossHaltDate === this.today(),
      asOf: new Date(this.d.clock.now()).toISOString(),
      priceDate: m.priceDate,
    };
  }

  async pnl(period: PnlPeriod): Promise<PnlReport> {
    await this.settle();
    const m = await this.mark();
    const acct = await this.d.book.account();
    const to = this.today();
    const from = period === 'all' ? this.dayOf(acct.inceptionAt) : periodStart(period, to);
    const before = period === 'all' ? null : await this.d.book.equityBefore(from);
    const startEquity = before?.equity ?? acct.startingEquity;
    const fills = (await this.d.book.fills()).filter((f) => this.dayOf(Date.parse(f.filledAt)) >= from);
    const bySymbol = new Map<string, { realized: number; unrealized: number | null }>();
    let realized = 0;
    let commissions = 0;
    for (const f of fills) {
      realized += f.realizedPnl;
      commissions += f.commission;
      const e = bySymbol.get(f.symbol) ?? { realized: 0, unrealized: null };
      e.realized += f.realizedPnl;
      bySymbol.set(f.symbol, e);
    }
    let unrealized = 0;
    for (const p of m.positions) {
      if (p.qty === 0) continue;
      const u = p.price ? p.qty * (p.price.price - p.avgEntryPrice) : null;
      if (u !== null) unrealized += u;
      const e = bySymbol.get(p.symbol) ?? { realized: 0, unrealized: null };
      e.unrealized = u;
      bySymbol.set(p.symbol, e);
    }
    const change = m.equity - startEquity;
    return {
      period,
      from,
      to,
      startEquity,
      endEquity: m.equity,
      change,
      changePct: startEquity !== 0 ? change / startEquity : 0,
      realized,
      unrealized,
      commissions,
      fills: fills.length,
      positions: [...bySymbol.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([symbol, v]) => ({ symbol, ...v })),
    };
  }

  async recordEquity(): Promise<EquityPoint> {
    const m = await this.mark();
    const p: EquityPoint = { date: this.today(), equity: m.equity, cash: m.cash, positionsValue: m.equity - m.cash };
    // The daily loss rule is also checked when the book is marked, so the halt and its alert come when the loss
    // happens, not only when the next order is tried.
    const limits = await this.riskLimits();
    const state = await this.d.book.state();
    if (state.lossHaltDate !== this.today() && dailyLoss(await this.dayStartEquity(), m.equity, limits.dailyLossLimit).breached) {
      await this.tripDailyLoss({ equity: m.equity });
    }
    await this.d.book.upsertEquity(p, this.d.clock.now());
    return p;
  }

  async equityHistory(): Promise<EquityPoint[]> {
    return this.d.book.equityHistory();
  }

  // --- halts ---

  async halt(reason: string): Promise<void> {
    const { book, clock } = this.d;
    await book.setHalt(true, reason, clock.now());
    let canceled = 0;
    for (const o of await book.listOrders('open')) {
      const r = await this.cancelOrder(o.id);
      if (r.ok) canceled++;
    }
    await this.alert(`halt:${clock.now()}`, `Trading halted (kill switch): ${reason}. ${canceled} open order(s) canceled; new orders are refused until /resume.`);
  }

  async resume(): Promise<void> {
    await this.d.book.setHalt(false, null, this.d.clock.now());
    await this.alert(`resume:${this.d.clock.now()}`, 'Trading resumed: the kill switch is off.');
  }

  async isHalted(): Promise<boolean> {
    return (await this.d.book.state()).halted;
  }

  async riskLimits(): Promise<RiskLimits> {
    const state = await this.d.book.state();
    return { ...DEFAULT_RISK_LIMITS, ...this.d.risk, ...(state.risk as Partial<RiskLimits>) };
  }

  async setRiskLimits(change: Partial<RiskLimits>): Promise<RiskLimits> {
    const state = await this.d.book.state();
    await this.d.book.setRisk({ ...state.risk, ...change }, this.d.clock.now());
    return this.riskLimits();
  }

  // --- keeping the book in step with the broker ---

  async settle(): Promise<Fill[]> {
    const { broker, book, clock } = this.d;
    await broker.settle?.();
    const out: Fill[] = [];
    for (const o of await book.listOrders('open')) {
      if (o.status === 'new') continue; // not confirmed by the broker: reconcile decides
      const found = await this.lookup(o.clientOrderId);
      if (!found || found === 'unknown') continue;
      if (found.status === o.status && found.filledQty === o.filledQty) continue;
      const { order, fills } = await book.applyBrokerOrder(o.id, found, clock.now());
      await this.afterFills(order, fills);
      out.push(...fills);
    }
    return out;
  }

  async reconcile(): Promise<ReconcileReport> {
    const { broker, book, clock } = this.d;
    const now = clock.now();
    const checkedAt = new Date(now).toISOString();
    const differences: ReconcileDifference[] = [];
    let ordersUpdated = 0;
    let ordersNeverSent = 0;
    await broker.settle?.();

    for (const o of await book.listOrders('open')) {
      const found = await this.lookup(o.clientOrderId);
      if (found === 'unknown') continue;
      if (!found) {
        if (o.status === 'new') {
          await book.markOrder(o.id, 'rejected', 'never reached the broker (found at reconciliation); nothing was placed', now);
          ordersNeverSent++;
          differences.push(diff('order', o.clientOrderId, 'new', 'none', `order #${o.id} (${o.side} ${o.qty} ${o.symbol}) never reached the broker: marked rejected, nothing was placed`));
        } else {
          await book.markOrder(o.id, 'canceled', 'the broker no longer has it', now);
          differences.push(diff('order', o.clientOrderId, o.status, 'none', `order #${o.id} is unknown to the broker: marked canceled`));
        }
        continue;
      }
      if (found.status === o.status && found.filledQty === o.filledQty) continue;
      const { order, fills } = await book.applyBrokerOrder(o.id, found, now);
      await this.afterFills(order, fills);
      ordersUpdated++;
      differences.push(
        diff('order', o.clientOrderId, `${o.status} ${o.filledQty}`, `${order.status} ${order.filledQty}`, `order #${o.id} (${o.side} ${o.qty} ${o.symbol}): book said ${o.status} with ${o.filledQty} filled, the broker says ${order.status} with ${order.filledQty} filled${order.filledAvgPrice !== null ? ` at ${fmt(order.filledAvgPrice)}` : ''}`),
      );
    }

    for (const bo of await broker.listOpenOrders()) {
      if (await book.orderByClientId(bo.clientOrderId)) continue;
      const rec = await book.insertNewOrder(
        { clientOrderId: bo.clientOrderId, symbol: bo.symbol, side: bo.side, type: bo.type, qty: bo.qty, limitPrice: bo.limitPrice, timeInForce: bo.timeInForce, origin: 'external', decisionKey: null },
        now,
      );
      if (!rec) continue;
      await book.applyBrokerOrder(rec.id, bo, now);
      differences.push(diff('order', bo.clientOrderId, 'none', bo.status, `an open order placed outside mlTrainer (${bo.side} ${bo.qty} ${bo.symbol}) was added to the book as #${rec.id}`));
    }

    const held = new Map((await broker.positions()).map((p) => [p.symbol, p]));
    const booked = new Map((await book.positions()).map((p) => [p.symbol, p]));
    for (const symbol of new Set([...held.keys(), ...booked.keys()])) {
      const b = booked.get(symbol);
      const h = held.get(symbol);
      const bq = b?.qty ?? 0;
      const hq = h?.qty ?? 0;
      const avgDiffers = h && b && bq !== 0 && Math.abs(h.avgEntryPrice - b.avgEntryPrice) > 1e-6 * Math.max(1, Math.abs(h.avgEntryPrice));
      if (Math.abs(bq - hq) <= 1e-9 && !avgDiffers) continue;
      await book.setPosition(symbol, hq, h?.avgEntryPrice ?? 0, now);
      differences.push(
        diff('position', symbol, `${bq} @ ${fmt(b?.avgEntryPrice ?? 0)}`, `${hq} @ ${fmt(h?.avgEntryPrice ?? 0)}`, `position ${symbol}: book ${bq} @ ${fmt(b?.avgEntryPrice ?? 0)}, broker ${hq} @ ${fmt(h?.avgEntryPrice ?? 0)}; the book now follows the broker`),
      );
    }

    const acct = await broker.account();
    const bookCash = (await book.account()).cash;
    if (Math.abs(acct.cash - bookCash) > 0.005) {
      await book.setCash(acct.cash, now);
      differences.push(diff('cash', 'cash', fmt(bookCash), fmt(acct.cash), `cash: book ${fmt(bookCash)}, broker ${fmt(acct.cash)}; the book now follows the broker`));
    }
    for (const d of differences) await this.alert(`reconcile:${checkedAt}:${d.kind}:${d.key}`, `Reconciliation (${this.broker}): ${d.text}`);
    if (differences.length) log.warn({ differences: differences.length }, 'book reconciled with the broker');
    return { broker: this.broker, checkedAt, differences, ordersUpdated, ordersNeverSent };
  }

  async close(): Promise<void> {
    await this.d.broker.close?.();
  }

  // --- internals ---

  private async verdict(req: OrderRequest): Promise<RiskVerdict> {
    const limits = await this.riskLimits();
    const state = await this.d.book.state();
    const m = await this.mark();
    const marked: MarkedPosition[] = m.positions.map((p) => ({ symbol: p.symbol, qty: p.qty, price: p.price?.price ?? null }));
    const held = m.positions.find((p) => p.symbol === req.symbol);
    const last = held?.price ?? (await this.lastPrice(req.symbol));
    const order: RiskOrder = {
      symbol: req.symbol,
      side: req.side,
      qty: req.qty,
      type: req.type,
      limitPrice: req.type === 'limit' ? (req.limitPrice ?? null) : null,
      origin: req.origin ?? 'chat',
      confirmed: req.confirmed ?? false,
    };
    const verdict = checkRisk(order, {
      limits,
      halted: state.halted,
      haltReason: state.haltReason,
      lossHalted: state.lossHaltDate === this.today(),
      equity: m.equity,
      dayStartEquity: await this.dayStartEquity(),
      positions: marked,
      lastPrice: last ? { price: last.price, date: last.date } : null,
    });
    // The simulated broker fills at the newest stored close: a symbol whose close is far older than the book's other
    // prices would put two eras in one book. Refused unless the user accepted that old price explicitly.
    if (verdict.allowed && this.broker === 'simulated' && !req.staleOk && last) {
      const newer = m.positions.filter((p) => p.symbol !== req.symbol && p.qty !== 0 && p.price && p.price.date > last.date);
      const newest = newer.sort((a, b) => (a.price!.date < b.price!.date ? 1 : -1))[0];
      const behind = newest ? sessionsBetween(last.date, newest.price!.date) : 0;
      if (newest && behind > STALE_AFTER_SESSIONS) {
        const message =
          `refused by stale_price: ${req.symbol}'s newest price is the close of ${last.date}, ${behind} sessions older than the book's other prices ` +
          `(${newest.symbol} at ${newest.price!.date}); filling at it would mix eras in one book. To fill at that old price anyway, add stale=ok ` +
          `(/${req.side} ${req.symbol} ${req.qty} stale=ok), or pull fresh ${req.symbol} data first.`;
        return { ...verdict, allowed: false, refusal: { rule: 'stale_price', message } };
      }
    }
    return verdict;
  }

  private async tripDailyLoss(v: Pick<RiskVerdict, 'equity'>): Promise<void> {
    const today = this.today();
    await this.d.book.setLossHaltDate(today, this.d.clock.now());
    const base = await this.dayStartEquity();
    await this.alert(
      `risk-halt:daily-loss:${today}`,
      `Risk halt: equity ${fmt(v.equity)} is down ${(((base - v.equity) / base) * 100).toFixed(2)}% today (from ${fmt(base)}); new entries are halted until tomorrow, exits are allowed.`,
    );
  }

  private async dayStartEquity(): Promise<number> {
    const before = await this.d.book.equityBefore(this.today());
    if (before) return before.equity;
    if (this.broker === 'alpaca') {
      const acct = await this.d.broker.account().catch(() => null);
      if (acct?.lastEquity) return acct.lastEquity;
    }
    return (await this.d.book.account()).startingEquity;
  }

  /** Cash and positions from the book, marked at the last prices (Alpaca's own marks for what it holds). */
  private async mark(): Promise<Marked> {
    const acct = await this.d.book.account();
    const positions = await this.d.book.positions();
    const brokerMarks = new Map<string, number>();
    if (this.broker === 'alpaca' && positions.some((p) => p.qty !== 0)) {
      for (const p of await this.d.broker.positions().catch(() => [])) if (p.currentPrice !== null) brokerMarks.set(p.symbol, p.currentPrice);
    }
    let equity = acct.cash;
    let priceDate: string | null = null;
    const out: Marked['positions'] = [];
    for (const p of positions) {
      let price: LastPrice | null = null;
      if (p.qty !== 0) {
        const bm = brokerMarks.get(p.symbol);
        price = bm !== undefined ? { price: bm, time: this.d.clock.now(), date: this.today(), timeframe: '1d' } : await this.lastPrice(p.symbol);
        // Without any price the position counts at cost: never a made-up mark.
        equity += p.qty * (price?.price ?? p.avgEntryPrice);
        if (price && (priceDate === null || price.date > priceDate)) priceDate = price.date;
      }
      out.push({ ...p, price });
    }
    return { cash: acct.cash, equity, positions: out, priceDate };
  }

  private lastPrice(symbol: string): Promise<LastPrice | null> {
    return this.d.prices.lastPrice(symbol);
  }

  private async afterFills(order: Order, fills: Fill[]): Promise<void> {
    let cum = order.filledQty - fills.reduce((a, f) => a + f.qty, 0);
    for (const f of fills) {
      cum += f.qty;
      const when = f.barDate ? ` (bar of ${f.barDate})` : '';
      const realized = f.realizedPnl !== 0 && Math.abs(f.realizedPnl) !== f.commission ? `, realized ${fmt(f.realizedPnl)}` : '';
      await this.alert(
        `fill:${f.clientOrderId}:${cum}`,
        `Fill: ${sideWord(f.side)} ${qty(f.qty)} ${f.symbol} at ${price(f.price)}${when}, order #${order.id} ${order.status}${realized}`,
      );
    }
    if (fills.length) await this.recordEquity();
  }

  private staleWarnings(fills: Fill[]): string[] {
    const today = this.today();
    const out: string[] = [];
    for (const f of fills) {
      if (!f.barDate) continue;
      const days = Math.round((Date.parse(today) - Date.parse(f.barDate)) / DAY);
      if (days > this.d.staleAfterDays) {
        out.push(`${f.symbol} filled at the close of ${f.barDate}, ${days} days before today (${today}): the bar store is stale; pull fresh bars for current prices`);
      }
    }
    return out;
  }

  /** The trading day: the bar date under replay (bars are stamped 00:00 UTC of their date), New York's date otherwise. */
  private today(): string {
    return this.dayOf(this.d.clock.now());
  }

  private dayOf(ms: number): string {
    const day = this.d.prices.mode === 'next-open' ? ms : newYorkDay(ms);
    return new Date(day).toISOString().slice(0, 10);
  }

  private pause(): Promise<void> {
    return new Promise((r) => setTimeout(r, this.d.retryDelayMs));
  }

  private async alert(eventKey: string, text: string): Promise<void> {
    try {
      await this.d.notifier.notify('alerts', { eventKey, text });
    } catch (err) {
      log.error({ eventKey, err: (err as Error).message }, 'trade alert not delivered');
    }
  }
}

function normalize(req: OrderRequest): OrderRequest {
  return { ...req, symbol: req.symbol.trim().toUpperCase(), qty: Number(req.qty) };
}

function result(r: Partial<OrderResult>): OrderResult {
  return { ok: false, order: null, fills: [], refusal: null, needsConfirmation: false, duplicate: false, warnings: [], ...r };
}

function diff(kind: ReconcileDifference['kind'], key: string, book: string, broker: string, text: string): ReconcileDifference {
  return { kind, key, book, broker, text };
}

/** First day of the week (Monday) or month containing `date` (YYYY-MM-DD). */
function periodStart(period: 'day' | 'week' | 'month', date: string): string {
  if (period === 'day') return date;
  if (period === 'month') return `${date.slice(0, 8)}01`;
  const t = Date.parse(`${date}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(t - dow * DAY).toISOString().slice(0, 10);
}
