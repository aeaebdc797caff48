// Every answer about the present names the date of the bar it used, and says plainly when that bar is not today's
// market: with the embedded data (ending 2020-04-17) and a clock in December 2026 every "now" answer carries the data
// age; with the clock on the Monday after that bar, none does. The autopilot will not switch on to trade old prices,
// and the simulated broker will not mix eras in one book without an explicit stale=ok.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.ts';
import { dataAge, staleDataSentence } from '../../src/engine/data/data-age.ts';
import { runEvaluation } from '../../src/engine/evaluate/run-evaluation.ts';
import { spxRows } from '../fixtures/spx.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe('the age of a bar', () => {
  it('counts NYSE sessions to the last completed one and calls more than 3 stale', () => {
    // Friday 2020-04-17's bar on Monday 2020-04-20 at noon New York: the last completed session is the bar's own.
    expect(dataAge('SPX', '2020-04-17', Date.parse('2020-04-20T16:00:00Z'))).toMatchObject({ sessionsBehind: 0, stale: false });
    // Thursday 2020-04-23 after the close: 4 sessions (20, 21, 22, 23) behind: stale.
    expect(dataAge('SPX', '2020-04-17', Date.parse('2020-04-23T21:00:00Z'))).toMatchObject({ sessionsBehind: 4, stale: true, age: '6 days' });
    // Good Friday 2020-04-10 is no session: from Thursday 04-09 to Wednesday 04-15 is 3 sessions, not stale.
    expect(dataAge('SPX', '2020-04-09', Date.parse('2020-04-15T21:00:00Z'))).toMatchObject({ sessionsBehind: 3, stale: false });
    // A monthly bar is naturally up to a month behind.
    expect(dataAge('AAPL', '2020-03-01', Date.parse('2020-03-25T21:00:00Z'), '1mo').stale).toBe(false);
    const old = dataAge('SPX', '2020-04-17', Date.parse('2026-12-05T12:00:00Z'));
    expect(old).toMatchObject({ lastSession: '2026-12-04', stale: true, age: '6.6 years' });
    expect(staleDataSentence(old, ['polygon'])).toMatch(/^Data age: the newest SPX bar is 2020-04-17, 6\.6 years old .*not today's market; pull fresh data with \/pull polygon SPX\.$/);
    expect(staleDataSentence(old, [])).toMatch(/set POLYGON_API_KEY/);
  });
});

async function nowAnswers(app: TestApp): Promise<Record<string, string>> {
  const say = async (text: string) => (await app.agent.handle({ platform: 'console', chatId: 'age', userId: 'local', text })).replies.map((r) => `${r.text}\n${r.code ?? ''}`).join('\n');
  await runEvaluation({ db: app.db.db, bars: app.bars, models: ['buy-and-hold', 'sma-cross-20-50', 'rsi-14-30-70', 'momentum-252'], symbols: ['SPX'], workers: 0 });
  await say('/buy SPX 1');
  await say('yes');
  return {
    predict: await say('/predict SPX'),
    volatility: await say('/volatility SPX'),
    risk: await say('is the market risky right now'),
    regime: await say('/regime SPX'),
    recommend: await say('/recommend SPX'),
    positions: await say('/positions'),
    autopilot: await say('/autopilot status'),
  };
}

describe('"now" answers', () => {
  let stale: TestApp;
  let fresh: TestApp;
  beforeAll(async () => {
    stale = await createTestApp({}, { clock: new ManualClock(Date.parse('2026-12-05T12:00:00Z')), withTrading: true });
    fresh = await createTestApp({}, { clock: new ManualClock(Date.parse('2020-04-20T16:00:00Z')), withTrading: true });
  }, 60_000);
  afterAll(async () => {
    await stale.close();
    await fresh.close();
  });

  it('name the bar date and say it is not today\'s market when the clock is years later', async () => {
    const answers = await nowAnswers(stale);
    for (const [intent, text] of Object.entries(answers)) {
      expect(text, intent).toContain('2020-04-17');
      expect(text, intent).toMatch(/Data age: .*2020-04-17.*not today's market/);
    }
  }, 120_000);

  it('name the bar date and say nothing of age when the bar is the last session', async () => {
    const answers = await nowAnswers(fresh);
    for (const [intent, text] of Object.entries(answers)) {
      expect(text, intent).toContain('2020-04-17');
      expect(text, intent).not.toMatch(/Data age/);
    }
  }, 120_000);

  it('refuses to switch the autopilot on for stale data with no provider, saying what to configure', async () => {
    const r = await stale.agent.handle({ platform: 'console', chatId: 'ap', userId: 'local', text: '/autopilot on' });
    expect(r.replies[0]!.text).toMatch(/^The newest SPX bar is 2020-04-17, 6\.6 years old, and no data provider is configured .*; it was not switched on\. Set POLYGON_API_KEY/);
    expect(await stale.autopilot!.isEnabled()).toBe(false);
  });
});

describe('one book, one era', () => {
  it('refuses a simulated fill at a price far older than the book\'s other prices unless stale=ok is given', async () => {
    const app = await createTestApp({}, { clock: new ManualClock(Date.parse('2026-12-05T12:00:00Z')), withTrading: true });
    try {
      // OLD: real SPX bars that end on 2014-12-31, beside the embedded SPX ending 2020-04-17.
      await app.bars.upsertBars('OLD', '1d', 'csv', spxRows('2014-01-02', '2014-12-31'));
      const say = async (text: string) => (await app.agent.handle({ platform: 'console', chatId: 'era', userId: 'local', text })).replies[0]!.text;
      await say('/buy SPX 1');
      expect(await say('yes')).toMatch(/filled at 2,874\.56/);
      expect(await say('/buy OLD 10')).toMatch(
        /^refused by stale_price: OLD's newest price is the close of 2014-12-31, \d+ sessions older than the book's other prices \(SPX at 2020-04-17\).*stale=ok/,
      );
      expect((await app.trader!.positions()).map((p) => p.symbol)).toEqual(['SPX']);
      expect(await say('/buy OLD 10 stale=ok')).toMatch(/^Please confirm: buy 10 OLD at market, accepting its old stored price \(at about [\d,.]+ a share, the close of \d{4}-\d{2}-\d{2}, a notional of about [\d,.]+\)\./);
      expect(await say('yes')).toMatch(/Filled 10 at .* \(the close of 2014-12-31\)/);
      expect((await app.trader!.positions()).map((p) => p.symbol).sort()).toEqual(['OLD', 'SPX']);
    } finally {
      await app.close();
    }
  }, 60_000);
});
