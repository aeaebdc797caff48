// A fill that closes a trade also sends a "trade closed" alert with the trade's FIFO P&L, its hold time and who
// opened and closed it; a fill that opens one sends none.
import { afterEach, describe, expect, it } from 'vitest';
import { createTraderService } from '../../../src/engine/trader/create-trader-service.ts';
import { day, fixture, type Fixture } from './trader-fixture.ts';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.handle.close();
  fx = undefined;
});

describe('the trade-closed alert', () => {
  it('names the P&L of the closed part, the hold and who placed each side', async () => {
    fx = await fixture({ from: '2020-04-01', clock: Date.parse('2020-04-20T15:00:00Z') });
    const t = await createTraderService({ db: fx.handle.db, bars: fx.bars, clock: fx.clock, notifier: fx.notifier });
    await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 5, type: 'market', decisionKey: 'c1' });
    expect(fx.notifier.sent.filter((n) => n.message.eventKey.startsWith('trade:'))).toEqual([]);

    // the next session's close is 2900: the autopilot sells 3 of the 5 two days later
    await fx.bars.upsertBars('SPX', '1d', 'csv', [{ time: day('2020-04-20'), open: 2880, high: 2910, low: 2870, close: 2900, volume: 1 }]);
    fx.clock.set(Date.parse('2020-04-22T15:00:00Z'));
    await t.placeOrder({ symbol: 'SPX', side: 'sell', qty: 3, type: 'market', origin: 'autopilot', decisionKey: 'c2' });
    const closed = fx.notifier.sent.filter((n) => n.message.eventKey.startsWith('trade:'));
    expect(closed).toHaveLength(1);
    expect(closed[0]!.message.kind).toBe('trade-closed');
    // (2900 - 2874.560059) x 3 = 76.319823, over a cost of 8,623.68
    expect(closed[0]!.message.text).toBe('Trade closed: SPX long 3 at 2,874.56 -> 2,900.00, +76.32 (+0.89%) after 2d 0h; manual entry, autopilot exit');
    await t.close();
  });
});
