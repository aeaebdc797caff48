// What follows new fills, wherever they were found (an order's answer, a settle, a reconciliation): one alert per
// fill, one per trade those fills closed (with its FIFO realised P&L and who closed it), then the equity recorded
// (which may trip the daily loss halt).
import type { Notifier } from '../notify/notifier.ts';
import { emitEvent } from '../notify/event-text.ts';
import type { RiskState } from './risk-state.ts';
import type { Trade } from './round-trips.ts';
import type { Fill, Order } from './trader-service.ts';

export class FillReporter {
  constructor(
    private readonly notifier: Notifier,
    private readonly risk: RiskState,
    /** The book's round-trip trades, rebuilt from its fills (the ledger). */
    private readonly trades: () => Promise<Trade[]>,
  ) {}

  async report(order: Order, fills: readonly Fill[]): Promise<void> {
    // The order's filled quantity after each fill: the event key, so a fill seen twice is alerted once.
    let cumulativeQty = order.filledQty - fills.reduce((a, f) => a + f.qty, 0);
    for (const fill of fills) {
      cumulativeQty += fill.qty;
      await emitEvent(this.notifier, { type: 'fill', fill, order, cumulativeQty });
    }
    if (fills.length === 0) return;
    const at = new Set(fills.map((f) => f.filledAt));
    for (const trade of await this.trades()) {
      if (trade.exitOrderId === order.id && trade.exitAt !== null && at.has(trade.exitAt)) await emitEvent(this.notifier, { type: 'trade-closed', trade });
    }
    await this.risk.recordEquity();
  }
}
