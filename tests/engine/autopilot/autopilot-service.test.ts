// The live loop on a ManualClock: off on a fresh install, switched on, then the clock moved past two NYSE closes and
// report times. Orders go to the simulated broker, decisions are explained, predictions join their outcomes, and the
// daily report arrives in a MemoryNotifier with its equity chart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutopilotService } from '../../../src/engine/autopilot/autopilot-service.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { BarStore } from '../../../src/engine/data/bar-store.ts';
import { MemoryNotifier } from '../../../src/engine/notify/notifier.ts';
import { ReportService } from '../../../src/engine/reports/report-service.ts';
import { SettingsStore } from '../../../src/engine/settings-store.ts';
import { clientOrderIdFor } from '../../../src/engine/trader/client-order-id.ts';
import { createTraderService, type StartedTrader } from '../../../src/engine/trader/create-trader-service.ts';
import { loadSpx, spxRows } from '../../fixtures/spx.ts';
import { openTestDb, type TestDb } from '../../support/test-db.ts';

const spx = loadSpx();
const rowsUpTo = (date: string, from = '2000-01-01') => spxRows(from, date);
const closeOf = (date: string) => spx.close[spx.time.indexOf(Date.parse(`${date}T00:00:00Z`))]!;

let handle: TestDb;
let trader: StartedTrader;
let autopilot: AutopilotService;
let reports: ReportService;
let chartsDir: string;
const clock = new ManualClock(Date.parse('2020-04-16T19:00:00Z'));
const notifier = new MemoryNotifier();
const refreshed: string[] = [];

beforeAll(async () => {
  handle = await openTestDb();
  chartsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-ap-'));
  const bars = new BarStore(handle.db);
  // The store ends the day before; the "data source" below brings each session's bar when the loop refreshes.
  await bars.upsertBars('SPX', '1d', 'csv', rowsUpTo('2020-04-15'));
  trader = await createTraderService({ db: handle.db, bars, clock, notifier });
  reports = new ReportService({ db: handle.db, trader, bars, notifier, clock, chartsDir, symbols: async () => ['SPX'] });
  autopilot = new AutopilotService({
    db: handle,
    bars,
    settings: new SettingsStore(handle.db),
    trader,
    notifier,
    clock,
    reportTime: { timeZone: 'America/New_York', time: '17:00' },
    sendDailyReport: async (date) => void (await reports.sendDaily(date)),
    refresh: async (symbols, date) => {
      const c = await bars.upsertBars('SPX', '1d', 'csv', rowsUpTo(date, date));
      refreshed.push(date);
      return symbols.map((s) => `${s}: ${c.inserted} new bar(s)`);
    },
  });
}, 60_000);
afterAll(async () => {
  await autopilot.stop();
  await trader.close();
  await handle.close();
  fs.rmSync(chartsDir, { recursive: true, force: true });
});

describe('the autopilot loop', () => {
  it('is off on a fresh install: ticked after the close it trades nothing, only marks the book', async () => {
    const s = await autopilot.status();
    expect(s.enabled).toBe(false);
    expect(s.next).toBeNull();
    expect(s.summary).toBe(
      'It is switched off and will not trade until it is switched on (/autopilot on); the paper book is still marked at each close, and chats subscribed to the daily report still get it.',
    );
    clock.set(Date.parse('2020-04-16T19:00:00Z'));
    await autopilot.tick();
    expect(await trader.equityHistory()).toEqual([]); // before the close: nothing is due
    clock.set(Date.parse('2020-04-16T20:31:00Z'));
    await autopilot.tick();
    expect(await trader.listOrders('all')).toEqual([]);
    expect(refreshed).toEqual([]);
    expect((await trader.equityHistory()).map((p) => [p.date, p.equity])).toEqual([['2020-04-16', 100000]]);
    // At the report time nobody has subscribed: while the loop is off no report goes out.
    clock.set(Date.parse('2020-04-16T21:01:00Z'));
    await autopilot.tick();
    expect(notifier.sent.filter((m) => m.topic === 'daily')).toEqual([]);
    clock.set(Date.parse('2020-04-16T19:00:00Z'));
  });

  it('once switched on, says what it will do next and when', async () => {
    await autopilot.setEnabled(true);
    const s = await autopilot.status();
    expect(s.enabled).toBe(true);
    expect(s.leader).toBe(true);
    expect(s.symbols).toEqual(['SPX']);
    // 16:00 New York (EDT) is 20:00 UTC; the loop runs 30 minutes after the close.
    expect(s.next).toEqual({ action: 'decide', date: '2020-04-16', at: '2020-04-16T20:30:00.000Z' });
    expect(s.summary).toBe('Next: decide and trade SPX for the session of 2020-04-16, at 2020-04-16 20:30 UTC (the close plus 30 minutes).');
    await autopilot.tick();
    expect(await trader.listOrders('all')).toEqual([]);
  });

  it('after the close it refreshes, decides, trades on the simulated broker and records the decision', async () => {
    clock.set(Date.parse('2020-04-16T20:31:00Z'));
    await autopilot.tick();
    expect(refreshed).toEqual(['2020-04-16']);
    const why = await autopilot.why('SPX');
    expect(why?.date).toBe('2020-04-16');
    expect(why!.record.close).toBe(closeOf('2020-04-16'));
    expect(why!.text).toMatch(/^SPX on 2020-04-16: Regime (bull|bear)\/(calm|turbulent) \(trend-regime-200: /);
    for (const c of why!.record.chosen) expect(why!.text).toContain(c.id);
    const orders = await trader.listOrders('all');
    // On this day the models in charge are long: a buy toward the sized target.
    expect(why!.target).toBeGreaterThan(0);
    expect(why!.target).toBeLessThanOrEqual(0.25);
    {
      expect(orders).toHaveLength(1);
      const o = orders[0]!;
      expect(o.origin).toBe('autopilot');
      expect(o.clientOrderId).toBe(clientOrderIdFor('autopilot:2020-04-16:SPX'));
      expect(o.status).toBe('filled');
      expect(o.filledAvgPrice).toBe(closeOf('2020-04-16'));
      const [pos] = await trader.positions();
      expect(pos!.weight!).toBeCloseTo(Math.abs(why!.target), 6);
      expect(why!.text).toContain(`Order #${o.id}: buy`);
      // its fill alert says the autopilot placed it, with the models and the target weight behind it
      const ids = why!.record.chosen.map((c) => c.id);
      const models = ids.length === 1 ? ids[0]! : `blend of ${ids.slice(0, -1).join(', ')} and ${ids.at(-1)!}`;
      expect(o.reason).toBe(`${models} targets ${Math.round(why!.target * 100)}% SPX`);
      expect(notifier.sent.map((m) => m.message.text)).toContainEqual(expect.stringContaining(`order #${o.id} (autopilot: ${o.reason}) filled`));
    }
    // Running the same session again repeats nothing.
    const again = await autopilot.runOnce('2020-04-16');
    expect(again.ran).toBe(false);
    expect(again.decisions.map((d) => d.symbol)).toEqual(['SPX']);
    expect(await trader.listOrders('all')).toHaveLength(orders.length);
  });

  it('sends the daily report at the report time, once, and says when there is no chart yet', async () => {
    clock.set(Date.parse('2020-04-16T21:01:00Z'));
    await autopilot.tick();
    await autopilot.tick();
    const daily = notifier.sent.filter((m) => m.topic === 'daily');
    expect(daily).toHaveLength(1);
    expect(daily[0]!.message.eventKey).toBe('daily:2020-04-16');
    expect(daily[0]!.message.text).toContain('Daily report for 2020-04-16');
    expect(daily[0]!.message.text).toContain('No chart yet: the equity history has a single close.');
    expect(daily[0]!.message.image).toBeNull();
  });

  it('the next session trades again, resolves yesterday\'s predictions, and its report carries the equity chart', async () => {
    const s = await autopilot.status();
    expect(s.next).toEqual({ action: 'decide', date: '2020-04-17', at: '2020-04-17T20:30:00.000Z' });
    clock.set(Date.parse('2020-04-17T20:31:00Z'));
    await autopilot.tick();
    expect(refreshed).toEqual(['2020-04-16', '2020-04-17']);
    const why = await autopilot.why('SPX', '2020-04-17');
    expect(why?.date).toBe('2020-04-17');
    const older = await autopilot.why('SPX', '2020-04-16');
    expect(older?.date).toBe('2020-04-16');

    const acc = await autopilot.accuracy(undefined, 'SPX');
    const ret = closeOf('2020-04-17') / closeOf('2020-04-16') - 1;
    const vol = acc.rows.find((r) => r.kind === 'volatility')!;
    expect(vol.model).toBe('ewma-vol-94');
    expect(vol.predictions).toBe(1);
    expect(vol.byMonth).toEqual([{ month: '2020-04', predictions: 1, hitRate: null, meanAbsError: vol.meanAbsError }]);
    const position = acc.rows.filter((r) => r.kind === 'position');
    expect(position.length).toBe(older!.record.chosen.length);
    for (const r of position) {
      const c = older!.record.chosen.find((x) => x.id === r.model)!;
      expect(r.meanReturn).toBeCloseTo(c.signal * ret, 12);
      expect(r.hitRate).toBe(c.signal === 0 ? null : Math.sign(c.signal) === Math.sign(ret) ? 1 : 0);
    }

    clock.set(Date.parse('2020-04-17T21:00:00Z'));
    await autopilot.tick();
    const daily = notifier.sent.filter((m) => m.topic === 'daily');
    expect(daily.map((m) => m.message.eventKey)).toEqual(['daily:2020-04-16', 'daily:2020-04-17']);
    const report = daily[1]!.message;
    expect(report.text).toContain('Daily report for 2020-04-17');
    expect(report.text).toMatch(/Day: [+-]\d+\.\d\d% .*; buy-and-hold SPX [+-]\d+\.\d\d%\./);
    const bh = closeOf('2020-04-17') / closeOf('2020-04-16') - 1;
    expect(report.text).toContain(`buy-and-hold SPX ${bh >= 0 ? '+' : ''}${(bh * 100).toFixed(2)}%`);
    expect(report.text).toContain(`SPX (decided 2020-04-17): `);
    expect(report.image).toMatch(/daily-report-2020-04-17-[0-9a-f]{8}\.png$/);
    const png = fs.readFileSync(report.image!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('switched off, it stops: the next close passes without a decision', async () => {
    await autopilot.setEnabled(false);
    clock.set(Date.parse('2020-04-20T20:31:00Z'));
    await autopilot.tick();
    expect(refreshed).toEqual(['2020-04-16', '2020-04-17']);
    expect((await autopilot.status()).summary).toContain('switched off');
  });
});
