// What follows new fills, wherever they were found (an order's answer, a settle, a reconciliation): one alert per
// fill, then the equity recorded (which may trip the daily loss halt).
import type { Notifier } from '../notify/notifier.ts';
import { emitEvent } from '../notify/event-text.ts';
import type { RiskState } from './risk-state.ts';
import type { Fill, Order } from './trader-service.ts';

export class FillReporter {
  constructor(
    private readonly notifier: Notifier,
    private readonly risk: RiskState,
  ) {}

  async report(order: Order, fills: readonly Fill[]): Promise<void> {
    // The order's filled quantity after each fill: the event key, so a fill seen twice is alerted once.
    let cumulativeQty = order.filledQty - fills.reduce((a, f) => a + f.qty, 0);
    for (const fill of fills) {
      cumulativeQty += fill.qty;
      await emitEvent(this.notifier, { type: 'fill', fill, order, cumulativeQty });
    }
    if (fills.length) await this.risk.recordEquity();
  }
}
