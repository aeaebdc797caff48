// A loopback stand-in for Polygon's aggregates API (/v2/aggs/ticker/{T}/range/1/day/{from}/{to}), speaking its
// documented JSON: apiKey in the query, next_url pages carrying a cursor but no key, 429/5xx/401 on request.
import { randomUUID } from 'node:crypto';
import { answerFault, noFaults, sendJson, startLoopbackServer, type FaultKnobs, type LoopbackServer } from './http-server.ts';
import { newYorkMidnightMs, syntheticBars } from './synthetic-market.ts';

export interface PolygonAggregate {
  t: number; // ms, midnight New York for a day
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  vw: number;
  n: number;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The status answered (0 for a cut connection). */
  status: number;
}

export interface PolygonKnobs extends FaultKnobs {
  /** Bars per page at most (Polygon's own cap is 50,000); small values force next_url pages. */
  pageSize: number;
  /** Fields merged into the bar of a date (symbol-independent), e.g. {h: 1} or {c: undefined} to drop the field. */
  badBars: Record<string, Record<string, unknown>>;
}

export interface PolygonFake extends LoopbackServer {
  apiKey: string;
  knobs: PolygonKnobs;
  requests: FakeRequest[];
  /** The bars this fake serves for a symbol and window, as Polygon JSON (bad-bar knobs applied). */
  aggregates(ticker: string, from: string, to: string): PolygonAggregate[];
}

export interface PolygonFakeOptions {
  apiKey?: string;
  pageSize?: number;
}

const ROUTE = /^\/v2\/aggs\/ticker\/([^/]+)\/range\/(\d+)\/([a-z]+)\/([^/]+)\/([^/]+)$/;

/** A path date: YYYY-MM-DD, or epoch ms as Polygon writes it in next_url. */
function pathTime(text: string): number | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return newYorkMidnightMs(text);
  if (/^\d+$/.test(text)) return Number(text);
  return null;
}

export async function startPolygonFake(opts: PolygonFakeOptions = {}): Promise<PolygonFake> {
  const apiKey = opts.apiKey ?? 'polygon-test-key-0123456789';
  const knobs: PolygonKnobs = { ...noFaults(), pageSize: opts.pageSize ?? 50_000, badBars: {} };
  const requests: FakeRequest[] = [];

  // Each served bar with its session's true stamp, which paging uses even when a knob spoils the bar's own `t`.
  const served = (ticker: string, from: string, to: string): Array<{ at: number; bar: PolygonAggregate }> =>
    syntheticBars(ticker, from, to).map((b) => {
      const at = newYorkMidnightMs(b.date);
      const bar: Record<string, unknown> = { v: b.volume, vw: b.vwap, o: b.open, c: b.close, h: b.high, l: b.low, t: at, n: b.trades };
      return { at, bar: { ...bar, ...knobs.badBars[b.date] } as unknown as PolygonAggregate };
    });
  const aggregates = (ticker: string, from: string, to: string): PolygonAggregate[] => served(ticker, from, to).map((s) => s.bar);

  const server = await startLoopbackServer((req, res, url) => {
    const query = Object.fromEntries(url.searchParams);
    const log: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query, status: 0 };
    requests.push(log);
    const requestId = randomUUID().replace(/-/g, '');
    const fault = answerFault(res, knobs, {
      rateLimited: {
        status: 'ERROR',
        request_id: requestId,
        error: "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing",
      },
      serverError: { status: 'ERROR', request_id: requestId, error: 'Internal server error' },
    });
    if (fault !== null) {
      log.status = fault;
      return;
    }
    const answer = (status: number, body: unknown): void => {
      log.status = status;
      sendJson(res, status, body);
    };
    if (!query.apiKey) {
      return answer(401, { status: 'ERROR', request_id: requestId, error: 'API Key was not provided' });
    }
    if (query.apiKey !== apiKey) return answer(401, { status: 'ERROR', request_id: requestId, error: 'Unknown API Key' });

    const m = ROUTE.exec(url.pathname);
    if (!m) return answer(404, { status: 'NOT_FOUND', request_id: requestId, message: 'Not found' });
    const [, rawTicker, multiplier, timespan, fromText, toText] = m as unknown as [string, string, string, string, string, string];
    const ticker = decodeURIComponent(rawTicker);
    const fromMs = pathTime(fromText);
    const toMs = pathTime(toText);
    if (fromMs === null || toMs === null) {
      return answer(400, { status: 'ERROR', request_id: requestId, error: 'Could not parse the time parameter: from/to must be YYYY-MM-DD or a ms timestamp' });
    }
    if (multiplier !== '1' || timespan !== 'day') {
      return answer(400, { status: 'ERROR', request_id: requestId, error: `this stand-in serves 1/day aggregates only, not ${multiplier}/${timespan}` });
    }
    // The cursor carries the first page's limit and sort, as Polygon's does.
    const cursor = query.cursor ? new URLSearchParams(Buffer.from(query.cursor, 'base64url').toString()) : null;
    const limit = Math.min(Number(cursor?.get('limit') ?? query.limit ?? 5000), 50_000, knobs.pageSize);
    const adjusted = (cursor?.get('adjusted') ?? query.adjusted ?? 'true') === 'true';
    const fromDate = new Date(fromMs - 5 * 3_600_000).toISOString().slice(0, 10);
    const toDate = new Date(toMs).toISOString().slice(0, 10);
    const all = served(ticker, fromDate, toDate).filter((s) => s.at >= fromMs && s.at <= toMs + 86_399_999);
    const page = all.slice(0, limit).map((s) => s.bar);
    const body: Record<string, unknown> = {
      ticker,
      queryCount: page.length,
      resultsCount: page.length,
      adjusted,
      status: 'OK',
      request_id: requestId,
      count: page.length,
    };
    if (page.length > 0) body.results = page;
    const next = all[limit];
    if (next) {
      const nextCursor = Buffer.from(`limit=${limit}&sort=asc&adjusted=${adjusted}`).toString('base64url');
      body.next_url = `${server.url}/v2/aggs/ticker/${encodeURIComponent(ticker)}/range/1/day/${next.at}/${toText}?cursor=${nextCursor}`;
    }
    answer(200, body);
  });

  return { ...server, apiKey, knobs, requests, aggregates };
}
