// The wording of every engine alert, in one place: money, prices and quantities as every reply writes them
// (src/format.ts), and the event key that makes a chat get each event at most once.
import { alertKindOf } from './alert-kinds.ts';
import { held as heldFor, money, pct, price, qty, signedPct } from '../../format.ts';
import type { EngineEvent } from './engine-events.ts';
import { protectiveKind } from '../trader/round-trips.ts';
import { logger } from '../../log.ts';
import type { Notifier, OutboundMessage } from './notifier.ts';

/** Amounts of at least 1 as money, smaller ones as prices (a fraction of a cent keeps its digits). */
export const amount = (x: number): string => (Math.abs(x) >= 1 ? money(x) : price(x));
const sideWord = (side: 'buy' | 'sell') => (side === 'buy' ? 'bought' : 'sold');
const PROTECTIVE_HEAD = { stop: 'Stop', 'take-profit': 'Take-profit', trailing: 'Trailing stop' } as const;

/** The level that was reached: "2,700.00", "5%" of a trail. */
function orderKindText(o: { type: string; limitPrice: number | null; stopPrice: number | null; trailPercent: number | null; trailPrice: number | null }): string {
  if (o.type === 'trailing_stop') return o.trailPercent !== null ? `${o.trailPercent}%` : price(o.trailPrice ?? NaN);
  const level = o.stopPrice ?? o.limitPrice;
  return level === null ? '' : price(level);
}

export function eventKeyOf(e: EngineEvent): string {
  switch (e.type) {
    case 'fill':
      return `fill:${e.fill.clientOrderId}:${e.cumulativeQty}`;
    case 'trade-closed':
      return `trade:${e.trade.entryOrderId}:${e.trade.exitOrderId}:${e.trade.exitAt}`;
    case 'order-refused':
      return `reject:${e.clientOrderId}`;
    case 'order-rejected':
      return `reject:${e.order.clientOrderId}`;
    case 'halt':
      return `halt:${e.at}`;
    case 'entries-stopped':
      return `stopentry:${e.at}`;
    case 'resume':
      return `resume:${e.at}`;
    case 'daily-loss-halt':
      return `risk-halt:daily-loss:${e.day}`;
    case 'reconcile':
      return `reconcile:${e.checkedAt}:${e.difference.kind}:${e.difference.key}`;
    case 'data-refresh-failed':
      return `refresh:${e.session}`;
    case 'model-demoted':
      return `demotion:${e.symbol}:${e.model}:${e.date}`;
    case 'autopilot-order-refused':
      return `autopilot-refused:${e.session}:${e.symbol}`;
    case 'anomaly':
      return `anomaly:${e.anomaly.key}`;
  }
}

export function eventText(e: EngineEvent): string {
  switch (e.type) {
    case 'fill': {
      const f = e.fill;
      const when = f.barDate ? ` (bar of ${f.barDate})` : '';
      // A closing fill's P&L; an opening fill books only its commission, which is no realized P&L to report.
      const realized = f.realizedPnl !== 0 && Math.abs(f.realizedPnl) !== f.commission ? `, realized ${amount(f.realizedPnl)}` : '';
      // Who placed it: the user's own orders need no name; the autopilot's and outside orders say so.
      const who = e.order.origin === 'autopilot' ? ` (autopilot${e.order.reason ? `: ${e.order.reason}` : ''})` : e.order.origin === 'external' ? ' (placed outside mlTrainer)' : '';
      const kind = protectiveKind(e.order);
      const head = kind ? `${PROTECTIVE_HEAD[kind]} ${orderKindText(e.order)} reached` : 'Fill';
      return `${head}: ${sideWord(f.side)} ${qty(f.qty)} ${f.symbol} at ${price(f.price)}${when}, order #${e.order.id}${who} ${e.order.status}${realized}`;
    }
    case 'trade-closed': {
      const t = e.trade;
      const pnl = t.pnl ?? 0;
      const held = t.exitAt ? heldFor(Date.parse(t.exitAt) - Date.parse(t.entryAt)) : '';
      const who = `${t.origin === 'chat' ? 'manual' : t.origin} entry, ${t.exitReason ?? 'unknown'} exit`;
      return (
        `Trade closed: ${t.symbol} ${t.direction} ${qty(t.qty)} at ${price(t.entryPrice)} -> ${price(t.exitPrice ?? NaN)}, ` +
        `${pnl >= 0 ? '+' : ''}${amount(pnl)} (${signedPct(t.pnlPct ?? NaN)}) after ${held}; ${who}`
      );
    }
    case 'order-refused':
      return `Order refused: ${e.side} ${e.qty} ${e.symbol}: ${e.reason}`;
    case 'order-rejected': {
      const o = e.order;
      return `Order #${o.id} rejected by the broker: ${o.side} ${o.qty} ${o.symbol}${e.reason ? `: ${e.reason}` : ''}`;
    }
    case 'halt':
      return `Trading halted (kill switch): ${e.reason}. ${e.canceledOrders} open order(s) canceled; new orders are refused until /resume.`;
    case 'entries-stopped':
      return `New entries stopped: ${e.reason}. Exits and open orders still work; /resume lets entries again.`;
    case 'resume':
      return e.wasHalted
        ? 'Trading resumed: the kill switch is off.'
        : e.entriesWereStopped
          ? 'Trading resumed: new entries are allowed again.'
          : 'Trading resumed: nothing was halted or stopped.';
    case 'daily-loss-halt': {
      const down = (((e.dayStartEquity - e.equity) / e.dayStartEquity) * 100).toFixed(2);
      return `Risk halt: equity ${amount(e.equity)} is down ${down}% today (from ${amount(e.dayStartEquity)}); new entries are halted until tomorrow, exits are allowed.`;
    }
    case 'reconcile':
      return `Reconciliation (${e.broker}): ${e.difference.text}`;
    case 'data-refresh-failed':
      return `Autopilot: refreshing data for ${e.session} failed (${e.error}); deciding on the stored bars.`;
    case 'model-demoted':
      return `Autopilot demoted ${e.model} on ${e.symbol} (${e.date}): ${e.reason}. It is out of selection for ${e.sessions} sessions.`;
    case 'autopilot-order-refused':
      return `Autopilot: the ${e.side} of ${e.qty.toFixed(4)} ${e.symbol} toward ${pct(e.target, 1)} was ${e.refusal}`;
    case 'anomaly':
      return `Anomaly (${e.anomaly.rule}): ${e.anomaly.text}`;
  }
}

/** The alert a chat receives for an event. */
export function alertOf(e: EngineEvent): OutboundMessage {
  return { eventKey: eventKeyOf(e), text: eventText(e), kind: alertKindOf(e) };
}

const log = logger('alerts');

/**
 * Sends an event's alert to the subscribed chats. An alert that cannot be stored or sent is logged, never thrown:
 * a fill already happened, and the book must not be rolled back for a chat.
 */
export async function emitEvent(notifier: Notifier, event: EngineEvent): Promise<void> {
  const message = alertOf(event);
  try {
    await notifier.notify('alerts', message);
  } catch (err) {
    log.error({ eventKey: message.eventKey, err: (err as Error).message }, 'alert not delivered');
  }
}
