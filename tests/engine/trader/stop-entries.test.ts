// /stopentry's engine side: new entries are refused for the user and the autopilot alike, exits and resting orders
// keep working, the stop survives a restart, and resume lifts it (and says what it lifted).
import { afterEach, describe, expect, it } from 'vitest';
import { createTraderService } from '../../../src/engine/trader/create-trader-service.ts';
import { fixture, type Fixture } from './trader-fixture.ts';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.handle.close();
  fx = undefined;
});

const WALL = Date.parse('2020-04-20T15:00:00Z');

describe('stopping new entries', () => {
  it('refuses entries, lets exits and a resting exit order fill, survives a restart, and resume lifts it', async () => {
    fx = await fixture({ from: '2020-04-01', clock: WALL });
    const t = await createTraderService({ db: fx.handle.db, bars: fx.bars, clock: fx.clock, notifier: fx.notifier });
    const base = { symbol: 'SPX', type: 'market' as const };
    expect((await t.placeOrder({ ...base, side: 'buy', qty: 5, decisionKey: 's1' })).ok).toBe(true);
    // a resting sell limit above the market: an exit waiting to fill
    const resting = await t.placeOrder({ symbol: 'SPX', side: 'sell', qty: 1, type: 'limit', limitPrice: 2950, timeInForce: 'gtc', decisionKey: 's2' });
    expect(resting.order?.status).toBe('accepted');

    await t.stopEntries('stopped by a test');
    const stopAlert = fx.notifier.sent.find((n) => n.message.eventKey.startsWith('stopentry:'));
    expect(stopAlert?.message.text).toBe('New entries stopped: stopped by a test. Exits and open orders still work; /resume lets entries again.');
    expect((await t.listOrders('open')).map((o) => o.id)).toEqual([resting.order!.id]); // nothing cancelled, unlike /halt

    const manual = await t.placeOrder({ ...base, side: 'buy', qty: 1, decisionKey: 's3' });
    expect(manual.refusal).toEqual({
      rule: 'entries_stopped',
      message: 'refused by entries_stopped: new entries are stopped (stopped by a test); exits still work; /resume lets entries again',
    });
    expect((await t.placeOrder({ ...base, side: 'buy', qty: 1, origin: 'autopilot', decisionKey: 's4' })).refusal?.rule).toBe('entries_stopped');
    // selling more than held would open a short: an entry, refused
    expect((await t.placeOrder({ ...base, side: 'sell', qty: 9, decisionKey: 's5' })).refusal?.rule).toBe('entries_stopped');
    // an exit fills
    const exit = await t.placeOrder({ ...base, side: 'sell', qty: 2, origin: 'autopilot', decisionKey: 's6' });
    expect(exit.ok).toBe(true);
    expect(exit.order?.status).toBe('filled');
    expect((await t.balance()).entriesStopped).toBe('stopped by a test');

    // a restart keeps the stop
    const again = await createTraderService({ db: fx.handle.db, bars: fx.bars, clock: fx.clock, notifier: fx.notifier });
    expect((await again.placeOrder({ ...base, side: 'buy', qty: 1, decisionKey: 's7' })).refusal?.rule).toBe('entries_stopped');
    await again.resume();
    const resumed = fx.notifier.sent.filter((n) => n.message.eventKey.startsWith('resume:')).at(-1);
    expect(resumed?.message.text).toBe('Trading resumed: new entries are allowed again.');
    expect((await again.balance()).entriesStopped).toBeNull();
    expect((await again.placeOrder({ ...base, side: 'buy', qty: 1, decisionKey: 's8' })).ok).toBe(true);
    await again.close();
    await t.close();
  });
});
