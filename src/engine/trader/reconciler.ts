// Keeps the book in step with the broker, the source of truth: `settle` applies what the broker did to the orders it
// confirmed; `reconcile` also settles orders that never reached it, adopts orders placed outside mlTrainer, and makes
// positions and cash follow the broker, alerting each difference.
import { logger } from '../../log.ts';
import { amount, emitEvent } from '../notify/event-text.ts';
import { lookupBookOrder, termsOf } from './broker-lookup.ts';
import type { FillReporter } from './fill-reporter.ts';
import type { PaperTraderDeps } from './trader-parts.ts';
import type { Fill, ReconcileDifference, ReconcileReport } from './trader-service.ts';

const log = logger('trader');

export class Reconciler {
  constructor(
    private readonly d: PaperTraderDeps,
    private readonly fills: FillReporter,
  ) {}

  async settle(): Promise<Fill[]> {
    const { broker, book, clock } = this.d;
    await broker.settle?.();
    const out: Fill[] = [];
    for (const o of await book.listOrders('open')) {
      if (o.status === 'new') continue; // not confirmed by the broker: reconcile decides
      const found = await lookupBookOrder(broker, o);
      if (!found || found === 'unknown') continue;
      if (found.status === o.status && found.filledQty === o.filledQty) continue;
      const { order, fills } = await book.applyBrokerOrder(o.id, found, clock.now());
      await this.fills.report(order, fills);
      out.push(...fills);
    }
    return out;
  }

  async reconcile(): Promise<ReconcileReport> {
    const { broker, clock } = this.d;
    const now = clock.now();
    const checkedAt = new Date(now).toISOString();
    await broker.settle?.();
    const orders = await this.reconcileOrders(now);
    const differences = [...orders.differences, ...(await this.adoptOutsideOrders(now)), ...(await this.followPositionsAndCash(now))];
    for (const difference of differences) await emitEvent(this.d.notifier, { type: 'reconcile', broker: broker.kind, checkedAt, difference });
    if (differences.length) log.warn({ differences: differences.length }, 'book reconciled with the broker');
    return { broker: broker.kind, checkedAt, differences, ordersUpdated: orders.updated, ordersNeverSent: orders.neverSent };
  }

  /** The book's open orders against the broker's: never sent, gone, or moved on. */
  private async reconcileOrders(now: number): Promise<{ differences: ReconcileDifference[]; updated: number; neverSent: number }> {
    const { broker, book } = this.d;
    const differences: ReconcileDifference[] = [];
    let updated = 0;
    let neverSent = 0;
    for (const o of await book.listOrders('open')) {
      const found = await lookupBookOrder(broker, o);
      if (found === 'unknown') continue;
      if (!found) {
        if (o.status === 'new') {
          await book.markOrder(o.id, 'rejected', 'never reached the broker (found at reconciliation); nothing was placed', now);
          neverSent++;
          differences.push(diff('order', o.clientOrderId, 'new', 'none', `order #${o.id} (${o.side} ${o.qty} ${o.symbol}) never reached the broker: marked rejected, nothing was placed`));
        } else {
          await book.markOrder(o.id, 'canceled', 'the broker no longer has it', now);
          differences.push(diff('order', o.clientOrderId, o.status, 'none', `order #${o.id} is unknown to the broker: marked canceled`));
        }
        continue;
      }
      if (found.status === o.status && found.filledQty === o.filledQty) continue;
      const { order, fills } = await book.applyBrokerOrder(o.id, found, now);
      await this.fills.report(order, fills);
      updated++;
      const at = order.filledAvgPrice !== null ? ` at ${amount(order.filledAvgPrice)}` : '';
      differences.push(
        diff('order', o.clientOrderId, `${o.status} ${o.filledQty}`, `${order.status} ${order.filledQty}`, `order #${o.id} (${o.side} ${o.qty} ${o.symbol}): book said ${o.status} with ${o.filledQty} filled, the broker says ${order.status} with ${order.filledQty} filled${at}`),
      );
    }
    return { differences, updated, neverSent };
  }

  /** Open orders placed at the broker outside mlTrainer join the book. */
  private async adoptOutsideOrders(now: number): Promise<ReconcileDifference[]> {
    const { broker, book } = this.d;
    const differences: ReconcileDifference[] = [];
    for (const bo of await broker.listOpenOrders()) {
      // A leg the broker names with an id of its own is in the book under its parent's.
      if ((await book.orderByClientId(bo.clientOrderId)) || (await book.orderByBrokerId(bo.brokerOrderId))) continue;
      const rec = await book.insertNewOrder({ ...termsOf(bo), parentClientOrderId: null, leg: null, origin: 'external', decisionKey: null }, now);
      if (!rec) continue;
      await book.applyBrokerOrder(rec.id, bo, now);
      differences.push(diff('order', bo.clientOrderId, 'none', bo.status, `an open order placed outside mlTrainer (${bo.side} ${bo.qty} ${bo.symbol}) was added to the book as #${rec.id}`));
    }
    return differences;
  }

  /** Positions and cash follow the broker's. */
  private async followPositionsAndCash(now: number): Promise<ReconcileDifference[]> {
    const { broker, book } = this.d;
    const differences: ReconcileDifference[] = [];
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
      const bookSide = `${bq} @ ${amount(b?.avgEntryPrice ?? 0)}`;
      const brokerSide = `${hq} @ ${amount(h?.avgEntryPrice ?? 0)}`;
      differences.push(diff('position', symbol, bookSide, brokerSide, `position ${symbol}: book ${bookSide}, broker ${brokerSide}; the book now follows the broker`));
    }
    const acct = await broker.account();
    const bookCash = (await book.account()).cash;
    if (Math.abs(acct.cash - bookCash) > 0.005) {
      await book.setCash(acct.cash, now);
      differences.push(diff('cash', 'cash', amount(bookCash), amount(acct.cash), `cash: book ${amount(bookCash)}, broker ${amount(acct.cash)}; the book now follows the broker`));
    }
    return differences;
  }
}

function diff(kind: ReconcileDifference['kind'], key: string, book: string, broker: string, text: string): ReconcileDifference {
  return { kind, key, book, broker, text };
}
