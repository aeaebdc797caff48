// How an order reads in a chat: its kind with its trigger prices ("stop 2,700.00", "trailing stop 5%", "take-profit
// limit 3,000.00"), its state, and the legs that protect it, one line each so a phone shows them whole.
import type { Order, OrderResult } from '../../engine/trader/trader-service.ts';
import { price, qty } from '../../format.ts';

/** "stop 2,700.00", "stop-limit 2,700.00 / 2,690.00", "trailing stop 5%", "limit 2,800.00", "market". */
export function orderKind(o: Pick<Order, 'type' | 'limitPrice' | 'stopPrice' | 'trailPercent' | 'trailPrice' | 'leg'>): string {
  const at = (v: number | null) => (v === null ? '?' : price(v));
  const kind =
    o.type === 'stop'
      ? `stop ${at(o.stopPrice)}`
      : o.type === 'stop_limit'
        ? `stop-limit ${at(o.stopPrice)} / ${at(o.limitPrice)}`
        : o.type === 'trailing_stop'
          ? `trailing stop ${o.trailPercent !== null ? `${o.trailPercent}%` : at(o.trailPrice)}`
          : o.type === 'limit'
            ? `limit ${at(o.limitPrice)}`
            : 'market';
  return o.leg === 'take_profit' ? `take-profit ${kind}` : o.leg === 'stop_loss' ? `stop-loss ${kind}` : kind;
}

const STATE: Partial<Record<Order['status'], string>> = { held: 'waits for its entry to fill', accepted: 'working', new: 'sending' };

export function orderLine(o: Order): string {
  const state = o.status === 'filled' && o.filledAvgPrice != null ? `filled at ${price(o.filledAvgPrice)}` : (STATE[o.status] ?? o.status);
  const partly = o.status !== 'filled' && o.filledAvgPrice != null ? `, ${qty(o.filledQty)} filled at ${price(o.filledAvgPrice)}` : '';
  const why = o.origin === 'autopilot' ? ` (autopilot${o.reason ? `: ${o.reason}` : ''})` : '';
  return `#${o.id} ${o.side} ${qty(o.qty)} ${o.symbol} ${orderKind(o)}, ${state}${partly}${why}`;
}

/** A leg's line under its parent: "  └ #13 sell 5 SPX take-profit limit 3,000.00, waits for its entry to fill". */
export const legLine = (o: Order): string => `  └ ${orderLine(o)}`;

const CLASS_NOTE: Record<Order['orderClass'], string> = {
  simple: '',
  bracket: 'a bracket: when the entry fills, the take-profit and the stop-loss work, and the one that fills cancels the other',
  oto: 'when the entry fills, its protective order works',
  oco: 'one cancels the other: whichever fills first cancels the other',
};

/** The sentence for an order result: refused (naming the rule), sent, filled with the bar date, and its legs. */
export function orderResultText(r: OrderResult): string {
  if (r.refusal) return `Order refused: ${r.refusal.message}`;
  if (!r.order) return 'The order was not placed.';
  const fill = r.fills[0];
  const lines = [`Order ${orderLine(r.order)}${r.duplicate ? ' (already placed earlier; nothing new was sent)' : ''}.`];
  if (fill) lines.push(`Filled ${qty(fill.qty)} at ${price(fill.price)}${fill.barDate ? ` (the close of ${fill.barDate})` : ''}.`);
  lines.push(...r.legs.map(legLine));
  if (CLASS_NOTE[r.order.orderClass]) lines.push(`(${CLASS_NOTE[r.order.orderClass]}.)`);
  for (const w of r.warnings) lines.push(`Note: ${w}`);
  return lines.join('\n');
}

/** Orders for /orders: newest first, each order's legs right under it. */
export function orderListLines(orders: readonly Order[]): string[] {
  const legsOf = new Map<string, Order[]>();
  for (const o of orders) if (o.parentClientOrderId) legsOf.set(o.parentClientOrderId, [...(legsOf.get(o.parentClientOrderId) ?? []), o]);
  const tops = orders.filter((o) => !o.parentClientOrderId || !orders.some((p) => p.clientOrderId === o.parentClientOrderId));
  const newestFirst = [...tops].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id));
  return newestFirst.flatMap((o) => [`${o.createdAt.slice(0, 16).replace('T', ' ')}  ${orderLine(o)}`, ...(legsOf.get(o.clientOrderId) ?? []).map(legLine)]);
}
