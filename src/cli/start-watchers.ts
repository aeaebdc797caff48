// The anomaly watchers of a running bot (composition): the process watch (outbox backlog, event-loop stalls, LLM
// failovers, counted through the metrics relay) and, with the trader, the trading watch (stuck day orders, equity
// moves past the daily limit, stale data under the autopilot), run by one loop every half minute.
import { OutboxStore } from '../engine/notify/outbox-store.ts';
import { ProcessWatch } from '../engine/anomaly/process-watch.ts';
import { TradingWatch } from '../engine/anomaly/trading-watch.ts';
import { WatchLoop } from '../engine/anomaly/watch-loop.ts';
import type { App } from '../main.ts';

export function startWatchers(app: App, opts: { chatPlatforms: boolean }): { loop: WatchLoop; stop(): Promise<void> } {
  const outbox = new OutboxStore(app.db.db);
  const processWatch = new ProcessWatch({
    reporter: app.anomalies.reporter,
    clock: app.clock,
    outboxBacklog: opts.chatPlatforms
      ? async () => {
          const c = await outbox.counts();
          return c.pending + c.sending;
        }
      : undefined,
  });
  processWatch.startLoopMonitor();
  if (app.config.anthropic) app.metrics.listen({ llmFailover: processWatch.llmFailover });
  const checks = [{ name: 'process', check: () => processWatch.check() }];
  const { trader, autopilot } = app;
  if (trader) {
    const trading = new TradingWatch({
      reporter: app.anomalies.reporter,
      clock: app.clock,
      trader,
      bars: app.bars,
      tradedSymbols: async () => (autopilot && (await autopilot.isEnabled()) ? autopilot.symbols() : null),
    });
    checks.push({ name: 'trading', check: () => trading.check() });
  }
  const loop = new WatchLoop(checks);
  loop.start();
  return {
    loop,
    async stop() {
      await loop.stop();
      processWatch.stop();
    },
  };
}
