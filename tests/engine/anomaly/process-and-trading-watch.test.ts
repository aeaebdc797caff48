// The process and trading rules on crafted states: each raises exactly one alert and one count of its metric for
// an episode, and nothing while the state is normal.
import { describe, expect, it } from 'vitest';
import { watchedApps } from '../../support/watched-app.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { ProcessWatch, LLM_FAILOVERS_PER_HOUR } from '../../../src/engine/anomaly/process-watch.ts';
import { TradingWatch } from '../../../src/engine/anomaly/trading-watch.ts';

const watchedApp = watchedApps();

describe('process watch', () => {
  it('an outbox backlog growing for 5 minutes raises one alert; a shrinking one none', async () => {
    const clock = new ManualClock(Date.parse('2026-12-01T15:00:00Z'));
    const { app, texts, counted } = await watchedApp(clock);
    let backlog = 0;
    const watch = new ProcessWatch({ reporter: app.anomalies.reporter, clock, outboxBacklog: async () => backlog, loopLagSeconds: () => 0 });
    // Ten checks 30 s apart: 0, 3, 6, ... waiting rows.
    for (let i = 0; i <= 10; i++) {
      backlog = i * 3;
      await watch.check();
      if (i < 10) expect(texts()).toEqual([]);
      clock.advance(30_000);
    }
    expect(texts()).toEqual(['Anomaly (outbox-backlog): The alert outbox has grown for 5 minutes, from 0 to 30 waiting since 15:00 UTC: deliveries are failing or rate-limited. Check the platform\'s status and the log.']);
    for (let i = 0; i < 4; i++) {
      backlog += 1;
      await watch.check(); // still growing: the same episode
      clock.advance(30_000);
    }
    expect(counted).toEqual(['outbox-backlog']);
    // It drains: up and down is no growth.
    for (const b of [20, 25, 10, 12, 5, 9, 3, 4, 0, 2, 1]) {
      backlog = b;
      await watch.check();
      clock.advance(30_000);
    }
    expect(counted).toEqual(['outbox-backlog']);
  });

  it('an event-loop stall above 1 s raises one alert in its hour', async () => {
    const clock = new ManualClock(Date.parse('2026-12-01T15:00:00Z'));
    const { app, texts, counted } = await watchedApp(clock);
    let lag = 0.3;
    const watch = new ProcessWatch({ reporter: app.anomalies.reporter, clock, loopLagSeconds: () => lag });
    await watch.check();
    lag = 2.4;
    await watch.check();
    clock.advance(60_000);
    await watch.check();
    expect(texts()).toEqual(['Anomaly (event-loop-lag): The event loop stalled for 2.4 s (alert above 1 s) before 15:00 UTC: chats waited that long for any answer. Check the log for a heavy request run on the main thread.']);
    expect(counted).toEqual(['event-loop-lag']);
  });

  it(`more than ${LLM_FAILOVERS_PER_HOUR} LLM failovers within an hour raise one alert`, async () => {
    const clock = new ManualClock(Date.parse('2026-12-01T15:00:00Z'));
    const { app, texts, counted } = await watchedApp(clock);
    const watch = new ProcessWatch({ reporter: app.anomalies.reporter, clock, loopLagSeconds: () => 0 });
    app.metrics.listen({ llmFailover: watch.llmFailover });
    for (let i = 0; i < LLM_FAILOVERS_PER_HOUR; i++) {
      app.metrics.llmFailover();
      clock.advance(60_000);
    }
    await watch.check();
    expect(texts()).toEqual([]);
    app.metrics.llmFailover();
    await watch.check();
    await watch.check();
    expect(texts()).toEqual([`Anomaly (llm-failover): The language model failed ${LLM_FAILOVERS_PER_HOUR + 1} times in the last hour (alert above ${LLM_FAILOVERS_PER_HOUR}); the offline understander answered instead. Check ANTHROPIC_API_KEY, the model name and Anthropic's status.`]);
    expect(counted).toEqual(['llm-failover']);
  });
});

describe('trading watch', () => {
  it('a day order open 15 minutes past its session close raises one order-stuck', async () => {
    // Monday 2020-04-20, 11:00 New York: a limit far below the market stays open.
    const clock = new ManualClock(Date.parse('2020-04-20T15:00:00Z'));
    const { app, texts, counted } = await watchedApp(clock, true);
    const placed = await app.trader!.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'limit', limitPrice: 1000, timeInForce: 'day', decisionKey: 'test:stuck', confirmed: true });
    const watch = new TradingWatch({ reporter: app.anomalies.reporter, clock, trader: app.trader!, bars: app.bars, tradedSymbols: async () => null });
    await watch.check();
    clock.set(Date.parse('2020-04-20T20:10:00Z')); // 16:10 New York: not yet 15 minutes past the close
    await watch.check();
    expect(texts()).toEqual([]);
    clock.set(Date.parse('2020-04-20T20:20:00Z'));
    await watch.check();
    await watch.check();
    const id = 'order' in placed && placed.order ? placed.order.id : NaN;
    expect(texts()).toEqual([`Anomaly (order-stuck): Order #${id} (buy 1 SPX, day) is still accepted after the close of 2020-04-20, when a day order ends. Check it at the broker (/orders, /cancel ${id}).`]);
    expect(counted).toEqual(['order-stuck']);
  });

  it('a symbol the autopilot trades with a newest bar 3+ sessions old raises one stale-data; off, nothing', async () => {
    const clock = new ManualClock(Date.parse('2020-04-24T21:00:00Z')); // Friday evening; SPX ends 2020-04-17
    const { app, texts, counted } = await watchedApp(clock, true);
    let traded: string[] | null = null;
    const watch = new TradingWatch({ reporter: app.anomalies.reporter, clock, trader: app.trader!, bars: app.bars, tradedSymbols: async () => traded });
    await watch.check();
    traded = ['SPX'];
    await watch.check();
    await watch.check();
    expect(texts()).toEqual(['Anomaly (stale-data): The autopilot trades SPX, but its newest bar is of 2020-04-17, 5 sessions before the last session (2020-04-24): it decides on old prices. Configure a provider (POLYGON_API_KEY or Alpaca keys) or /pull SPX.']);
    expect(counted).toEqual(['stale-data']);
  });
});

describe('trading watch: equity move', () => {
  /** A trader in a crafted state: the day's P&L and the daily loss limit, nothing open. */
  const trader = (changePct: number) =>
    ({
      listOrders: async () => [],
      pnl: async () => ({ period: 'day', from: '2020-04-20', to: '2020-04-20', startEquity: 100_000, endEquity: 100_000 * (1 + changePct), change: 100_000 * changePct, changePct }),
      riskLimits: async () => ({ dailyLossLimit: 0.03 }),
    }) as unknown as import('../../../src/engine/trader/trader-service.ts').TraderService;

  it('a day moving more than the daily loss limit raises one equity-move; within it, none', async () => {
    const clock = new ManualClock(Date.parse('2020-04-20T21:00:00Z'));
    const { app, texts, counted } = await watchedApp(clock);
    const check = (pct: number) => new TradingWatch({ reporter: app.anomalies.reporter, clock, trader: trader(pct), bars: app.bars, tradedSymbols: async () => null }).check();
    await check(-0.029);
    await check(0.02);
    expect(texts()).toEqual([]);
    await check(-0.052);
    await check(-0.06);
    expect(texts()).toEqual(['Anomaly (equity-move): Equity lost 5.2% on 2020-04-20, more than the daily loss limit of 3.0% allows for a day. Check the positions and the fills (/positions, /pnl day).']);
    expect(counted).toEqual(['equity-move']);
  });
});
