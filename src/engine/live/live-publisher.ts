// Publishes this instance's part of the live view every few seconds: the paper account and the autopilot's targets
// when they changed, and this instance's activity counters (messages answered, orders finished) every time, so
// readers can tell the rates of every instance. A failing Redis is logged, never thrown.
import { logger } from '../../log.ts';
import type { AutopilotService } from '../autopilot/autopilot-service.ts';
import type { AppMetrics } from '../metrics/app-metrics.ts';
import type { TraderService } from '../trader/trader-service.ts';
import type { LiveAccount, LiveAutopilot, LiveFeed, LiveKind } from './live-feed.ts';

const log = logger('live');
export const LIVE_PUBLISH_MS = 5_000;

export class LivePublisher {
  private readonly counters = { messages: 0, orders: 0 };
  private readonly last = new Map<LiveKind, string>();
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  /** Counts this instance's activity (the metrics relay calls it). */
  readonly listener: Partial<AppMetrics> = {
    messageHandled: () => void this.counters.messages++,
    orderFinished: () => void this.counters.orders++,
  };

  constructor(private readonly d: { feed: LiveFeed; trader?: TraderService; autopilot?: AutopilotService }) {}

  start(intervalMs = LIVE_PUBLISH_MS): void {
    this.timer ??= setInterval(() => void this.publishOnce(), intervalMs).unref();
    void this.publishOnce();
  }

  async publishOnce(): Promise<void> {
    this.running ??= this.publish()
      .catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'publishing the live view failed'))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async publish(): Promise<void> {
    const { trader, autopilot, feed } = this.d;
    if (trader) {
      const [b, positions] = await Promise.all([trader.balance(), trader.positions()]);
      const account: LiveAccount = {
        broker: b.broker,
        equity: b.equity,
        cash: b.cash,
        openPositions: b.openPositions,
        halted: b.halted,
        positions: positions.map((p) => ({ symbol: p.symbol, qty: p.qty, marketValue: p.marketValue })),
      };
      await this.publishChanged('account', account);
    }
    if (autopilot) {
      const status = await autopilot.status();
      const targets: LiveAutopilot['targets'] = [];
      for (const symbol of status.symbols) {
        const why = await autopilot.why(symbol);
        if (why) targets.push({ symbol, date: why.date, target: why.target, models: why.record.chosen.map((c) => c.id) });
      }
      await this.publishChanged('autopilot', { enabled: status.enabled, lastRun: status.lastRun, targets } satisfies LiveAutopilot);
    }
    await feed.publish('activity', { ...this.counters });
  }

  private async publishChanged(kind: LiveKind, value: object): Promise<void> {
    const json = JSON.stringify(value);
    if (this.last.get(kind) === json) return;
    await this.d.feed.publish(kind, value);
    this.last.set(kind, json);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.d.feed.close();
  }
}
