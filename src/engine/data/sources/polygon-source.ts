// Polygon aggregates (/v2/aggs/ticker/...), following next_url pages, under the free tier's 5 requests a minute.
import { z } from 'zod';
import type { BarRow, Timeframe } from '../bar.ts';
import { UserError } from '../../user-error.ts';
import { fetchJson } from './fetch-json.ts';
import type { MarketDataSource } from './market-data-source.ts';
import { ProviderHttpError, UnexpectedShapeError, parseAnswer, statusReason } from './provider-errors.ts';
import { logger } from '../../../log.ts';
import { sourceScheduler, type RateLimit, type RequestScheduler, type SourceRequestOptions } from './request-scheduler.ts';
import { newYorkDay } from '../../../calendar/dates.ts';

const log = logger('polygon');

export const POLYGON_DEFAULT_BASE_URL = 'https://api.polygon.io';
/** Polygon's free tier: 5 requests a minute. */
export const POLYGON_FREE_TIER: RateLimit = { requests: 5, intervalMs: 60_000 };

export interface PolygonOptions extends SourceRequestOptions {
  apiKey: string;
  /** POLYGON_BASE_URL; defaults to https://api.polygon.io. */
  baseUrl?: string;
  /** Safety bound on next_url pages for one request. */
  maxPages?: number;
}

const TIMESPANS: Record<Timeframe, string> = { '1d': 'day', '1wk': 'week', '1mo': 'month', '1h': 'hour', '1m': 'minute' };

const aggregateBar = z.object({
  t: z.number(),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
  vw: z.number().optional(),
  n: z.number().optional(),
});

const aggregatesAnswer = z.object({
  status: z.enum(['OK', 'DELAYED']),
  resultsCount: z.number().int().nonnegative(),
  // Polygon leaves `results` out when there is nothing in the window.
  results: z.array(aggregateBar).optional(),
  next_url: z.string().optional(),
});

export class PolygonSource implements MarketDataSource {
  readonly name = 'polygon' as const;
  private readonly apiKey: string;
  private readonly baseUrl: URL;
  private readonly scheduler: RequestScheduler;
  private readonly maxPages: number;
  private readonly fetchImpl?: typeof fetch;

  constructor(opts: PolygonOptions) {
    if (!opts.apiKey) throw new UserError('POLYGON_API_KEY is not set: Polygon needs a key');
    this.apiKey = opts.apiKey;
    this.baseUrl = new URL(opts.baseUrl ?? POLYGON_DEFAULT_BASE_URL);
    this.maxPages = opts.maxPages ?? 10_000;
    this.fetchImpl = opts.fetchImpl;
    this.scheduler = sourceScheduler('Polygon', opts, POLYGON_FREE_TIER, [opts.apiKey]);
  }

  /** The first page's URL, without the key. */
  private firstPageUrl(ticker: string, timeframe: Timeframe, from: string, to: string): URL {
    const path = `v2/aggs/ticker/${encodeURIComponent(ticker)}/range/1/${TIMESPANS[timeframe]}/${from}/${to}`;
    const url = new URL(path, this.baseUrl.href.endsWith('/') ? this.baseUrl : `${this.baseUrl.href}/`);
    url.searchParams.set('adjusted', 'true');
    url.searchParams.set('sort', 'asc');
    url.searchParams.set('limit', '50000');
    return url;
  }

  /** Polygon's next_url comes without the key; the key goes back on, but only to Polygon's own host. */
  private nextPageUrl(nextUrl: string): URL {
    let url: URL;
    try {
      url = new URL(nextUrl);
    } catch {
      throw new UnexpectedShapeError('Polygon', 'next_url', 'not a URL');
    }
    if (url.origin !== this.baseUrl.origin) {
      throw new UnexpectedShapeError('Polygon', 'next_url', `points to ${url.origin}, not ${this.baseUrl.origin}`);
    }
    return url;
  }

  private async getPage(url: URL): Promise<z.output<typeof aggregatesAnswer>> {
    const withKey = new URL(url);
    withKey.searchParams.set('apiKey', this.apiKey);
    const body = await this.scheduler.run(async () => {
      try {
        return await fetchJson(withKey.href, { provider: 'Polygon', secrets: [this.apiKey], fetchImpl: this.fetchImpl });
      } catch (error) {
        throw explain(error);
      }
    });
    return parseAnswer('Polygon', aggregatesAnswer, body);
  }

  async fetchBars(symbol: string, timeframe: Timeframe, from: string, to: string): Promise<BarRow[]> {
    const daily = timeframe === '1d' || timeframe === '1wk' || timeframe === '1mo';
    const rows: BarRow[] = [];
    let url: URL | null = this.firstPageUrl(symbol, timeframe, from, to);
    for (let page = 0; url; page++) {
      if (page >= this.maxPages) throw new UserError(`Polygon kept sending more pages (over ${this.maxPages}): narrow the dates`);
      const answer = await this.getPage(url);
      for (const r of answer.results ?? []) {
        // Daily t is midnight New York; we stamp a day at 00:00 UTC of its date.
        rows.push({ time: daily ? newYorkDay(r.t) : r.t, open: r.o, high: r.h, low: r.l, close: r.c, volume: r.v });
      }
      url = answer.next_url ? this.nextPageUrl(answer.next_url) : null;
    }
    return rows;
  }

  async close(): Promise<void> {
    await this.scheduler.stop();
  }
}

/** Polygon's refusals as lines a user can act on: our words for its status, never its own text (which can echo the request). */
function explain(error: unknown): unknown {
  if (!(error instanceof ProviderHttpError)) return error;
  const body = error.body as { error?: unknown; message?: unknown } | null;
  const said = typeof body?.error === 'string' ? body.error : typeof body?.message === 'string' ? body.message : '';
  log.warn({ status: error.status, said: said.slice(0, 300) }, 'Polygon refused a request');
  if (error.status === 401 || error.status === 403) return new UserError('the Polygon key was refused (POLYGON_API_KEY): check it, and that your plan covers this data');
  return new UserError(`Polygon refused the request (HTTP ${error.status}, ${statusReason(error.status)})`);
}
