// `/pull` from the chat: the same pulls as `mltrainer data pull`, through the configured providers, summarised in one
// line. A provider without its key, or a pull without its symbol or series, is a UserError saying what to set or add.
import type { Clock } from '../../clock.ts';
import { UserError } from '../../user-error.ts';
import type { BarStore } from '../bar-store.ts';
import type { SeriesStore } from '../series-store.ts';
import type { FredSource } from './fred-source.ts';
import type { MarketDataSource } from './market-data-source.ts';
import { pullBars, pullSeries } from './pull.ts';

/** The configured data providers (none without keys). */
export interface DataSources {
  polygon?: MarketDataSource;
  alpaca?: MarketDataSource;
  fred?: FredSource;
}

export interface PullRequest {
  source: string;
  symbol?: string;
  series?: string;
  from?: string;
  to?: string;
}

export class DataPullService {
  constructor(
    private readonly providers: DataSources,
    private readonly stores: { bars: BarStore; series: SeriesStore },
    private readonly clock: Clock,
  ) {}

  /** Names of the configured providers, e.g. ['polygon', 'fred']. */
  sources(): string[] {
    return Object.entries(this.providers)
      .filter(([, s]) => s)
      .map(([name]) => name);
  }

  async pull(req: PullRequest): Promise<string> {
    const { providers, stores } = this;
    if (req.source === 'fred') {
      if (!providers.fred) throw new UserError('FRED_API_KEY is not set: FRED needs a key');
      if (!req.series) throw new UserError('Which FRED series? For example /pull fred DGS10');
      const r = await pullSeries({ fred: providers.fred, sink: stores.series, seriesId: req.series.toUpperCase(), from: req.from, to: req.to });
      return `${r.seriesId} (${r.meta.title}): ${r.fetched} observations, ${r.missing} missing; ${r.inserted} new, ${r.updated} updated`;
    }
    const source = req.source === 'polygon' ? providers.polygon : req.source === 'alpaca' ? providers.alpaca : undefined;
    if (!source) throw new UserError(`${req.source} is not configured: set its key (see /status)`);
    if (!req.symbol) throw new UserError(`Which symbol? For example /pull ${req.source} AAPL`);
    const r = await pullBars({ source, sink: stores.bars, symbol: req.symbol.toUpperCase(), timeframe: '1d', from: req.from, to: req.to, clockNow: () => this.clock.now() });
    return `${r.symbol} from ${r.source}: ${r.fetched} bars${r.from ? ` ${r.from}..${r.to}` : ' (nothing newer)'}; ${r.inserted} new, ${r.updated} updated, ${r.rejected.length} rejected`;
  }
}
