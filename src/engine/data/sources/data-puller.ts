// `/pull` from the chat: the same pulls as `mltrainer data pull`, through the configured providers, summarised in one
// line. A provider without its key, or a pull without its symbol or series, is a UserError saying what to set or add.
import type { Clock } from '../../clock.ts';
import { UserError } from '../../user-error.ts';
import type { BarStore } from '../bar-store.ts';
import type { SeriesStore } from '../series-store.ts';
import type { FredSource } from './fred-source.ts';
import type { MarketDataSource } from './market-data-source.ts';
import { pullBars, pullSeries } from './pull.ts';
import type { PullWatch } from '../../anomaly/data-watch.ts';
import { addDays, isoDate, newYorkDate } from '../../../calendar/dates.ts';

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

/** A provider's newest daily close of a symbol: what `/quote` shows when a provider is configured. */
export interface ProviderQuote {
  symbol: string;
  /** The provider it came from ("alpaca", "polygon"). */
  source: string;
  close: number;
  /** The date of the bar it closes (a New York date). */
  date: string;
}

/** How far back a quote looks for the newest daily bar (covers long weekends and holidays). */
const QUOTE_LOOKBACK_DAYS = 10;

export class DataPullService {
  constructor(
    private readonly providers: DataSources,
    private readonly stores: { bars: BarStore; series: SeriesStore },
    private readonly clock: Clock,
    /** Checks what the pulls store and counts their failures (anomaly alerts); absent in some tests. */
    private readonly watch?: PullWatch,
  ) {}

  /** Names of the configured providers, e.g. ['polygon', 'fred']. */
  sources(): string[] {
    return Object.entries(this.providers)
      .filter(([, s]) => s)
      .map(([name]) => name);
  }

  /**
   * The newest daily close of `symbol` from the configured bar providers (Alpaca first, then Polygon), read and not
   * stored; null without a provider. A provider that fails is skipped for the next, and its error kept for the answer.
   */
  async quote(symbol: string): Promise<{ quote: ProviderQuote | null; failures: string[] }> {
    const today = newYorkDate(this.clock.now());
    const from = addDays(today, -QUOTE_LOOKBACK_DAYS);
    const failures: string[] = [];
    for (const [name, source] of [['alpaca', this.providers.alpaca], ['polygon', this.providers.polygon]] as const) {
      if (!source) continue;
      try {
        const bars = await source.fetchBars(symbol, '1d', from, today);
        const last = bars.filter((b) => Number.isFinite(b.close) && b.close > 0).at(-1);
        if (last) return { quote: { symbol, source: name, close: last.close, date: isoDate(last.time) }, failures };
        failures.push(`${name} has no ${symbol} bar since ${from}`);
      } catch (err) {
        failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { quote: null, failures };
  }

  async pull(req: PullRequest): Promise<string> {
    const { providers, stores } = this;
    if (req.source === 'fred') {
      if (!providers.fred) throw new UserError('FRED_API_KEY is not set: FRED needs a key');
      if (!req.series) throw new UserError('Which FRED series? For example /pull fred DGS10');
      const r = await pullSeries({ fred: providers.fred, sink: stores.series, seriesId: req.series.toUpperCase(), from: req.from, to: req.to, watch: this.watch });
      return `${r.seriesId} (${r.meta.title}): ${r.fetched} observations, ${r.missing} missing; ${r.inserted} new, ${r.updated} updated`;
    }
    const source = req.source === 'polygon' ? providers.polygon : req.source === 'alpaca' ? providers.alpaca : undefined;
    if (!source) throw new UserError(`${req.source} is not configured: set its key (see /status)`);
    if (!req.symbol) throw new UserError(`Which symbol? For example /pull ${req.source} AAPL`);
    const r = await pullBars({ source, sink: stores.bars, symbol: req.symbol.toUpperCase(), timeframe: '1d', from: req.from, to: req.to, clockNow: () => this.clock.now(), watch: this.watch });
    const anomalies = r.anomalies.map((a) => `\nAnomaly (${a.rule}): ${a.text}`).join('');
    return `${r.symbol} from ${r.source}: ${r.fetched} bars${r.from ? ` ${r.from}..${r.to}` : ' (nothing newer)'}; ${r.inserted} new, ${r.updated} updated, ${r.rejected.length} rejected${anomalies}`;
  }
}
