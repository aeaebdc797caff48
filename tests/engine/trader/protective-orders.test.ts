// Protective and conditional orders on the simulated broker under a replay clock, on the real SPX bars of early 2020:
// a bracket whose stop-loss is gapped through fills at the open and cancels its take-profit; a trailing stop ratchets
// on closes; an OCO exit takes its profit and cancels its stop; levels on the wrong side are refused; retries and
// restarts never double an order or a leg.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { simOrders } from '../../../src/engine/db/schema/index.ts';
import { createTraderService } from '../../../src/engine/trader/create-trader-service.ts';
import { day, fixture, spxOn, type Fixture } from './trader-fixture.ts';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.handle.close();
  fx = undefined;
});

async function replayTrader(at: string) {
  fx = await fixture({ from: '2020-01-02', clock: day(at) });
  const t = await createTraderService({ db: fx.handle.db, bars: fx.bars, clock: fx.clock, notifier: fx.notifier, config: { replay: true } });
  return { t, fx };
}

describe('protective orders on the simulated broker', () => {
  it('a bracket: the entry fills at the next open, its legs wait for it, a gap through the stop-loss fills at the open and cancels the take-profit', async () => {
    const { t, fx } = await replayTrader('2020-02-21');
    const placed = await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 5, type: 'market', takeProfit: { limitPrice: 3500 }, stopLoss: { stopPrice: 3250 }, decisionKey: 'b1' });
    expect(placed.order).toMatchObject({ orderClass: 'bracket', status: 'accepted', timeInForce: 'gtc' });
    expect(placed.legs.map((l) => [l.leg, l.side, l.type, l.limitPrice, l.stopPrice, l.status])).toEqual([
      ['take_profit', 'sell', 'limit', 3500, null, 'held'],
      ['stop_loss', 'sell', 'stop', null, 3250, 'held'],
    ]);

    fx.clock.set(day('2020-02-24'));
    await t.settle();
    const entry = (await t.listOrders('all')).find((o) => o.id === placed.order!.id)!;
    expect(entry).toMatchObject({ status: 'filled', filledAvgPrice: spxOn('2020-02-24').open });
    expect((await t.listOrders('open')).map((o) => o.leg)).toEqual(['take_profit', 'stop_loss']);

    // 2020-02-25 opens at 3238.94, below the 3250 stop: the stop fills at the open, not at a price the market skipped.
    fx.clock.set(day('2020-02-26'));
    await t.settle();
    const all = await t.listOrders('all');
    const [tp, sl] = placed.legs.map((l) => all.find((o) => o.id === l.id)!);
    expect(sl).toMatchObject({ status: 'filled', filledAvgPrice: spxOn('2020-02-25').open });
    expect(tp?.status).toBe('canceled');
    expect((await t.positions()).filter((p) => p.qty !== 0)).toEqual([]);
    const [trade] = await t.trades();
    expect(trade).toMatchObject({ exitReason: 'stop', exitBarDate: '2020-02-25', entryPrice: spxOn('2020-02-24').open });
    // the alert names the level reached, and the trade it closed says why
    const texts = fx.notifier.sent.map((n) => n.message.text);
    expect(texts).toContain(`Stop 3,250.00 reached: sold 5 SPX at 3,238.94 (bar of 2020-02-25), order #${sl!.id} filled, realized -93.35`);
    expect(texts.find((x) => x.startsWith('Trade closed:'))).toMatch(/; manual entry, stop exit$/);
  });

  it('a trailing stop ratchets on closes only and fills at its raised level, with new entries stopped', async () => {
    const { t, fx } = await replayTrader('2020-02-28');
    await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 5, type: 'market', decisionKey: 'e1' });
    fx.clock.set(day('2020-03-02'));
    await t.settle();
    // with new entries stopped, a protective exit is still placed and still fills
    await t.stopEntries('test');
    const trail = await t.placeOrder({ symbol: 'SPX', side: 'sell', qty: 5, type: 'market', trailPercent: 4, decisionKey: 't1' });
    expect(trail.order).toMatchObject({ type: 'trailing_stop', trailPercent: 4, status: 'accepted' });
    // The mark starts at the 2020-03-02 close 3090.23 (level 2966.62); 03-04 closes at 3130.12, a new best: the level
    // rises to 3004.92, which 03-05's low (2999.83) reaches. Unraised, it would have waited for 03-06's gap.
    fx.clock.set(day('2020-03-09'));
    await t.settle();
    const done = (await t.listOrders('all')).find((o) => o.id === trail.order!.id)!;
    expect(done.status).toBe('filled');
    expect(done.filledAvgPrice).toBeCloseTo(spxOn('2020-03-04').close * 0.96, 9);
    const [trade] = await t.trades();
    expect(trade).toMatchObject({ exitReason: 'trailing', exitBarDate: '2020-03-05' });
  });

  it('an OCO exit of a held position takes its profit and cancels its stop; /stopentry lets it work and refuses entries', async () => {
    const { t, fx } = await replayTrader('2020-02-28');
    await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 5, type: 'market', decisionKey: 'e1' });
    fx.clock.set(day('2020-03-02'));
    await t.settle();
    await t.stopEntries('test');
    expect((await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'market', decisionKey: 'e2' })).refusal?.rule).toBe('entries_stopped');
    const oco = await t.placeOrder({ symbol: 'SPX', side: 'sell', qty: 5, type: 'market', takeProfit: { limitPrice: 3120 }, stopLoss: { stopPrice: 2950 }, decisionKey: 'o1' });
    expect(oco.order).toMatchObject({ orderClass: 'oco', type: 'limit', limitPrice: 3120, leg: 'take_profit' });
    expect(oco.legs.map((l) => [l.leg, l.type, l.stopPrice, l.status])).toEqual([['stop_loss', 'stop', 2950, 'accepted']]);
    // 2020-03-03 trades up to 3136.72 (open 3096.46): the take-profit fills at its limit.
    fx.clock.set(day('2020-03-04'));
    await t.settle();
    const all = await t.listOrders('all');
    expect(all.find((o) => o.id === oco.order!.id)).toMatchObject({ status: 'filled', filledAvgPrice: 3120 });
    expect(all.find((o) => o.id === oco.legs[0]!.id)?.status).toBe('canceled');
    const [trade] = await t.trades();
    expect(trade).toMatchObject({ exitReason: 'take-profit', exitPrice: 3120 });
  });

  it('refuses levels on the wrong side of the price with a sentence, and protective legs on a stop order', async () => {
    const { t } = await replayTrader('2020-02-21'); // last close 3337.75
    const r1 = await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'market', takeProfit: { limitPrice: 3000 }, stopLoss: { stopPrice: 2700 }, decisionKey: 'w1' });
    expect(r1.refusal).toEqual({ rule: 'price_sanity', message: 'refused by price_sanity: the take-profit 3,000.00 must be above the price 3,337.75 for a long position' });
    const r2 = await t.placeOrder({ symbol: 'SPX', side: 'sell', qty: 1, type: 'market', stopPrice: 3400, decisionKey: 'w2' });
    expect(r2.refusal?.message).toContain('a sell stop must be below the price 3,337.75');
    const r3 = await t.checkOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'market', stopPrice: 3400, stopLoss: { stopPrice: 3000 } });
    expect(r3.refusal?.message).toContain('a stop or trailing order cannot carry take-profit or stop-loss legs');
    const r4 = await t.placeOrder({ symbol: 'SPX', side: 'sell', qty: 1, type: 'market', trailPercent: 80, decisionKey: 'w3' });
    expect(r4.refusal?.message).toContain("a trailing stop's percent must be above 0 and at most 50");
    expect(await t.listOrders('all')).toEqual([]);
  });

  it('the same decision placed twice, and after a restart, is one order with two legs at the broker', async () => {
    const { t, fx } = await replayTrader('2020-02-21');
    const req = { symbol: 'SPX', side: 'buy' as const, qty: 2, type: 'market' as const, takeProfit: { limitPrice: 3500 }, stopLoss: { stopPrice: 3200 }, decisionKey: 'd1' };
    const first = await t.placeOrder(req);
    const again = await t.placeOrder(req);
    expect(again).toMatchObject({ ok: true, duplicate: true });
    expect(again.legs.map((l) => l.id)).toEqual(first.legs.map((l) => l.id));
    const restarted = await createTraderService({ db: fx.handle.db, bars: fx.bars, clock: fx.clock, notifier: fx.notifier, config: { replay: true } });
    expect(await restarted.placeOrder(req)).toMatchObject({ duplicate: true, order: { id: first.order!.id } });
    fx.clock.set(day('2020-02-24'));
    await restarted.settle();
    expect(await t.listOrders('all')).toHaveLength(3);
    const atBroker = await fx.handle.db.select().from(simOrders);
    expect(atBroker).toHaveLength(3);
    expect(atBroker.filter((o) => o.parentClientOrderId === first.order!.clientOrderId).map((o) => [o.clientOrderId, o.status]).sort()).toEqual([
      [`${first.order!.clientOrderId}-sl`, 'accepted'],
      [`${first.order!.clientOrderId}-tp`, 'accepted'],
    ]);
    expect((await fx.handle.db.select().from(simOrders).where(eq(simOrders.clientOrderId, first.order!.clientOrderId)))[0]?.status).toBe('filled');
    await restarted.close();
  });
});
