// The simulated broker on real SPX bars: the wall-clock fill at the last close in the store (2874.560059 on
// 2020-04-17), replay fills at the next bar's open, limit orders through the bar, and positions, balance and P&L
// against a hand computation from the same bars.
import { afterEach, describe, expect, it } from 'vitest';
import { createTraderService } from '../../../src/engine/trader/create-trader-service.ts';
import { day, fixture, spxOn, SPX, type Fixture } from './trader-fixture.ts';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.handle.close();
  fx = undefined;
});

describe('simulated broker under the wall clock', () => {
  it('fills /buy SPX 10 at the latest close in the store, names its date and warns that it is stale', async () => {
    fx = await fixture({ from: '2020-03-02', clock: Date.parse('2026-03-10T15:00:00Z') });
    // Without the admin's MLTRAINER_ALLOW_LIMIT_OVERRIDE=yes the 25% weight limit holds for a chat order too.
    const strict = await createTraderService({ db: fx.handle.db, bars: fx.bars, clock: fx.clock, notifier: fx.notifier });
    const refused = await strict.placeOrder({ symbol: 'SPX', side: 'buy', qty: 10, type: 'market', decisionKey: 'chat:console:1:0', confirmed: true });
    expect(refused.ok).toBe(false);
    expect(refused.refusal?.message).toBe('refused by max_symbol_weight: SPX would be 28.7% of equity 100000.00, above the 25.0% limit');
    await strict.close();

    const t = await createTraderService({ db: fx.handle.db, bars: fx.bars, clock: fx.clock, notifier: fx.notifier, config: { allowLimitOverride: true } });
    expect(t.broker).toBe('simulated');
    expect(t.startReconcile?.differences).toEqual([]);

    // 10 x 2874.56 is 28.7% of 100000: above the 25% weight limit, so with overrides allowed a chat order asks first.
    const check = await t.checkOrder({ symbol: 'spx', side: 'buy', qty: 10, type: 'market' });
    expect(check.allowed).toBe(true);
    expect(check.needsConfirmation).toBe(true);
    expect(check.confirmationReason).toContain('max_symbol_weight');
    expect(check.lastPrice).toBe(2874.560059);
    expect(check.lastPriceDate).toBe('2020-04-17');
    expect(check.estimatedValue).toBeCloseTo(28745.60059, 6);

    const r = await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 10, type: 'market', decisionKey: 'chat:console:1:1', confirmed: true });
    expect(r.ok).toBe(true);
    expect(r.order?.status).toBe('filled');
    expect(r.order?.clientOrderId).toMatch(/^mlt-[0-9a-f]{40}$/);
    expect(r.fills).toHaveLength(1);
    expect(r.fills[0]).toMatchObject({ symbol: 'SPX', side: 'buy', qty: 10, price: 2874.560059, barDate: '2020-04-17', commission: 0 });
    expect(r.warnings.some((w) => w.includes('2020-04-17') && w.includes('stale'))).toBe(true);

    const [pos] = await t.positions();
    expect(pos).toMatchObject({ symbol: 'SPX', qty: 10, avgEntryPrice: 2874.560059, lastPrice: 2874.560059, lastPriceDate: '2020-04-17', unrealizedPnl: 0 });
    const bal = await t.balance();
    expect(bal.cash).toBeCloseTo(100000 - 28745.60059, 6);
    expect(bal.equity).toBeCloseTo(100000, 6);
    expect(bal.positionsValue).toBeCloseTo(28745.60059, 6);
    expect(bal.openPositions).toBe(1);

    const pnl = await t.pnl('day');
    expect(pnl).toMatchObject({ period: 'day', from: '2026-03-10', to: '2026-03-10', startEquity: 100000, fills: 1, realized: 0, unrealized: 0 });
    expect(pnl.change).toBeCloseTo(0, 6);

    // The alert names the price and the bar date.
    const fillAlert = fx.notifier.sent.find((n) => n.message.eventKey.startsWith('fill:'));
    expect(fillAlert?.topic).toBe('alerts');
    expect(fillAlert?.message.text).toBe(`Fill: bought 10 SPX at 2,874.56 (bar of 2020-04-17), order #${r.order!.id} filled`);

    // The same decision again (a retry) does not place a second order.
    const again = await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 10, type: 'market', decisionKey: 'chat:console:1:1', confirmed: true });
    expect(again.duplicate).toBe(true);
    expect(again.order?.id).toBe(r.order!.id);
    expect((await t.listOrders()).length).toBe(1); // a refused order never reaches the book
    expect((await t.positions())[0]!.qty).toBe(10);

    // Selling 4 at the same close realizes nothing; closing all leaves cash at 100000.
    const sell = await t.placeOrder({ symbol: 'SPX', side: 'sell', qty: 4, type: 'market', decisionKey: 'chat:console:1:2' });
    expect(sell.fills[0]).toMatchObject({ qty: 4, price: 2874.560059, realizedPnl: 0 });
    const closed = await t.closePosition('all', { decisionKey: 'chat:console:1:3' });
    expect(closed.results).toHaveLength(1);
    expect(closed.results[0]!.fills[0]).toMatchObject({ side: 'sell', qty: 6, price: 2874.560059 });
    expect(await t.positions()).toEqual([]);
    expect((await t.balance()).cash).toBeCloseTo(100000, 6);
    expect((await t.equityHistory()).map((e) => e.date)).toEqual(['2026-03-10']);
  });

  it('charges the configured commission and slippage', async () => {
    fx = await fixture({ from: '2020-03-02', clock: Date.parse('2020-04-18T15:00:00Z') });
    const t = await createTraderService({
      db: fx.handle.db,
      bars: fx.bars,
      clock: fx.clock,
      notifier: fx.notifier,
      config: { simulated: { commissionPerOrder: 1, commissionRate: 0.001, slippage: 0.0005 } },
    });
    const r = await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 5, type: 'market', decisionKey: 'k1' });
    const price = 2874.560059 * 1.0005;
    const commission = 1 + 0.001 * 5 * price;
    expect(r.fills[0]!.price).toBeCloseTo(price, 9);
    expect(r.fills[0]!.commission).toBeCloseTo(commission, 9);
    expect(r.warnings).toEqual([]); // 2020-04-17 is one day before the clock's 2020-04-18: fresh
    const bal = await t.balance();
    expect(bal.cash).toBeCloseTo(100000 - 5 * price - commission, 6);
    // Marked at the close, the position shows the slippage and the commission as the loss since inception.
    const pnl = await t.pnl('all');
    expect(pnl.change).toBeCloseTo(5 * (2874.560059 - price) - commission, 6);
    expect(pnl.commissions).toBeCloseTo(commission, 9);
  });
});

describe('simulated broker under a replay clock', () => {
  it('fills market orders at the next open and values P&L as a hand computation from the bars', async () => {
    // The clock stands after the close of 2020-04-01.
    fx = await fixture({ from: '2020-02-03', clock: day('2020-04-01') + 21 * 3600_000 });
    const t = await createTraderService({ db: fx.handle.db, bars: fx.bars, clock: fx.clock, notifier: fx.notifier, config: { replay: true } });
    const r = await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 5, type: 'market', origin: 'autopilot', decisionKey: 'autopilot:2020-04-01:SPX' });
    expect(r.ok).toBe(true);
    expect(r.order?.status).toBe('accepted');
    expect(r.fills).toEqual([]);

    const b2 = spxOn('2020-04-02');
    const b3 = spxOn('2020-04-03');
    const b6 = spxOn('2020-04-06');
    fx.clock.set(day('2020-04-02') + 21 * 3600_000);
    const fills = await t.settle();
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ price: b2.open, qty: 5, barDate: '2020-04-02' });
    await t.recordEquity();

    fx.clock.set(day('2020-04-03') + 21 * 3600_000);
    const [pos] = await t.positions();
    expect(pos!.lastPrice).toBe(b3.close);
    expect(pos!.lastPriceDate).toBe('2020-04-03');
    expect(pos!.unrealizedPnl).toBeCloseTo(5 * (b3.close - b2.open), 9);
    await t.recordEquity();

    // Sell 2 after the close of 04-03: it fills at the open of 04-06 (the next bar, after the weekend).
    await t.placeOrder({ symbol: 'SPX', side: 'sell', qty: 2, type: 'market', origin: 'autopilot', decisionKey: 'autopilot:2020-04-03:SPX' });
    fx.clock.set(day('2020-04-06') + 21 * 3600_000);
    const [sold] = await t.settle();
    expect(sold).toMatchObject({ price: b6.open, qty: 2, barDate: '2020-04-06' });
    expect(sold!.realizedPnl).toBeCloseTo(2 * (b6.open - b2.open), 9);

    const cash = 100000 - 5 * b2.open + 2 * b6.open;
    const equity = cash + 3 * b6.close;
    const bal = await t.balance();
    expect(bal.cash).toBeCloseTo(cash, 6);
    expect(bal.equity).toBeCloseTo(equity, 6);
    expect(bal.priceDate).toBe('2020-04-06');

    const day6 = await t.pnl('day');
    const eq3 = 100000 - 5 * b2.open + 5 * b3.close;
    expect(day6.from).toBe('2020-04-06');
    expect(day6.startEquity).toBeCloseTo(eq3, 6);
    expect(day6.change).toBeCloseTo(equity - eq3, 6);
    expect(day6.realized).toBeCloseTo(2 * (b6.open - b2.open), 9);
    expect(day6.unrealized).toBeCloseTo(3 * (b6.close - b2.open), 9);

    const all = await t.pnl('all');
    expect(all.startEquity).toBe(100000);
    expect(all.change).toBeCloseTo(equity - 100000, 6);
    expect(all.realized + all.unrealized).toBeCloseTo(equity - 100000, 6);
    const month = await t.pnl('month');
    expect(month.from).toBe('2020-04-01');
    expect((await t.equityHistory()).map((e) => e.date)).toEqual(['2020-04-02', '2020-04-03', '2020-04-06']);
  });

  it('fills a limit order on the first bar that trades through it, at the limit or a better open; a day order expires', async () => {
    fx = await fixture({ from: '2020-02-03', clock: day('2020-03-02') + 21 * 3600_000 });
    const t = await createTraderService({ db: fx.handle.db, bars: fx.bars, clock: fx.clock, notifier: fx.notifier, config: { replay: true, risk: { maxSymbolWeight: 1 } } });
    // The first bar after 2020-03-02 whose low is below its open: a buy limit halfway between fills at the limit.
    const i = SPX.findIndex((b) => b.time > day('2020-03-02') && b.low < b.open);
    const bar = SPX[i]!;
    const limit = Math.round(((bar.open + bar.low) / 2) * 100) / 100;
    const gtc = await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 3, type: 'limit', limitPrice: limit, timeInForce: 'gtc', origin: 'autopilot', decisionKey: 'a1' });
    // A day limit far below that bar's low never fills and expires after its session.
    const below = Math.round(bar.low * 0.9 * 100) / 100;
    const day1 = await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'limit', limitPrice: below, timeInForce: 'day', origin: 'autopilot', decisionKey: 'a2' });
    expect(gtc.order?.status).toBe('accepted');
    expect(day1.order?.status).toBe('accepted');
    fx.clock.set(bar.time + 21 * 3600_000);
    const fills = await t.settle();
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ clientOrderId: gtc.order!.clientOrderId, price: limit, qty: 3 });
    const orders = await t.listOrders();
    expect(orders.map((o) => o.status)).toEqual(['filled', 'expired']);

    // A sell limit above the open: filled on a later bar whose high reaches it, at the limit.
    const j = SPX.findIndex((b) => b.time > bar.time && b.high > b.open * 1.01);
    const up = SPX[j]!;
    const sellLimit = Math.round(up.open * 1.005 * 100) / 100;
    // Placed the evening before that bar, it cannot fill earlier.
    fx.clock.set(SPX[j - 1]!.time + 21 * 3600_000);
    await t.placeOrder({ symbol: 'SPX', side: 'sell', qty: 3, type: 'limit', limitPrice: sellLimit, timeInForce: 'gtc', origin: 'autopilot', decisionKey: 'a3' });
    fx.clock.set(up.time + 21 * 3600_000);
    const [s] = await t.settle();
    expect(s).toMatchObject({ price: sellLimit, barDate: new Date(up.time).toISOString().slice(0, 10) });
    expect(s!.realizedPnl).toBeCloseTo(3 * (sellLimit - limit), 9);
  });
});
