// Watches what enters the bar store: the new bars of an import or a pull are checked against their history
// (bar-anomalies.ts), and a provider whose pulls fail three times in a row raises `provider-failing` (once per run of
// failures; a success starts the count again). Every failed pull is counted in the metrics.
import type { BarStore } from '../data/bar-store.ts';
import type { Timeframe } from '../data/bar.ts';
import type { AppMetrics } from '../metrics/app-metrics.ts';
import type { Clock } from '../clock.ts';
import type { Anomaly } from './anomaly.ts';
import type { AnomalyReporter } from './anomaly-reporter.ts';
import { findBarAnomalies, OUTLIER_HISTORY } from './bar-anomalies.ts';
import { newYorkDate } from '../../calendar/dates.ts';

export const PROVIDER_FAILURES_IN_A_ROW = 3;
const DAY_MS = 86_400_000;
/** Length of one bar, for how far back the history of new bars is read. */
const PERIOD_MS: Record<Timeframe, number> = { '1d': DAY_MS, '1wk': 7 * DAY_MS, '1mo': 31 * DAY_MS, '1h': 3_600_000, '1m': 60_000 };

/** What a pull tells its watcher (declared here, called from pull.ts). */
export interface PullWatch {
  pullFailed(provider: string, what: string, error: string): Promise<void>;
  pullSucceeded(provider: string): void;
  barsStored(symbol: string, timeframe: Timeframe, firstNewTime: number): Promise<Anomaly[]>;
}

export class DataWatch implements PullWatch {
  private readonly failures = new Map<string, { count: number; first: number; errors: string[] }>();

  constructor(private readonly d: { bars: BarStore; reporter: AnomalyReporter; metrics: AppMetrics; clock: Clock }) {}

  /** Checks the bars of `symbol` from `firstNewTime` on (history before it is read too); returns the anomalies newly raised. */
  async barsStored(symbol: string, timeframe: Timeframe, firstNewTime: number): Promise<Anomaly[]> {
    // Enough calendar time for OUTLIER_HISTORY earlier bars, with room for weekends, holidays and nights.
    const lookback = PERIOD_MS[timeframe] * OUTLIER_HISTORY * (timeframe === '1d' ? 1.6 : timeframe === '1h' || timeframe === '1m' ? 4 : 1.2) + 10 * DAY_MS;
    const bars = await this.d.bars.readBars(symbol, timeframe, { from: firstNewTime - lookback });
    let checkFrom = 0;
    while (checkFrom < bars.length && bars.time[checkFrom]! < firstNewTime) checkFrom++;
    return this.d.reporter.report(findBarAnomalies(symbol, timeframe, bars, checkFrom));
  }

  async pullFailed(provider: string, what: string, error: string): Promise<void> {
    this.d.metrics.providerError(provider);
    const now = this.d.clock.now();
    const run = this.failures.get(provider) ?? { count: 0, first: now, errors: [] };
    run.count++;
    run.errors.push(`${what}: ${error}`);
    this.failures.set(provider, run);
    if (run.count !== PROVIDER_FAILURES_IN_A_ROW) return;
    await this.d.reporter.report([
      {
        rule: 'provider-failing',
        key: `provider-failing:${provider}:${run.first}`,
        text: `${provider} failed ${run.count} pulls in a row since ${newYorkDate(run.first)} (last: ${run.errors.at(-1)}). Stored bars are not refreshed; check the key, the plan's limits and the provider's status.`,
      },
    ]);
  }

  pullSucceeded(provider: string): void {
    this.failures.delete(provider);
  }
}
