// Placing and canceling orders: risk check, record the intent in the book, send, record the broker's answer. An order
// is recorded before it is sent and keyed by a deterministic client order id, so an ambiguous failure (a timeout, a
// 5xx) is looked up before any retry and a crash mid-order is resumed, never doubled.
import { logger } from '../../log.ts';
import { emitEvent } from '../notify/event-text.ts';
import { BrokerAmbiguousError, BrokerRejectedError, DuplicateClientOrderIdError, isOpenStatus, type BrokerOrder } from './broker.ts';
import { lookupBrokerOrder } from './broker-lookup.ts';
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

  async check(req: OrderRequest): Promise<RiskCheck> {
    const { tripsDailyLoss: _t, ...check } = await this.risk.verdict(normalize(req));
    return check;
  }

  async place(raw: OrderRequest): Promise<OrderResult> {
    const req = normalize(raw);
    const clientOrderId = req.clientOrderId ?? (req.decisionKey ? clientOrderIdFor(req.decisionKey) : randomClientOrderId());
    const existing = await this.d.book.orderByClientId(clientOrderId);
    if (existing && existing.status !== 'new') return result({ ok: true, order: existing, duplicate: true });
    if (existing) return this.send(existing, [], true); // an earlier attempt was cut short: look it up, then send

    const v = await this.risk.verdict(req);
    if (v.tripsDailyLoss) await this.risk.tripDailyLoss(v.equity);
    if (!v.allowed) {
      await emitEvent(this.d.notifier, { type: 'order-refused', clientOrderId, side: req.side, qty: req.qty, symbol: req.symbol, reason: v.refusal!.message }); // a verdict that is not allowed names its refusal
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
        limitPrice: req.type === 'limit' ? req.limitPrice! : null, // checked: a limit order has its price
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

  async cancel(id: number | string): Promise<CancelResult> {
    const { book, broker, clock } = this.d;
    const order = typeof id === 'number' || /^\d+$/.test(id) ? await book.orderById(Number(id)) : await book.orderByClientId(id);
    if (!order || order.broker !== broker.kind) return { ok: false, order: null, message: `no order ${id}` };
    if (!isOpenStatus(order.status)) return { ok: false, order, message: `order #${order.id} is ${order.status}, not open` };
    const found = await lookupBrokerOrder(broker, order.clientOrderId);
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
    const after = (await lookupBrokerOrder(broker, order.clientOrderId)) || found;
    const fresh = after === 'unknown' ? found : after;
    const { order: updated, fills } = await book.applyBrokerOrder(order.id, { ...fresh, status: isOpenStatus(fresh.status) ? 'canceled' : fresh.status }, clock.now());
    await this.fills.report(updated, fills);
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
        const found = await lookupBrokerOrder(broker, order.clientOrderId);
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
    const { order: updated, fills } = await this.d.book.applyBrokerOrder(order.id, bo, this.d.clock.now());
    const w = [...warnings, ...this.staleWarnings(fills)];
    await this.fills.report(updated, fills);
    if (updated.status === 'rejected') await emitEvent(this.d.notifier, { type: 'order-rejected', order: updated, reason: null });
    return result({ ok: updated.status !== 'rejected', order: updated, fills, duplicate, warnings: w });
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
  return { ...req, symbol: req.symbol.trim().toUpperCase(), qty: Number(req.qty) };
}

function result(r: Partial<OrderResult>): OrderResult {
  return { ok: false, order: null, fills: [], refusal: null, needsConfirmation: false, duplicate: false, warnings: [], ...r };
}
