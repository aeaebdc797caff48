// Alpaca paper trading through the real SDK against a loopback server speaking its REST API: client order ids on
// every order, a reused id answered 422, a 5xx then success, a POST that times out (the order exists: found by
// lookup, never doubled), partial fills, a crash between sending and recording followed by a restart, and the
// refusal of a non-paper endpoint.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../support/manual-clock.ts';
import { BarStore } from '../../../src/engine/data/bar-store.ts';
import { MemoryNotifier } from '../../../src/engine/notify/notifier.ts';
import { AlpacaBroker, assertPaperEndpoint } from '../../../src/engine/trader/alpaca-broker.ts';
import type { Broker } from '../../../src/engine/trader/broker.ts';
import { clientOrderIdFor } from '../../../src/engine/trader/client-order-id.ts';
import { createTraderService } from '../../../src/engine/trader/create-trader-service.ts';
import type { AlpacaBrokerConfig } from '../../../src/engine/trader/trader-config.ts';
import { simpleTerms } from '../../../src/engine/trader/trader-service.ts';
import { FakeAlpacaTradingServer } from '../../fakes/alpaca-trading-server.ts';
import { openTestDb, type TestDb } from '../../support/test-db.ts';

const KEY = 'PKTEST1234';
const SECRET = 'secret-abcdef';
let server: FakeAlpacaTradingServer;
let handle: TestDb;
let cfg: AlpacaBrokerConfig;
const clock = new ManualClock(Date.parse('2026-03-10T15:00:00Z'));

beforeEach(async () => {
  server = new FakeAlpacaTradingServer({ keyId: KEY, secretKey: SECRET, cash: 100000, prices: { SPY: 500.25, QQQ: 410.5 } });
  const url = await server.start();
  handle = await openTestDb();
  // The risk checks price orders from the bar store: a daily bar per symbol as `data pull --source alpaca` stores it,
  // closing at the fake broker's prices.
  const store = new BarStore(handle.db);
  for (const [symbol, close] of [['SPY', 500.25], ['QQQ', 410.5]] as const) {
    await store.upsertBars(symbol, '1d', 'alpaca', [{ time: Date.parse('2026-03-09T00:00:00Z'), open: close, high: close, low: close, close, volume: 1e6 }]);
  }
  cfg = { keyId: KEY, secretKey: SECRET, baseUrl: url, live: false, timeoutMs: 400, retryDelayMs: 20 };
});
afterEach(async () => {
  await server.close();
  await handle.close();
});

const start = (notifier = new MemoryNotifier(), broker?: Broker) =>
  createTraderService({ db: handle.db, bars: new BarStore(handle.db), clock, notifier, config: { alpaca: cfg }, broker });

describe('Alpaca paper broker through the SDK', () => {
  it('places a market order with its client order id, books the fill and matches the broker', async () => {
    const notifier = new MemoryNotifier();
    const t = await start(notifier);
    expect(t.broker).toBe('alpaca');
    const r = await t.placeOrder({ symbol: 'spy', side: 'buy', qty: 40, type: 'market', decisionKey: 'chat:telegram:42:7' });
    expect(r.ok).toBe(true);
    const posted = server.requests.filter((q) => q.method === 'POST');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toMatchObject({ symbol: 'SPY', side: 'buy', type: 'market', qty: '40', time_in_force: 'day', client_order_id: clientOrderIdFor('chat:telegram:42:7') });
    expect(r.order).toMatchObject({ status: 'filled', filledQty: 40, filledAvgPrice: 500.25, broker: 'alpaca' });
    // An Alpaca fill is dated by the broker's filled_at.
    const filledAt = server.orders.get(r.order!.brokerOrderId!)!.filled_at!;
    expect(r.fills[0]).toMatchObject({ qty: 40, price: 500.25, barDate: filledAt.slice(0, 10) });
    const [p] = await t.positions();
    expect(p).toMatchObject({ symbol: 'SPY', qty: 40, avgEntryPrice: 500.25, lastPrice: 500.25, unrealizedPnl: 0 });
    const bal = await t.balance();
    expect(bal.cash).toBeCloseTo(100000 - 40 * 500.25, 6);
    expect(bal.equity).toBeCloseTo(100000, 6);
    expect(notifier.sent.some((n) => n.message.text === `Fill: bought 40 SPY at 500.25 (bar of ${filledAt.slice(0, 10)}), order #${r.order!.id} filled`)).toBe(true);
    expect((await t.reconcile()).differences).toEqual([]);

    // A limit order rests; cancel goes through DELETE and the book follows.
    server.fillMode = 'accept';
    const lim = await t.placeOrder({ symbol: 'QQQ', side: 'buy', qty: 10, type: 'limit', limitPrice: 400, timeInForce: 'gtc', decisionKey: 'chat:telegram:42:8' });
    expect(server.requests.at(-1)!.body).toMatchObject({ type: 'limit', limit_price: '400', time_in_force: 'gtc' });
    expect(lim.order?.status).toBe('accepted');
    const c = await t.cancelOrder(lim.order!.id);
    expect(c).toMatchObject({ ok: true, message: `order #${lim.order!.id} canceled` });
    expect(server.requests.some((q) => q.method === 'DELETE' && q.path === `/v2/orders/${lim.order!.brokerOrderId}`)).toBe(true);
  });

  it('answers a reused client order id (422 even after a cancel) by adopting the existing order', async () => {
    const t = await start();
    // The id was used before, outside this book: placed and then cancelled at the broker.
    server.fillMode = 'accept';
    const cid = clientOrderIdFor('autopilot:2026-03-09:SPY');
    const direct = new AlpacaBroker(cfg);
    const first = await direct.submitOrder(simpleTerms({ clientOrderId: cid, symbol: 'SPY', side: 'buy', qty: 5, type: 'market', limitPrice: null, timeInForce: 'day' }));
    await direct.cancelOrder(first.brokerOrderId);
    const r = await t.placeOrder({ symbol: 'SPY', side: 'buy', qty: 5, type: 'market', origin: 'autopilot', decisionKey: 'autopilot:2026-03-09:SPY' });
    expect(server.requests.filter((q) => q.method === 'POST')).toHaveLength(2); // ours was refused with 422
    expect(r).toMatchObject({ ok: true, duplicate: true });
    expect(r.order).toMatchObject({ clientOrderId: cid, status: 'canceled', brokerOrderId: first.brokerOrderId });
    expect(server.orders.size).toBe(1);
  });

  it('retries after a 5xx: looks the order up first, then sends it once more', async () => {
    const t = await start();
    const seen = server.requests.length; // after the reconciliation at start
    server.failNextPosts = 1;
    const r = await t.placeOrder({ symbol: 'SPY', side: 'buy', qty: 10, type: 'market', decisionKey: 'k-5xx' });
    expect(r.ok).toBe(true);
    expect(r.order?.status).toBe('filled');
    const calls = server.requests.slice(seen).filter((q) => q.path.startsWith('/v2/orders')).map((q) => `${q.method} ${q.path.split('?')[0]}`);
    expect(calls).toEqual(['POST /v2/orders', 'GET /v2/orders:by_client_order_id', 'POST /v2/orders']);
    expect(server.orders.size).toBe(1);
  });

  it('after a timed-out POST finds the order by client order id and never sends it twice', async () => {
    const t = await start();
    server.hangNextPosts = 1;
    server.hangMs = 3000;
    const r = await t.placeOrder({ symbol: 'SPY', side: 'buy', qty: 7, type: 'market', decisionKey: 'k-timeout' });
    expect(r.ok).toBe(true);
    expect(r.order).toMatchObject({ status: 'filled', filledQty: 7, filledAvgPrice: 500.25 });
    expect(server.postCount).toBe(1);
    expect(server.orders.size).toBe(1);
    // Repeating the same command does not place it again either.
    const again = await t.placeOrder({ symbol: 'SPY', side: 'buy', qty: 7, type: 'market', decisionKey: 'k-timeout' });
    expect(again.duplicate).toBe(true);
    expect(server.postCount).toBe(1);
    expect((await t.positions())[0]!.qty).toBe(7);
  });

  it('records partial fills as they come, with the price of each part', async () => {
    const t = await start();
    server.fillMode = 'partial';
    server.partialQty = 4;
    const r = await t.placeOrder({ symbol: 'SPY', side: 'buy', qty: 10, type: 'market', decisionKey: 'k-partial' });
    expect(r.order).toMatchObject({ status: 'partially_filled', filledQty: 4, filledAvgPrice: 500.25 });
    expect(r.fills).toEqual([expect.objectContaining({ qty: 4, price: 500.25 })]);
    expect((await t.listOrders('open')).map((o) => o.id)).toEqual([r.order!.id]);

    server.fill(r.order!.brokerOrderId!, 6, 502);
    const more = await t.settle();
    expect(more).toHaveLength(1);
    expect(more[0]!.qty).toBeCloseTo(6, 9);
    expect(more[0]!.price).toBeCloseTo(502, 9);
    const [o] = await t.listOrders();
    expect(o).toMatchObject({ status: 'filled', filledQty: 10 });
    expect(o!.filledAvgPrice).toBeCloseTo((4 * 500.25 + 6 * 502) / 10, 9);
    const [p] = await t.positions();
    expect(p!.qty).toBe(10);
    expect(p!.avgEntryPrice).toBeCloseTo((4 * 500.25 + 6 * 502) / 10, 9);
    expect((await t.balance()).cash).toBeCloseTo(100000 - 4 * 500.25 - 6 * 502, 6);
    expect((await t.reconcile()).differences).toEqual([]);
  });

  it('refuses an endpoint that is not paper or loopback unless live trading is allowed', () => {
    expect(() => new AlpacaBroker({ ...cfg, baseUrl: 'https://api.alpaca.markets' })).toThrow(/MLTRAINER_LIVE_TRADING=yes/);
    expect(() => assertPaperEndpoint('https://paper-api.alpaca.markets', false)).not.toThrow();
    expect(() => assertPaperEndpoint('https://api.alpaca.markets', true)).not.toThrow();
  });
});

describe('a crash between sending and recording', () => {
  it('a restart reconciles: the order sent before the crash is adopted, nothing is placed twice, the book equals the broker', async () => {
    const notifier = new MemoryNotifier();
    const real = new AlpacaBroker(cfg);
    // The process "dies" right after the broker accepted the order, before the book recorded the answer.
    const dying: Broker = {
      kind: 'alpaca',
      submitOrder: async (req) => {
        await real.submitOrder(req);
        throw new Error('process killed');
      },
      getOrderByClientId: (id) => real.getOrderByClientId(id),
      listOpenOrders: () => real.listOpenOrders(),
      cancelOrder: (id) => real.cancelOrder(id),
      positions: () => real.positions(),
      account: () => real.account(),
    };
    const before = await start(notifier, dying);
    await expect(before.placeOrder({ symbol: 'SPY', side: 'buy', qty: 12, type: 'market', decisionKey: 'chat:slack:C1:99' })).rejects.toThrow('process killed');
    const [recorded] = await before.listOrders();
    expect(recorded).toMatchObject({ status: 'new', filledQty: 0 });
    await before.close();

    // Restart: a new service on the same database; the start reconciles with the broker.
    const after = await start(notifier);
    const rec = after.startReconcile!;
    expect(rec.ordersUpdated).toBe(1);
    expect(rec.differences.map((d) => d.kind)).toEqual(['order']);
    expect(rec.differences[0]!.text).toContain('book said new with 0 filled, the broker says filled with 12 filled at 500.25');
    expect(notifier.sent.some((n) => n.message.eventKey.startsWith('reconcile:'))).toBe(true);

    // The user repeats the command: recognised, not sent.
    const again = await after.placeOrder({ symbol: 'SPY', side: 'buy', qty: 12, type: 'market', decisionKey: 'chat:slack:C1:99' });
    expect(again.duplicate).toBe(true);
    expect(server.postCount).toBe(1);
    expect(server.orders.size).toBe(1);

    // The book equals the broker: positions, cash, orders.
    const brokerPositions = await real.positions();
    const bookPositions = await after.positions();
    expect(bookPositions.map((p) => ({ symbol: p.symbol, qty: p.qty, avg: p.avgEntryPrice }))).toEqual(
      brokerPositions.map((p) => ({ symbol: p.symbol, qty: p.qty, avg: p.avgEntryPrice })),
    );
    expect((await after.balance()).cash).toBeCloseTo((await real.account()).cash, 6);
    expect((await after.reconcile()).differences).toEqual([]);
  });

  it('an order recorded but never sent is marked rejected at restart, and can be placed again under a new decision', async () => {
    const real = new AlpacaBroker(cfg);
    const deadBeforeSend: Broker = {
      kind: 'alpaca',
      submitOrder: async () => {
        throw new Error('process killed');
      },
      getOrderByClientId: (id) => real.getOrderByClientId(id),
      listOpenOrders: () => real.listOpenOrders(),
      cancelOrder: (id) => real.cancelOrder(id),
      positions: () => real.positions(),
      account: () => real.account(),
    };
    const before = await start(new MemoryNotifier(), deadBeforeSend);
    await expect(before.placeOrder({ symbol: 'SPY', side: 'buy', qty: 3, type: 'market', decisionKey: 'x1' })).rejects.toThrow('process killed');
    const after = await start();
    expect(after.startReconcile).toMatchObject({ ordersNeverSent: 1, ordersUpdated: 0 });
    const [o] = await after.listOrders();
    expect(o).toMatchObject({ status: 'rejected', lastError: 'never reached the broker (found at reconciliation); nothing was placed' });
    expect(server.postCount).toBe(0);
    expect(await after.positions()).toEqual([]);
    const retry = await after.placeOrder({ symbol: 'SPY', side: 'buy', qty: 3, type: 'market', decisionKey: 'x2' });
    expect(retry.order).toMatchObject({ status: 'filled', filledQty: 3 });
    expect(server.postCount).toBe(1);
  });
});
