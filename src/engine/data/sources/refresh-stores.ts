// The scheduled refresh after a close: the traded symbols' daily bars from the configured market-data source, and
// every economic series already in the store from FRED (the models that read them then see the new observations).
// Each pull is incremental and idempotent; one failing pull is reported in its line and does not stop the others.
import type { Clock } from '../../clock.ts';
import type { BarSink } from '../bar.ts';
import type { SeriesStore } from '../series-store.ts';
import type { FredSource } from './fred-source.ts';
import type { MarketDataSource } from './market-data-source.ts';
import { pullBars, pullSeries } from './pull.ts';
import type { PullWatch } from '../../anomaly/data-watch.ts';

export interface RefreshSources {
  bars?: MarketDataSource;
  fred?: FredSource;
}

export interface RefreshStores {
  bars: BarSink;
  series: SeriesStore;
}

/** A refresher for the autopilot, or undefined when no source is configured (there is nothing to refresh from). */
export function createStoreRefresher(sources: RefreshSources, stores: RefreshStores, clock: Clock, watch?: PullWatch): ((symbols: string[]) => Promise<string[]>) | undefined {
  const { bars: barSource, fred } = sources;
  if (!barSource && !fred) return undefined;
  return async (symbols) => {
    const lines: string[] = [];
    const failures: string[] = [];
    if (barSource) {
      for (const symbol of symbols) {
        try {
          const r = await pullBars({ source: barSource, sink: stores.bars, symbol, timeframe: '1d', clockNow: () => clock.now(), watch });
          lines.push(`${symbol}: ${r.inserted} new bar(s) from ${barSource.name}${r.rejected.length ? `, ${r.rejected.length} rejected` : ''}`);
        } catch (err) {
          failures.push(`${symbol} from ${barSource.name}: ${(err as Error).message}`);
        }
      }
    }
    if (fred) {
      for (const s of await stores.series.summary()) {
        try {
          const r = await pullSeries({ fred, sink: stores.series, seriesId: s.id, watch });
          lines.push(`${s.id}: ${r.inserted} new observation(s) from FRED${r.missing ? `, ${r.missing} missing` : ''}`);
        } catch (err) {
          failures.push(`${s.id} from FRED: ${(err as Error).message}`);
        }
      }
    }
    // The loop alerts on a thrown refresh and decides on the stored data: say everything that failed at once.
    if (failures.length > 0) throw new Error(`${failures.join('; ')} (${lines.length} other pull(s) went through)`);
    return lines;
  };
}
