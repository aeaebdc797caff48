// The whole path as a console user meets it: the app built with trading, the loop switched on through the
// conversation core (`/autopilot on`, confirmed with `yes`), the clock moved past two NYSE closes and report times,
// and then the decision is explained by `/why SPX` and the daily reports arrive at the relay's target with a chart.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../support/manual-clock.ts';
import { MemoryNotifier } from '../../../src/engine/notify/notifier.ts';
import { loadSpx } from '../../fixtures/spx.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

const spx = loadSpx();
const closeOf = (date: string) => spx.close[spx.time.indexOf(Date.parse(`${date}T00:00:00Z`))]!;
const clock = new ManualClock(Date.parse('2020-04-16T18:00:00Z'));
const sink = new MemoryNotifier();
let app: TestApp;

const say = async (text: string) => {
  const r = await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text });
  return r.replies.map((x) => x.text).join('\n');
};

beforeAll(async () => {
  app = await createTestApp({}, { clock, withTrading: true });
  await app.notifier.setTarget(sink);
}, 120_000);
afterAll(async () => {
  await app?.autopilot?.stop();
  await app?.close();
});

describe('the autopilot inside the app', () => {
  it('is switched on from the console with a confirmation', async () => {
    expect(await app.autopilot!.isEnabled()).toBe(false);
    const asked = await say('/autopilot on');
    expect(asked.toLowerCase()).toContain('switch the autopilot on');
    expect(await app.autopilot!.isEnabled()).toBe(false);
    expect(await say('yes')).toContain('The autopilot is now on for SPX.');
    expect(await app.autopilot!.isEnabled()).toBe(true);
  });

  it('after the close it decides SPX, and /why explains the decision', async () => {
    // 16:00 New York (EDT) is 20:00 UTC; the loop decides 30 minutes later.
    clock.set(Date.parse('2020-04-16T20:31:00Z'));
    await app.autopilot!.tick();
    const d = await app.autopilot!.why('SPX');
    expect(d?.date).toBe('2020-04-16');
    expect(d!.record.close).toBe(closeOf('2020-04-16'));
    const why = await say('/why SPX');
    expect(why).toContain('SPX on 2020-04-16: Regime ');
    for (const c of d!.record.chosen) expect(why).toContain(c.id);
    expect(why).toContain(`Target ${(d!.target * 100).toFixed(1)}% of equity`);
  }, 120_000);

  it('sends the daily reports to the relay target; from the second close on they carry the equity chart', async () => {
    // 17:00 New York is 21:00 UTC.
    clock.set(Date.parse('2020-04-16T21:01:00Z'));
    await app.autopilot!.tick();
    let daily = sink.sent.filter((m) => m.topic === 'daily');
    expect(daily.map((m) => m.message.eventKey)).toEqual(['daily:2020-04-16']);
    expect(daily[0]!.message.text).toContain('Daily report for 2020-04-16');

    clock.set(Date.parse('2020-04-17T20:31:00Z'));
    await app.autopilot!.tick();
    expect((await app.autopilot!.why('SPX'))?.date).toBe('2020-04-17');
    clock.set(Date.parse('2020-04-17T21:01:00Z'));
    await app.autopilot!.tick();
    daily = sink.sent.filter((m) => m.topic === 'daily' && m.message.eventKey.startsWith('daily:'));
    expect(daily.map((m) => m.message.eventKey)).toEqual(['daily:2020-04-16', 'daily:2020-04-17']);
    const report = daily[1]!.message;
    expect(report.text).toContain('Daily report for 2020-04-17');
    const bh = closeOf('2020-04-17') / closeOf('2020-04-16') - 1;
    expect(report.text).toContain(`buy-and-hold SPX ${bh >= 0 ? '+' : ''}${(bh * 100).toFixed(2)}%`);
    expect(report.image).toMatch(/daily-report-2020-04-17-[0-9a-f]{8}\.png$/);
    expect(fs.existsSync(report.image!)).toBe(true);
    expect(fs.readFileSync(report.image!).subarray(1, 4).toString()).toBe('PNG');
    // 2020-04-17 is a Friday, the week's last session: the weekly summary follows at the same report time, once.
    const weekly = sink.sent.filter((m) => m.topic === 'daily' && m.message.eventKey.startsWith('weekly:'));
    expect(weekly.map((m) => m.message.eventKey)).toEqual(['weekly:2020-04-17']);
    expect(weekly[0]!.message.text).toContain('Weekly summary, 2020-04-11 to 2020-04-17');
    expect(weekly[0]!.message.text).toContain('Leaderboard by Sharpe on SPX');
    await app.autopilot!.tick();
    expect(sink.sent.filter((m) => m.message.eventKey.startsWith('weekly:'))).toHaveLength(1);
  }, 120_000);

  it('/accuracy shows the calls the loop used joined to what happened next, and /auto is /autopilot', async () => {
    const d = await app.autopilot!.why('SPX', '2020-04-16');
    const next = closeOf('2020-04-17') / closeOf('2020-04-16') - 1;
    const text = await say('/accuracy');
    expect(text).toContain("The autopilot's calls joined to their outcomes:");
    expect(text).toContain(`ewma-vol-94 on SPX: 1 volatility forecasts`);
    for (const c of d!.record.chosen.filter((x) => x.signal !== 0)) {
      expect(text).toContain(`${c.id} on SPX: 1 calls used, hit rate ${Math.sign(c.signal) === Math.sign(next) ? '100.0%' : '0.0%'}`);
    }
    const code = (await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text: '/accuracy' })).replies[0]!.code!;
    expect(code).toContain('2020-04');
    expect(await say('/auto status')).toContain('The autopilot is on');
  }, 120_000);

  it('sends no weekly summary after a session that is not the week\'s last', async () => {
    expect(sink.sent.some((m) => m.message.eventKey === 'weekly:2020-04-16')).toBe(false);
  });
});
