// With the autopilot off, the close still has its work: the paper book is marked once per session (the equity
// history the reports and the P&L read), the daily loss rule is checked at the mark so the halt and its alert come
// when the loss happens, and the daily report goes to the chats that subscribed to it, and to nobody else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../support/manual-clock.ts';
import type { StoredBarRow } from '../../../src/engine/data/bar.ts';
import { MemoryNotifier } from '../../../src/engine/notify/notifier.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

const day = (date: string, close: number): StoredBarRow => ({ time: Date.parse(`${date}T00:00:00Z`), open: close, high: close, low: close, close, volume: 1000 });
const clock = new ManualClock(Date.parse('2020-04-16T19:00:00Z'));
const sink = new MemoryNotifier();
let app: TestApp;

const say = async (text: string) =>
  (await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text })).replies.map((r) => r.text).join('\n');

beforeAll(async () => {
  app = await createTestApp({}, { clock, withTrading: true });
  await app.notifier.setTarget(sink);
  await app.bars.upsertBars('TST', '1d', 'csv', [day('2020-04-14', 100), day('2020-04-15', 100), day('2020-04-16', 100)]);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('the close with the autopilot off', () => {
  it('marks the book once, after the close, on the session\'s own evening', async () => {
    expect(await app.autopilot!.isEnabled()).toBe(false);
    const order = await app.trader!.placeOrder({ symbol: 'TST', side: 'buy', qty: 250, type: 'market', decisionKey: 'close-marking' });
    expect(order.fills[0]?.price).toBe(100);
    await app.autopilot!.tick(); // 15:00 New York: the 2020-04-15 close is a day old and 2020-04-16's has not come
    expect(await app.autopilot!.store.isDone('mark', '2020-04-15')).toBe(false);
    expect(await app.autopilot!.store.isDone('mark', '2020-04-16')).toBe(false);
    clock.set(Date.parse('2020-04-16T20:31:00Z'));
    await app.autopilot!.tick();
    await app.autopilot!.tick();
    expect(await app.autopilot!.store.isDone('mark', '2020-04-16')).toBe(true);
    expect((await app.trader!.equityHistory()).map((p) => [p.date, p.equity])).toEqual([['2020-04-16', 100000]]);
    expect(await app.trader!.listOrders('all')).toHaveLength(1); // the mark never trades
  });

  it('sends the daily report at the report time only to chats that subscribed', async () => {
    clock.set(Date.parse('2020-04-16T21:01:00Z'));
    await app.autopilot!.tick();
    expect(sink.sent.filter((m) => m.topic === 'daily')).toEqual([]);
    expect(await say('/subscribe daily')).toContain('daily');
    // The 2020-04-16 report time has passed and the book was marked: the report goes out at the next tick, once.
    await app.autopilot!.tick();
    await app.autopilot!.tick();
    const daily = sink.sent.filter((m) => m.topic === 'daily');
    expect(daily.map((m) => m.message.eventKey)).toEqual(['daily:2020-04-16']);
    expect(daily[0]!.message.text).toContain('Daily report for 2020-04-16');
  });

  it('halts new entries and alerts when the mark shows the day\'s loss past the limit', async () => {
    // TST falls 20% on 2020-04-17: the 25% position costs the book 5% of its equity, past the 3% daily limit.
    await app.bars.upsertBars('TST', '1d', 'csv', [day('2020-04-17', 80)]);
    clock.set(Date.parse('2020-04-17T20:31:00Z'));
    await app.autopilot!.tick();
    const alerts = sink.sent.filter((m) => m.topic === 'alerts' && m.message.eventKey === 'risk-halt:daily-loss:2020-04-17');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message.text).toContain('is down 5.00% today (from 100,000.00); new entries are halted until tomorrow');
    expect((await app.trader!.balance()).dailyLossHalt).toBe(true);
    const refused = await app.trader!.placeOrder({ symbol: 'TST', side: 'buy', qty: 1, type: 'market', decisionKey: 'after-halt' });
    expect(refused.ok).toBe(false);
    expect(refused.refusal?.message).toContain('daily');
    expect((await app.trader!.equityHistory()).map((p) => [p.date, p.equity])).toEqual([
      ['2020-04-16', 100000],
      ['2020-04-17', 95000],
    ]);
  });
});
