// Trading anomalies, checked with the process's: a day order still open 15 minutes after its session closed (the
// broker should have filled or expired it), the account's equity moving more in a day than the daily loss limit
// (either way: a loss past it got through the halt; a gain that size is no normal day for the limits set), and a
// symbol the autopilot trades whose newest bar is more than STALE_AFTER_SESSIONS older than the last session.
import { isoDate, newYorkDate } from '../../calendar/dates.ts';
import { isSession, nextSession, sessionClose } from '../../calendar/nyse-sessions.ts';
import { dataAge } from '../data/data-age.ts';
import { pct } from '../../format.ts';
import type { Clock } from '../clock.ts';
import type { BarStore } from '../data/bar-store.ts';
import type { TraderService } from '../trader/trader-service.ts';
import type { Anomaly } from './anomaly.ts';
import type { AnomalyReporter } from './anomaly-reporter.ts';

export const STUCK_AFTER_CLOSE_MS = 15 * 60_000;

export interface TradingWatchDeps {
  reporter: AnomalyReporter;
  clock: Clock;
  trader: TraderService;
  bars: BarStore;
  /** The symbols the autopilot trades, or null while it is off. */
  tradedSymbols: () => Promise<string[] | null>;
}

export class TradingWatch {
  constructor(private readonly d: TradingWatchDeps) {}

  async check(): Promise<void> {
    const now = this.d.clock.now();
    const found = [...(await this.stuckOrders(now)), ...(await this.equityMove()), ...(await this.staleSymbols(now))];
    await this.d.reporter.report(found);
  }

  private async stuckOrders(now: number): Promise<Anomaly[]> {
    const found: Anomaly[] = [];
    for (const o of await this.d.trader.listOrders('open')) {
      if (o.timeInForce !== 'day') continue;
      const placed = newYorkDate(Date.parse(o.createdAt));
      const session = isSession(placed) && Date.parse(o.createdAt) < sessionClose(placed) ? placed : nextSession(placed);
      if (now < sessionClose(session) + STUCK_AFTER_CLOSE_MS) continue;
      found.push({
        rule: 'order-stuck',
        key: `order-stuck:${o.clientOrderId}`,
        text: `Order #${o.id} (${o.side} ${o.qty} ${o.symbol}, day) is still ${o.status} after the close of ${session}, when a day order ends. Check it at the broker (/orders, /cancel ${o.id}).`,
      });
    }
    return found;
  }

  private async equityMove(): Promise<Anomaly[]> {
    const [day, limits] = await Promise.all([this.d.trader.pnl('day'), this.d.trader.riskLimits()]);
    if (!(day.startEquity > 0) || Math.abs(day.changePct) <= limits.dailyLossLimit) return [];
    const way = day.changePct < 0 ? 'lost' : 'gained';
    return [
      {
        rule: 'equity-move',
        key: `equity-move:${day.to}`,
        text: `Equity ${way} ${pct(Math.abs(day.changePct), 1)} on ${day.to}, more than the daily loss limit of ${pct(limits.dailyLossLimit, 1)} allows for a day. Check the positions and the fills (/positions, /pnl day).`,
      },
    ];
  }

  private async staleSymbols(now: number): Promise<Anomaly[]> {
    const symbols = await this.d.tradedSymbols();
    if (!symbols) return [];
    const found: Anomaly[] = [];
    for (const symbol of symbols) {
      const t = await this.d.bars.lastBarTime(symbol, '1d');
      if (t === null) continue;
      // The rule every "now" answer uses (data-age.ts): more than STALE_AFTER_SESSIONS sessions behind.
      const age = dataAge(symbol, isoDate(t), now);
      if (!age.stale) continue;
      found.push({
        rule: 'stale-data',
        key: `stale-data:${symbol}:${age.asOf}`,
        text: `The autopilot trades ${symbol}, but its newest bar is of ${age.asOf}, ${age.sessionsBehind} sessions before the last session (${age.lastSession}): it decides on old prices. Configure a provider (POLYGON_API_KEY or Alpaca keys) or /pull ${symbol}.`,
      });
    }
    return found;
  }
}
