// The watchers on a whole app: a pull of bars with a jump, a provider failing three pulls in a row, and a scheduler
// that was down over a session's close each raise exactly one anomaly alert (kind `anomaly`) and one count of its
// metric, and raising the same anomaly again does nothing.
import { describe, expect, it } from 'vitest';
import { watchedApps } from '../../support/watched-app.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { pullBars } from '../../../src/engine/data/sources/pull.ts';
import type { MarketDataSource } from '../../../src/engine/data/sources/market-data-source.ts';
import type { BarRow } from '../../../src/engine/data/bar.ts';
import { utcMidnight } from '../../../src/calendar/dates.ts';

const watchedApp = watchedApps();

/** A provider that answers with the given bars, or fails with `error`. */
function provider(answer: () => BarRow[]): MarketDataSource {
  return { name: 'polygon', fetchBars: async () => answer(), close: async () => undefined };
}

describe('anomaly watchers', () => {
  it('a pull whose new bar jumps 60% raises one return-outlier alert and metric; the same bars again raise nothing', async () => {
    const clock = new ManualClock(Date.parse('2020-04-22T12:00:00Z'));
    const { app, sent, counted } = await watchedApp(clock);
    // The next two sessions after the embedded SPX's last bar (2020-04-17, close 2874.56): a +60% jump, then flat.
    const bar = (date: string, close: number): BarRow => ({ time: utcMidnight(date), open: close, high: close * 1.001, low: close * 0.999, close, volume: 1 });
    const source = provider(() => [bar('2020-04-20', 2874.56 * 1.6), bar('2020-04-21', 2874.56 * 1.6)]);
    const r = await pullBars({ source, sink: app.bars, symbol: 'SPX', timeframe: '1d', clockNow: () => clock.now(), watch: app.anomalies.data });
    expect(r.inserted).toBe(2);
    expect(r.anomalies.map((a) => a.key)).toEqual(['outlier:SPX:1d:2020-04-20']);
    expect(sent.sent).toHaveLength(1);
    expect(sent.sent[0]!.message.kind).toBe('anomaly');
    expect(sent.sent[0]!.message.text).toMatch(/^Anomaly \(return-outlier\): SPX 1d 2020-04-20: the close moved \+60\.0% \(2,874\.56 to 4,599\.30\), 25\.3 robust standard deviations from its last 60 returns/);
    expect(counted).toEqual(['return-outlier']);
    // Pulled again from the start: stored unchanged, and the anomaly was raised already.
    await pullBars({ source, sink: app.bars, symbol: 'SPX', timeframe: '1d', from: '2020-04-20', clockNow: () => clock.now(), watch: app.anomalies.data });
    expect(sent.sent).toHaveLength(1);
    expect(counted).toHaveLength(1);
    expect((await app.anomalies.store.recent()).map((a) => a.rule)).toEqual(['return-outlier']);
  });

  it('a provider failing three pulls in a row raises one provider-failing; a success starts the count again', async () => {
    const clock = new ManualClock(Date.parse('2020-04-22T12:00:00Z'));
    const { app, sent, counted } = await watchedApp(clock);
    let fail = true;
    const source = provider(() => {
      if (fail) throw new Error('Polygon answered HTTP 503');
      return [];
    });
    const pull = () => pullBars({ source, sink: app.bars, symbol: 'SPX', timeframe: '1d', clockNow: () => clock.now(), watch: app.anomalies.data }).catch((e: Error) => e.message);
    expect(await pull()).toBe('Polygon answered HTTP 503');
    await pull();
    expect(sent.sent).toHaveLength(0);
    await pull();
    expect(sent.sent.map((s) => s.message.text)).toEqual([
      'Anomaly (provider-failing): polygon failed 3 pulls in a row since 2020-04-22 (last: SPX 1d: Polygon answered HTTP 503). Stored bars are not refreshed; check the key, the plan\'s limits and the provider\'s status.',
    ]);
    await pull(); // the fourth failure of the same run: no second alert
    fail = false;
    await pull();
    fail = true;
    clock.advance(3_600_000);
    for (let i = 0; i < 3; i++) await pull();
    expect(sent.sent).toHaveLength(2);
    expect(counted).toEqual(['provider-failing', 'provider-failing']);
  });

  it('a scheduler down over a session close raises one missed-run at the next start', async () => {
    // Tuesday 2020-04-21 10:00 New York: the tick beats; the process then stops until Thursday morning.
    const clock = new ManualClock(Date.parse('2020-04-21T14:00:00Z'));
    const { app, sent, counted } = await watchedApp(clock, true);
    await app.autopilot!.tick();
    clock.set(Date.parse('2020-04-23T13:00:00Z'));
    app.autopilot!.start();
    await app.autopilot!.tick();
    app.autopilot!.stop();
    const missed = sent.sent.filter((s) => s.message.kind === 'anomaly');
    expect(missed.map((s) => s.message.text)).toEqual([
      'Anomaly (missed-run): The scheduler did not run from 2020-04-21 14:00 UTC to 2020-04-23 13:00 UTC: the close of 2 sessions (2020-04-21..2020-04-22) was not marked or decided on time. The next tick catches up the latest session; check why the process was down.',
    ]);
    expect(counted).toEqual(['missed-run']);
  });

  it('a start with no beat missed raises nothing', async () => {
    const clock = new ManualClock(Date.parse('2020-04-21T14:00:00Z'));
    const { app, sent } = await watchedApp(clock, true);
    await app.autopilot!.tick();
    clock.advance(60_000);
    app.autopilot!.start();
    await app.autopilot!.tick();
    await app.autopilot!.stop();
    expect(sent.sent.filter((s) => s.message.kind === 'anomaly')).toEqual([]);
  });
});
