// Alpaca historical stock bars through @alpacahq/alpaca-trade-api v4 (GET /v2/stocks/bars), following page tokens.
import { Alpaca, ApiError, AuthError, FetchError, PermissionError, type marketData } from '@alpacahq/alpaca-trade-api';
import { z } from 'zod';
import type { BarRow, Timeframe } from '../bar.ts';
import { UserError } from '../../user-error.ts';
import type { MarketDataSource } from './market-data-source.ts';
import { TransientProviderError, UnexpectedShapeError, parseAnswer, statusReason } from './provider-errors.ts';
import { sourceScheduler, type RateLimit, type RequestScheduler, type SourceRequestOptions } from './request-scheduler.ts';
import { addDays, newYorkDay, newYorkMidnight } from '../../../calendar/dates.ts';
import { logger } from '../../../log.ts';

const log = logger('alpaca-data');

/** The SDK's built-in market-data host, which we rewrite to APCA_API_DATA_URL. */
const SDK_DATA_HOST = 'https://data.alpaca.markets';
/** Alpaca allows about 200 requests a minute per key. */
export const ALPACA_RATE_LIMIT: RateLimit = { requests: 200, intervalMs: 60_000 };
/** Alpaca's largest page of bars. */
const ALPACA_PAGE_LIMIT = 10_000;

export type AlpacaFeed = 'iex' | 'sip' | 'otc' | 'boats';

export interface AlpacaDataOptions extends SourceRequestOptions {
  keyId: string;
  secretKey: string;
  /** APCA_API_DATA_URL; defaults to https://data.alpaca.markets. */
  dataUrl?: string;
  /** `iex` (the free feed) unless the plan has more. */
  feed?: AlpacaFeed;
  /** `split` matches Polygon's adjusted=true; `all` also adjusts for dividends; `raw` none. */
  adjustment?: 'raw' | 'split' | 'dividend' | 'all';
  maxPages?: number;
}

const TIMEFRAMES: Record<Timeframe, string> = { '1d': '1Day', '1wk': '1Week', '1mo': '1Month', '1h': '1Hour', '1m': '1Min' };

// Alpaca's numbers can arrive as strings (exact decimals): take both, refuse anything else.
const numberLike = z.union([
  z.number(),
  z.string().regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'expected a number').transform(Number),
]);

const stockBar = z.object({
  t: z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an RFC-3339 time'),
  o: numberLike,
  h: numberLike,
  l: numberLike,
  c: numberLike,
  v: numberLike,
  n: numberLike.optional(),
  vw: numberLike.optional(),
});

const barsAnswer = z.object({
  bars: z.record(z.string(), z.array(stockBar).nullable()).nullable(),
  next_page_token: z.string().nullable().optional(),
});

export class AlpacaDataSource implements MarketDataSource {
  readonly name = 'alpaca' as const;
  private readonly stocks: marketData.StockApi;
  private readonly scheduler: RequestScheduler;
  private readonly feed: AlpacaFeed;
  private readonly adjustment: string;
  private readonly maxPages: number;
  private readonly dataUrl: string;

  constructor(opts: AlpacaDataOptions) {
    if (!opts.keyId || !opts.secretKey) {
      throw new UserError('APCA_API_KEY_ID and APCA_API_SECRET_KEY must both be set for Alpaca market data');
    }
    const dataUrl = (opts.dataUrl ?? SDK_DATA_HOST).replace(/\/+$/, '');
    this.dataUrl = dataUrl;
    const fetchImpl = opts.fetchImpl ?? fetch;
    const client = new Alpaca({
      keyId: opts.keyId,
      secret: opts.secretKey,
      paper: true,
      // Our scheduler owns retries and the rate limit, the same way for every provider.
      retry: false,
      rateLimit: false,
      // v4 has no base-URL option: point its market-data host at APCA_API_DATA_URL by rewriting each URL.
      middleware: [
        {
          pre: async ({ url, init }) => ({
            url: url.startsWith(SDK_DATA_HOST) ? dataUrl + url.slice(SDK_DATA_HOST.length) : url,
            init,
          }),
        },
      ],
      fetchApi: (url, init) => fetchImpl(url, init),
    });
    this.stocks = client.marketData.stocks;
    this.feed = opts.feed ?? 'iex';
    this.adjustment = opts.adjustment ?? 'split';
    this.maxPages = opts.maxPages ?? 10_000;
    this.scheduler = sourceScheduler('Alpaca', opts, ALPACA_RATE_LIMIT, [opts.keyId, opts.secretKey]);
  }

  private async getPage(request: marketData.StockBarsRequest): Promise<z.output<typeof barsAnswer>> {
    const body = await this.scheduler.run(async () => {
      try {
        const response = await this.stocks.stockBarsRaw(request);
        const text = await response.raw.text();
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new UnexpectedShapeError('Alpaca', '(the whole answer)', 'not JSON');
        }
      } catch (error) {
        throw explain(error, this.dataUrl);
      }
    });
    return parseAnswer('Alpaca', barsAnswer, body);
  }

  async fetchBars(symbol: string, timeframe: Timeframe, from: string, to: string): Promise<BarRow[]> {
    const daily = timeframe === '1d' || timeframe === '1wk' || timeframe === '1mo';
    // New York days from..to: the SDK wants Date objects (a string throws).
    const start = new Date(newYorkMidnight(from));
    const end = new Date(newYorkMidnight(addDays(to, 1)) - 1);
    const rows: BarRow[] = [];
    const seenTokens = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; ; page++) {
      if (page >= this.maxPages) throw new UserError(`Alpaca kept sending more pages (over ${this.maxPages}): narrow the dates`);
      const answer = await this.getPage({
        symbols: symbol,
        timeframe: TIMEFRAMES[timeframe],
        start,
        end,
        limit: ALPACA_PAGE_LIMIT,
        adjustment: this.adjustment,
        feed: this.feed,
        sort: 'asc',
        pageToken,
      });
      for (const b of answer.bars?.[symbol] ?? []) {
        const t = Date.parse(b.t);
        // Daily t is midnight New York; we stamp a day at 00:00 UTC of its date.
        rows.push({ time: daily ? newYorkDay(t) : t, open: b.o, high: b.h, low: b.l, close: b.c, volume: b.v });
      }
      const next = answer.next_page_token ?? undefined;
      if (!next) return rows;
      if (seenTokens.has(next)) throw new UnexpectedShapeError('Alpaca', 'next_page_token', 'repeats an earlier token');
      seenTokens.add(next);
      pageToken = next;
    }
  }

  async close(): Promise<void> {
    await this.scheduler.stop();
  }
}

/** The SDK's errors sorted into: retry (429, 5xx, network), a line for the user (refused key), or as they are. */
function explain(error: unknown, dataUrl: string): unknown {
  // Our words for the status; Alpaca's own text (which can echo the request) goes to the log only.
  if (error instanceof AuthError || error instanceof PermissionError) {
    log.warn({ said: error.message.slice(0, 300) }, 'Alpaca refused the key');
    return new UserError('the Alpaca key was refused (APCA_API_KEY_ID / APCA_API_SECRET_KEY): check both, and that they are for this endpoint');
  }
  if (error instanceof ApiError) {
    if (error.status === 429) return new TransientProviderError('HTTP 429 (rate limited)', error.retryAfterMs, 429);
    if (error.status >= 500) return new TransientProviderError(`HTTP ${error.status}`, undefined, error.status);
    log.warn({ status: error.status, said: error.message.slice(0, 300) }, 'Alpaca refused a request');
    return new UserError(`Alpaca refused the request (HTTP ${error.status}, ${statusReason(error.status)})`);
  }
  if (error instanceof FetchError) {
    // FetchError wraps fetch's TypeError, which wraps the socket error that says what happened.
    const cause = error.cause as { name?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
    const why = cause?.name === 'TimeoutError' ? 'timed out' : (cause?.cause?.code ?? cause?.cause?.message ?? cause?.message ?? error.message);
    return new TransientProviderError(`could not reach ${dataUrl}: ${why}`);
  }
  return error;
}
