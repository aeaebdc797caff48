// Asks the broker for an order by its client order id: the order, null when the broker has none, or 'unknown' when
// the broker did not answer (the caller then must not assume either).
import { logger } from '../../log.ts';
import type { Broker, BrokerOrder } from './broker.ts';
import type { Order, OrderTerms } from './trader-service.ts';

const log = logger('trader');

export async function lookupBrokerOrder(broker: Broker, clientOrderId: string): Promise<BrokerOrder | null | 'unknown'> {
  try {
    return await broker.getOrderByClientId(clientOrderId);
  } catch (err) {
    log.warn({ clientOrderId, err: (err as Error).message }, 'order lookup failed');
    return 'unknown';
  }
}

/**
 * The broker's view of a book order. A leg is found through its parent: a broker may name legs with client order ids
 * of its own (Alpaca does), so the leg is the parent's leg that plays the same part.
 */
export async function lookupBookOrder(broker: Broker, order: Pick<Order, 'clientOrderId' | 'parentClientOrderId' | 'leg' | 'brokerOrderId'>): Promise<BrokerOrder | null | 'unknown'> {
  if (!order.parentClientOrderId) return lookupBrokerOrder(broker, order.clientOrderId);
  const parent = await lookupBrokerOrder(broker, order.parentClientOrderId);
  if (parent === null || parent === 'unknown') return parent;
  const legs = parent.legs ?? [];
  return legs.find((l) => l.brokerOrderId === order.brokerOrderId) ?? legs.find((l) => l.clientOrderId === order.clientOrderId) ?? legs.find((l) => l.leg === order.leg) ?? null;
}

/** The terms of an order, without the book's or the broker's bookkeeping. */
export function termsOf(o: OrderTerms): OrderTerms {
  const { clientOrderId, symbol, side, type, qty, limitPrice, stopPrice, trailPercent, trailPrice, timeInForce, orderClass, parentClientOrderId, leg } = o;
  return { clientOrderId, symbol, side, type, qty, limitPrice, stopPrice, trailPercent, trailPrice, timeInForce, orderClass, parentClientOrderId, leg };
}
