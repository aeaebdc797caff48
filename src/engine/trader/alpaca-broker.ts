// The Alpaca paper-trading adapter of the Broker port, through @alpacahq/alpaca-trade-api v4. The SDK has no
// base-URL option, so its requests are rewritten to APCA_API_BASE_URL in `fetchApi`. Numbers arrive as strings and
// are parsed with zod (alpaca-payloads.ts); HTTP failures become the port's three kinds: rejected (4xx), duplicate client order id (422),
// ambiguous (timeout, network, 5xx: the order may exist, look it up before sending again).
import { Alpaca, ApiError, FetchError, NotFoundError } from '@alpacahq/alpaca-trade-api';
import { UserError } from '../user-error.ts';
import {
  BrokerAmbiguousError,
  BrokerRejectedError,
  DuplicateClientOrderIdError,
  type Broker,
  type BrokerAccount,
  type BrokerOrder,
  type BrokerOrderRequest,
  type BrokerPosition,
} from './broker.ts';
import type { AlpacaBrokerConfig } from './trader-config.ts';
import { parseAlpacaAccount, parseAlpacaOrder, parseAlpacaPosition } from './alpaca-payloads.ts';

const SDK_HOSTS = ['https://paper-api.alpaca.markets', 'https://api.alpaca.markets'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Refuses any endpoint but Alpaca's paper one or a loopback stand-in, unless live trading was allowed. */
export function assertPaperEndpoint(baseUrl: string, live: boolean): void {
  let host: string;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    throw new UserError(`APCA_API_BASE_URL: ${baseUrl} is not a URL`);
  }
  if (host === 'paper-api.alpaca.markets' || LOOPBACK.has(host) || live) return;
  throw new UserError('APCA_API_BASE_URL: is not the Alpaca paper endpoint; live trading is refused unless MLTRAINER_LIVE_TRADING=yes');
}

export class AlpacaBroker implements Broker {
  readonly kind = 'alpaca' as const;
  private readonly client: Alpaca;

  constructor(cfg: AlpacaBrokerConfig) {
    assertPaperEndpoint(cfg.baseUrl, cfg.live);
    const base = cfg.baseUrl.replace(/\/+$/, '');
    this.client = new Alpaca({
      keyId: cfg.keyId,
      secret: cfg.secretKey,
      paper: !cfg.live,
      timeoutMs: cfg.timeoutMs ?? 10_000,
      // GETs are retried by the SDK on 5xx; POSTs never are (we look the order up ourselves).
      retry: { maxRetries: 2, retryDelayMs: 100, maxDelayMs: 1000 },
      fetchApi: (url, init) => {
        let target = url;
        for (const host of SDK_HOSTS) if (url.startsWith(host)) target = base + url.slice(host.length);
        return fetch(target, init);
      },
    });
  }

  async submitOrder(req: BrokerOrderRequest): Promise<BrokerOrder> {
    try {
      return parseAlpacaOrder(await this.send(req));
    } catch (err) {
      throw classify(err, 'the order');
    }
  }

  /** One request per order class, through the SDK's typed builders (the legs ride in the parent's body). */
  private send(req: BrokerOrderRequest) {
    const orders = this.client.trading.orders;
    const common = { symbol: req.symbol, side: req.side, qty: req.qty, timeInForce: req.timeInForce, clientOrderId: req.clientOrderId };
    const need = (v: number | null, what: string): number => {
      if (v === null) throw new BrokerRejectedError(`a ${req.type} order needs its ${what}`, 422);
      return v;
    };
    const tp = req.legs?.find((l) => l.leg === 'take_profit');
    const sl = req.legs?.find((l) => l.leg === 'stop_loss');
    const takeProfit = tp && { limitPrice: need(tp.limitPrice, 'take-profit price') };
    const stopLoss = sl && { stopPrice: need(sl.stopPrice, 'stop-loss price'), ...(sl.limitPrice !== null ? { limitPrice: sl.limitPrice } : {}) };
    const entryLimit = req.type === 'limit' ? { limitPrice: need(req.limitPrice, 'limit price') } : {};
    switch (req.orderClass) {
      case 'bracket':
        if (!takeProfit || !stopLoss) throw new BrokerRejectedError('a bracket needs a take-profit and a stop-loss leg', 422);
        return orders.bracket({ ...common, ...entryLimit, takeProfit, stopLoss });
      case 'oco':
        // The OCO's own order is the take-profit limit; its leg the stop-loss.
        if (!stopLoss) throw new BrokerRejectedError('an OCO order needs a stop-loss leg', 422);
        return orders.oco({ ...common, takeProfit: { limitPrice: need(req.limitPrice, 'take-profit price') }, stopLoss });
      case 'oto':
        if (takeProfit) return orders.oto({ ...common, ...entryLimit, takeProfit });
        if (stopLoss) return orders.oto({ ...common, ...entryLimit, stopLoss });
        throw new BrokerRejectedError('an OTO order needs one leg', 422);
      case 'simple':
        break;
    }
    switch (req.type) {
      case 'market':
        return orders.market(common);
      case 'limit':
        return orders.limit({ ...common, limitPrice: need(req.limitPrice, 'limit price') });
      case 'stop':
        return orders.stop({ ...common, stopPrice: need(req.stopPrice, 'stop price') });
      case 'stop_limit':
        return orders.stopLimit({ ...common, stopPrice: need(req.stopPrice, 'stop price'), limitPrice: need(req.limitPrice, 'limit price') });
      case 'trailing_stop':
        return req.trailPercent !== null ? orders.trailingStop({ ...common, trailPercent: req.trailPercent }) : orders.trailingStop({ ...common, trailPrice: need(req.trailPrice, 'trail price') });
    }
  }

  async getOrderByClientId(clientOrderId: string): Promise<BrokerOrder | null> {
    try {
      return parseAlpacaOrder(await this.client.trading.orders.getOrderByClientOrderId({ clientOrderId }));
    } catch (err) {
      if (err instanceof NotFoundError || (err instanceof ApiError && err.status === 404)) return null;
      throw classify(err, 'the order lookup');
    }
  }

  async listOpenOrders(): Promise<BrokerOrder[]> {
    try {
      const list = await this.client.trading.orders.getAllOrders({ status: 'open', limit: 500 });
      return list.map(parseAlpacaOrder);
    } catch (err) {
      throw classify(err, 'the open-orders request');
    }
  }

  async cancelOrder(brokerOrderId: string): Promise<void> {
    try {
      await this.client.trading.orders.deleteOrderByOrderID({ orderId: brokerOrderId });
    } catch (err) {
      throw classify(err, 'the cancel');
    }
  }

  async positions(): Promise<BrokerPosition[]> {
    try {
      const list = await this.client.trading.positions.getAllOpenPositions();
      return list.map(parseAlpacaPosition);
    } catch (err) {
      throw classify(err, 'the positions request');
    }
  }

  async account(): Promise<BrokerAccount> {
    try {
      return parseAlpacaAccount(await this.client.trading.account.getAccount());
    } catch (err) {
      throw classify(err, 'the account check');
    }
  }
}

/** An Alpaca failure in our words, naming the request that failed (`what`: "the order", "the account check"). */
function classify(err: unknown, what: string): Error {
  if (err instanceof ApiError) {
    const msg = err.message || `HTTP ${err.status}`;
    if (err.status === 422 && /client_order_id must be unique/i.test(msg)) return new DuplicateClientOrderIdError(msg, 422);
    if (err.status >= 500 || err.status === 408 || err.status === 429) return new BrokerAmbiguousError(`Alpaca answered HTTP ${err.status} to ${what}: ${msg}`);
    const keys = err.status === 401 || err.status === 403 ? '; check APCA_API_KEY_ID and APCA_API_SECRET_KEY (paper keys for the paper endpoint)' : '';
    return new BrokerRejectedError(`Alpaca refused ${what} (HTTP ${err.status}): ${msg}${keys}`, err.status);
  }
  if (err instanceof FetchError) return new BrokerAmbiguousError(`no answer from Alpaca to ${what}: ${err.cause?.message ?? err.message}; check APCA_API_BASE_URL and the network`);
  return err instanceof Error ? err : new Error(String(err));
}
