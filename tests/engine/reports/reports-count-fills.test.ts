// The daily report and the weekly summary count every fill of their period by the day it was made, manual and
// autopilot, and say which is which: on stale data a fill's bar date is years before the day it was made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../support/manual-clock.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

let app: TestApp;
// Friday 2026-12-04, 17:00 New York: the embedded SPX ends on 2020-04-17.
const clock = new ManualClock(Date.parse('2026-12-04T22:00:00Z'));

beforeAll(async () => {
  app = await createTestApp({}, { clock, withTrading: true });
  const say = (text: string) => app.agent.handle({ platform: 'console', chatId: 'reports', userId: 'local', text });
  for (const order of ['/buy SPX 2', '/buy SPX 1', '/sell SPX 1', '/buy SPX 3']) {
    await say(order);
    await say('yes');
  }
}, 60_000);
afterAll(async () => {
  await app.close();
});

describe('reports after manual orders', () => {
  it('count them in the daily report, as manual', async () => {
    const r = await app.services.reports!.dailyReport();
    expect(r.text).toContain('4 trades today (4 manual).');
    expect(r.code).toMatch(/trade\s+symbol\s+qty\s+price\s+bar\s+by/);
    expect(r.code!.match(/manual/g)).toHaveLength(4);
    expect((await app.services.trader!.pnl('week')).fills).toBe(4);
  });

  it('count them in the weekly summary', async () => {
    const r = await app.services.reports!.weeklyReport();
    expect(r.text).toContain('4 trades this week (4 manual).');
  });
});

describe('/why after manual orders', () => {
  it('explains them: what was bought or sold, when, and from where', async () => {
    const r = await app.agent.handle({ platform: 'console', chatId: 'reports', userId: 'local', text: '/why SPX' });
    expect(r.replies[0]!.text).toMatch(/Manual orders on SPX:\nYou bought 3 SPX at 2,874\.56 on 2026-12-04 22:00 UTC via the console \(order #4\)\./);
  });
});
