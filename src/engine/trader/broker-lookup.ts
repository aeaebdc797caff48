// Asks the broker for an order by its client order id: the order, null when the broker has none, or 'unknown' when
// the broker did not answer (the caller then must not assume either).
import { logger } from '../../log.ts';
import type { Broker, BrokerOrder } from './broker.ts';

const log = logger('trader');

export async function lookupBrokerOrder(broker: Broker, clientOrderId: string): Promise<BrokerOrder | null | 'unknown'> {
  try {
    return await broker.getOrderByClientId(clientOrderId);
  } catch (err) {
    log.warn({ clientOrderId, err: (err as Error).message }, 'order lookup failed');
    return 'unknown';
  }
}
