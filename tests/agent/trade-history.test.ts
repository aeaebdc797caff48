// The trader's history in chat, as the console session runs it: a confirmed buy and sell on the simulated
// broker, then /trades, /profit, /performance and /daily answer with the trade those fills make; the trades table is
// rebuilt identically from the fills.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traderTrades } from '../../src/engine/db/schema/index.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
const clock = new ManualClock(Date.UTC(2020, 3, 20, 15, 0)); // Monday 2020-04-20, SPX's last close is 2020-04-17

async function say(text: string): Promise<string> {
  const r = await app.agent.handle({ platform: 'console', chatId: 'history', userId: 'local', text });
  return r.replies.map((x) => `${x.text}\n${x.code ?? ''}`).join('\n');
}

beforeAll(async () => {
  app = await createTestApp({}, { clock, withTrading: true });
}, 60_000);
afterAll(async () => app?.close());

describe('trade history in chat', () => {
  it('says there is nothing yet before any trade closes', async () => {
    expect(await say('/trades')).toMatch(/^No closed trades yet/);
    expect(await say('/performance')).toMatch(/^No closed trades yet/);
  });

  it('shows the round trip of a confirmed buy and sell with its P&L, statistics and period rows', async () => {
    await say('/buy SPX 5');
    await say('yes');
    clock.set(Date.UTC(2020, 3, 20, 17, 30));
    await say('/sell SPX 3');
    await say('yes');

    const trades = await say('/trades');
    expect(trades).toMatch(/^Last 1 closed trade of 1, newest first:/);
    expect(trades).toMatch(/SPX long 3 @ 2,874\.56 -> 2,874\.56: \+0\.00 \(manual entry, manual exit\)/);
    expect(trades).toMatch(/2020-04-20\s+SPX\s+\+0\.00\s+\+0\.0%\s+2h 30m/);

    const profit = await say('/profit');
    expect(profit).toMatch(/unrealised \+0\.00 on 1 open position/);
    expect(profit).toMatch(/1 closed trade: 0 won, 0 lost, 1 even/);
    expect(profit).toMatch(/average hold 2h 30m/);
    expect(profit).toMatch(/Manual: 1 closed trade, realised \+0\.00/);
    expect(profit).toMatch(/Autopilot: no closed trades\./);

    expect(await say('/performance')).toMatch(/SPX\s+\+0\.00\s+\+0\.0%\s+1/);
    const daily = await say('/daily 3');
    expect(daily).toMatch(/^P&L per day, the last 3 days up to 2020-04-20, newest first:/);
    expect(daily).toMatch(/2020-04-20\s+\+0\.00\s+\+0\.00%\s+1\s+100,000\.00/);
    expect(daily).toMatch(/2020-04-19\s+no close\s+-\s+0\s+-/);

    // the 2 shares left are held since the buy, 2 h 30 min before the clock
    expect(await say('/positions')).toMatch(/SPX\s+2\s+2,874\.56\s+2,874\.56\s+2020-04-17\s+5,749\.12\s+0\.00\s+\+0\.0%\s+2h 30m \(2020-04-20\)/);
  });

  it('says when the equity closes value the open position at an old close', async () => {
    const at = clock.now();
    clock.set(Date.parse('2026-12-05T15:00:00Z'));
    try {
      expect(await say('/daily 2')).toMatch(/newest first:\nData age: .*SPX.*2020-04-17/);
      expect(await say('/profit')).toMatch(/\nData age: .*SPX.*2020-04-17/);
    } finally {
      clock.set(at);
    }
  });

  it('keeps the trades in the database, the same rows each time they are rebuilt from the fills', async () => {
    const read = () => app.db.db.select().from(traderTrades).where(eq(traderTrades.broker, 'simulated')).orderBy(traderTrades.seq);
    await say('/trades');
    const first = await read();
    expect(first.map((t) => [t.symbol, t.direction, t.qty, t.exitAt === null])).toEqual([
      ['SPX', 'long', 3, false],
      ['SPX', 'long', 2, true],
    ]);
    await say('/profit');
    expect(await read()).toEqual(first);
  });
});
