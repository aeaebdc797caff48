// Protective orders through the Alpaca SDK against the loopback trading server: the request bodies Alpaca documents
// (order_class bracket / oco / oto with take_profit and stop_loss, trailing_stop with trail_percent), legs linked to the
// book by the broker's ids, a filled leg's sibling cancelled, and no second order across a failed POST or a restart.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../support/manual-clock.ts';
import { BarStore } from '../../../src/engine/data/bar-store.ts';
import { MemoryNotifier } from '../../../src/engine/notify/notifier.ts';
import { createTraderService } from '../../../src/engine/trader/create-trader-service.ts';
import type { AlpacaBrokerConfig } from '../../../src/engine/trader/trader-config.ts';
import { FakeAlpacaTradingServer } from '../../fakes/alpaca-trading-server.ts';
import { openTestDb, type TestDb } from '../../support/test-db.ts';

const KEY = 'PKTEST1234';
const SECRET = 'secret-abcdef';
let server: FakeAlpacaTradingServer;
let handle: TestDb;
let cfg: AlpacaBrokerConfig;
const clock = new ManualClock(Date.parse('2026-03-10T15:00:00Z'));

beforeEach(async () => {
  server = new FakeAlpacaTradingServer({ keyId: KEY, secretKey: SECRET, cash: 100000, prices: { SPY: 500 } });
  const url = await server.start();
  handle = await openTestDb();
  await new BarStore(handle.db).upsertBars('SPY', '1d', 'alpaca', [{ time: Date.parse('2026-03-09T00:00:00Z'), open: 500, high: 500, low: 500, close: 500, volume: 1e6 }]);
  cfg = { keyId: KEY, secretKey: SECRET, baseUrl: url, live: false, timeoutMs: 400, retryDelayMs: 20 };
});
afterEach(async () => {
  await server.close();
  await handle.close();
});

const start = () => createTraderService({ db: handle.db, bars: new BarStore(handle.db), clock, notifier: new MemoryNotifier(), config: { alpaca: cfg } });
const posts = () => server.requests.filter((q) => q.method === 'POST');

describe('protective orders at Alpaca', () => {
  it('sends a bracket as one order_class bracket body, links both legs, and books a take-profit fill with its stop cancelled', async () => {
    const t = await start();
    const r = await t.placeOrder({ symbol: 'SPY', side: 'buy', qty: 10, type: 'market', takeProfit: { limitPrice: 550 }, stopLoss: { stopPrice: 470 }, decisionKey: 'chat:t:1:1' });
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body).toMatchObject({
      symbol: 'SPY',
      side: 'buy',
      type: 'market',
      qty: '10',
      time_in_force: 'gtc',
      order_class: 'bracket',
      take_profit: { limit_price: '550' },
      stop_loss: { stop_price: '470' },
      client_order_id: r.order!.clientOrderId,
    });
    expect(r.order).toMatchObject({ status: 'filled', orderClass: 'bracket', filledAvgPrice: 500 });
    const atBroker = server.orders.get(r.order!.brokerOrderId!)!;
    expect(r.legs.map((l) => [l.leg, l.side, l.type, l.limitPrice, l.stopPrice, l.status, l.brokerOrderId])).toEqual([
      ['take_profit', 'sell', 'limit', 550, null, 'accepted', atBroker.legs[0]],
      ['stop_loss', 'sell', 'stop', null, 470, 'accepted', atBroker.legs[1]],
    ]);

    server.fill(atBroker.legs[0]!, 10, 550);
    await t.settle();
    const all = await t.listOrders('all');
    expect(all.find((o) => o.leg === 'take_profit')).toMatchObject({ status: 'filled', filledAvgPrice: 550 });
    expect(all.find((o) => o.leg === 'stop_loss')?.status).toBe('canceled');
    expect((await t.trades())[0]).toMatchObject({ exitReason: 'take-profit', pnl: 500 });
    // the legs Alpaca named with its own ids are not adopted as outside orders
    const report = await t.reconcile();
    expect(report.differences).toEqual([]);
    expect(await t.listOrders('all')).toHaveLength(3);
  });

  it('sends OCO, OTO and trailing-stop bodies as Alpaca documents them', async () => {
    const t = await start();
    await t.placeOrder({ symbol: 'SPY', side: 'buy', qty: 20, type: 'market', decisionKey: 'e' });
    server.fillMode = 'accept';
    const oco = await t.placeOrder({ symbol: 'SPY', side: 'sell', qty: 10, type: 'market', takeProfit: { limitPrice: 560 }, stopLoss: { stopPrice: 480, limitPrice: 479 }, decisionKey: 'o' });
    expect(posts().at(-1)!.body).toMatchObject({ side: 'sell', order_class: 'oco', take_profit: { limit_price: '560' }, stop_loss: { stop_price: '480', limit_price: '479' } });
    expect(oco.order).toMatchObject({ orderClass: 'oco', leg: 'take_profit', status: 'accepted' });
    expect(oco.legs.map((l) => [l.leg, l.type, l.status])).toEqual([['stop_loss', 'stop_limit', 'accepted']]);

    const oto = await t.placeOrder({ symbol: 'SPY', side: 'buy', qty: 5, type: 'limit', limitPrice: 495, stopLoss: { stopPrice: 470 }, decisionKey: 'oto' });
    expect(posts().at(-1)!.body).toMatchObject({ type: 'limit', limit_price: '495', order_class: 'oto', stop_loss: { stop_price: '470' } });
    expect(posts().at(-1)!.body).not.toHaveProperty('take_profit');
    expect(oto.legs.map((l) => [l.leg, l.status])).toEqual([['stop_loss', 'held']]);

    const trail = await t.placeOrder({ symbol: 'SPY', side: 'sell', qty: 10, type: 'market', trailPercent: 5, decisionKey: 'tr' });
    expect(posts().at(-1)!.body).toMatchObject({ type: 'trailing_stop', trail_percent: '5', time_in_force: 'gtc' });
    expect(trail.order).toMatchObject({ type: 'trailing_stop', trailPercent: 5, status: 'accepted' });

    // cancelling the OTO's unfilled entry takes its held leg with it, at the broker and in the book
    const c = await t.cancelOrder(oto.order!.id);
    expect(c).toMatchObject({ ok: true, message: `order #${oto.order!.id} canceled` });
    const legAfter = (await t.listOrders('all')).find((o) => o.id === oto.legs[0]!.id);
    expect(legAfter?.status).toBe('canceled');
  });

  it('a failed POST and a restart never send a bracket twice', async () => {
    server.failNextPosts = 1;
    const t = await start();
    const req = { symbol: 'SPY', side: 'buy' as const, qty: 4, type: 'market' as const, takeProfit: { limitPrice: 550 }, stopLoss: { stopPrice: 470 }, decisionKey: 'chat:t:1:9' };
    const r = await t.placeOrder(req);
    expect(r.order).toMatchObject({ status: 'filled', orderClass: 'bracket', filledQty: 4 });
    const again = await (await start()).placeOrder(req);
    expect(again).toMatchObject({ duplicate: true, order: { id: r.order!.id } });
    expect(posts().filter((p) => (p.body as { order_class?: string }).order_class === 'bracket')).toHaveLength(2); // the 503, then the one that landed
    expect([...server.orders.values()].filter((o) => o.parent === null)).toHaveLength(1);
    expect(server.orders.size).toBe(3);
  });
});
