// Placing and canceling orders: risk check, record the intent in the book, send, record the broker's answer. An order
// is recorded before it is sent and keyed by a deterministic client order id, so an ambiguous failure (a timeout, a
// 5xx) is looked up before any retry and a crash mid-order is resumed, never doubled.
import { logger } from '../../log.ts';
import { emitEvent } from '../notify/event-text.ts';
import { BrokerAmbiguousError, BrokerRejectedError, DuplicateClientOrderIdError, isOpenStatus, type BrokerOrder } from './broker.ts';
import { lookupBookOrder, lookupBrokerOrder, termsOf } from './broker-lookup.ts';
import { orderTypeOf, planLegs, planOrder, type ProtectivePlan } from './protective-plan.ts';
import type { RiskVerdict } from './risk-manager.ts';
import { clientOrderIdFor, randomClientOrderId } from './client-order-id.ts';
import type { FillReporter } from './fill-reporter.ts';
import type { RiskState } from './risk-state.ts';
import type { PaperTraderDeps } from './trader-parts.ts';
import type { CancelResult, Fill, Order, OrderRequest, OrderResult, RiskCheck } from './trader-service.ts';
import type { TradingDay } from './trading-day.ts';

const log = logger('trader');
const DAY = 86_400_000;

export class OrderSender {
  constructor(
    private readonly d: PaperTraderDeps,
    private readonly day: TradingDay,
    private readonly risk: RiskState,
    private readonly fills: FillReporter,
  ) {}

  async check(raw: OrderRequest): Promise<RiskCheck> {
    const req = normalize(raw);
    const { tripsDailyLoss: _t, ...check } = await this.risk.verdict(req);
    if (!check.allowed) return check;
    const plan = planFor(req, 'check', check);
    return typeof plan === 'string' ? { ...check, allowed: false, refusal: priceRefusal(plan) } : check;
  }

  async place(raw: OrderRequest): Promise<OrderResult> {
    const req = normalize(raw);
    const clientOrderId = req.clientOrderId ?? (req.decisionKey ? clientOrderIdFor(req.decisionKey) : randomClientOrderId());
    const existing = await this.d.book.orderByClientId(clientOrderId);
    if (existing && existing.status !== 'new') return result({ ok: true, order: existing, legs: await this.d.book.legsOf(clientOrderId), duplicate: true });
    if (existing) return this.send(existing, [], true); // an earlier attempt was cut short: look it up, then send

    const v = await this.risk.verdict(req);
    if (v.tripsDailyLoss) await this.risk.tripDailyLoss(v.equity);
    if (!v.allowed) {
      await emitEvent(this.d.notifier, { type: 'order-refused', clientOrderId, side: req.side, qty: req.qty, symbol: req.symbol, reason: v.refusal!.message }); // a verdict that is not allowed names its refusal
      return result({ ok: false, refusal: v.refusal, warnings: v.warnings });
    }
    const plan = planFor(req, clientOrderId, v);
    if (typeof plan === 'string') {
      const refusal = priceRefusal(plan);
      await emitEvent(this.d.notifier, { type: 'order-refused', clientOrderId, side: req.side, qty: req.qty, symbol: req.symbol, reason: refusal.message });
      return result({ ok: false, refusal, warnings: v.warnings });
    }
    if (v.needsConfirmation) return result({ ok: false, needsConfirmation: true, warnings: v.warnings });

    const origin = req.origin ?? 'chat';
    const decisionKey = req.decisionKey ?? null;
    const order = await this.d.book.insertNewOrder(
      { ...plan.order, clientOrderId, symbol: req.symbol, side: req.side, qty: req.qty, origin, decisionKey, reason: req.reason ?? null },
      this.d.clock.now(),
      planLegs(plan, req, origin, decisionKey),
    );
    if (!order) {
      // Another call recorded the same decision a moment ago.
      return result({ ok: true, order: await this.d.book.orderByClientId(clientOrderId), duplicate: true });
    }
    return this.send(order, v.warnings, false);
  }

  async cancel(id: number | string): Promise<CancelResult> {
    const { book, broker, clock } = this.d;
    const order = typeof id === 'number' || /^\d+$/.test(id) ? await book.orderById(Number(id)) : await book.orderByClientId(id);
    if (!order || order.broker !== broker.kind) return { ok: false, order: null, message: `no order ${id}` };
    if (!isOpenStatus(order.status)) return { ok: false, order, message: `order #${order.id} is ${order.status}, not open` };
    const found = await lookupBookOrder(broker, order);
    if (found === 'unknown') return { ok: false, order, message: `the broker did not answer; order #${order.id} is unchanged` };
    if (!found) {
      const canceled = await book.markOrder(order.id, 'canceled', 'canceled before the broker had it', clock.now());
      for (const leg of await book.legsOf(order.clientOrderId)) if (isOpenStatus(leg.status)) await book.markOrder(leg.id, 'canceled', 'its parent was canceled', clock.now());
      return { ok: true, order: canceled, message: `order #${order.id} canceled` };
    }
    if (isOpenStatus(found.status)) {
      try {
        await broker.cancelOrder(found.brokerOrderId);
      } catch (err) {
        return { ok: false, order, message: `the broker did not cancel order #${order.id}: ${(err as Error).message}` };
      }
    }
    const after = (await lookupBookOrder(broker, order)) || found;
    const fresh = after === 'unknown' ? found : after;
    const { order: updated } = await this.apply(order, { ...fresh, status: isOpenStatus(fresh.status) ? 'canceled' : fresh.status });
    const message =
      updated.status === 'canceled'
        ? `order #${updated.id} canceled${updated.filledQty > 0 ? ` after ${updated.filledQty} filled` : ''}`
        : `order #${updated.id} was already ${updated.status}`;
    return { ok: updated.status === 'canceled', order: updated, message };
  }

  /** Sends a recorded order; after an ambiguous failure looks it up by client order id before sending again. */
  private async send(order: Order, warnings: string[], resumed: boolean): Promise<OrderResult> {
    const { broker, book, clock } = this.d;
    let lastError = '';
    for (let attempt = 1; attempt <= this.d.maxAttempts; attempt++) {
      // Only after an ambiguous attempt (or for an order recorded before a crash) can the broker already have it.
      if (attempt > 1 || resumed) {
        const found = await lookupBookOrder(broker, order);
        if (found === 'unknown') {
          lastError = 'the broker did not answer the lookup';
          await this.pause();
          continue;
        }
        if (found) return this.finish(order, found, warnings, resumed);
      }
      try {
        const legs = (await book.legsOf(order.clientOrderId)).map(termsOf);
        const bo = await broker.submitOrder({ ...termsOf(order), ...(legs.length ? { legs } : {}) });
        return this.finish(order, bo, warnings, false);
      } catch (err) {
        if (err instanceof DuplicateClientOrderIdError) {
          const found = await lookupBrokerOrder(broker, order.clientOrderId);
          if (found && found !== 'unknown') return this.finish(order, found, warnings, true);
          lastError = err.message;
          break;
        }
        if (err instanceof BrokerRejectedError) {
          const rejected = await book.markOrder(order.id, 'rejected', err.message, clock.now());
          await emitEvent(this.d.notifier, { type: 'order-rejected', order, reason: err.message });
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
    const { order: updated, fills, legs } = await this.apply(order, bo);
    const w = [...warnings, ...this.staleWarnings(fills)];
    if (updated.status === 'rejected') await emitEvent(this.d.notifier, { type: 'order-rejected', order: updated, reason: null });
    return result({ ok: updated.status !== 'rejected', order: updated, fills, legs, duplicate, warnings: w });
  }

  /** Books the broker's answer for an order and for each of its legs, and reports their fills. */
  private async apply(order: Order, bo: BrokerOrder): Promise<{ order: Order; fills: Fill[]; legs: Order[] }> {
    const { book, clock } = this.d;
    const { order: updated, fills } = await book.applyBrokerOrder(order.id, bo, clock.now());
    await this.fills.report(updated, fills);
    const legs: Order[] = [];
    for (const leg of await book.legsOf(order.clientOrderId)) {
      const seen = bo.legs?.find((l) => l.brokerOrderId === leg.brokerOrderId) ?? bo.legs?.find((l) => l.leg === leg.leg);
      // A leg the answer does not carry (a cancel's), is looked up on its own.
      const found = seen ?? (await lookupBookOrder(this.d.broker, leg));
      if (!found || found === 'unknown') {
        legs.push(leg);
        continue;
      }
      const applied = await book.applyBrokerOrder(leg.id, found, clock.now());
      await this.fills.report(applied.order, applied.fills);
      legs.push(applied.order);
    }
    return { order: updated, fills, legs };
  }

  private staleWarnings(fills: Fill[]): string[] {
    const today = this.day.today();
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

  private pause(): Promise<void> {
    return new Promise((r) => setTimeout(r, this.d.retryDelayMs));
  }
}

function normalize(req: OrderRequest): OrderRequest {
  return { ...req, symbol: req.symbol.trim().toUpperCase(), qty: Number(req.qty), type: orderTypeOf(req) };
}

/** The order's plan, its levels judged from its limit (a limit order) or the last price. */
function planFor(req: OrderRequest, clientOrderId: string, v: Pick<RiskVerdict, 'isExit' | 'lastPrice'>): ProtectivePlan | string {
  const reference = req.type === 'limit' && req.limitPrice !== undefined ? req.limitPrice : v.lastPrice;
  return planOrder(req, clientOrderId, v.isExit, reference);
}

function priceRefusal(why: string) {
  return { rule: 'price_sanity' as const, message: `refused by price_sanity: ${why}` };
}

function result(r: Partial<OrderResult>): OrderResult {
  return { ok: false, order: null, fills: [], legs: [], refusal: null, needsConfirmation: false, duplicate: false, warnings: [], ...r };
}
