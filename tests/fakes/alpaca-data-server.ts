// A loopback stand-in for Alpaca's market data API (GET /v2/stocks/bars and /v2/stocks/{symbol}/bars), speaking its
// documented JSON: key headers, bars keyed by symbol with t at midnight New York, next_page_token pages.
import { answerFault, noFaults, sendJson, startLoopbackServer, type FaultKnobs, type LoopbackServer } from './http-server.ts';
import type { FakeRequest } from './polygon-server.ts';
import { newYorkMidnightMs, syntheticBars } from './synthetic-market.ts';

export interface AlpacaBarJson {
  t: string;
  o: number | string;
  h: number | string;
  l: number | string;
  c: number | string;
  v: number | string;
  n: number;
  vw: number | string;
}

export interface AlpacaDataKnobs extends FaultKnobs {
  /** Bars per page at most (Alpaca's own cap is 10,000); small values force next_page_token pages. */
  pageSize: number;
  /** Send prices as decimal strings instead of JSON numbers. */
  numbersAsStrings: boolean;
  /** Fields merged into the bar of a date, e.g. {v: -5} or {c: undefined} to drop the field. */
  badBars: Record<string, Record<string, unknown>>;
}

export interface AlpacaDataFake extends LoopbackServer {
  keyId: string;
  secretKey: string;
  knobs: AlpacaDataKnobs;
  requests: FakeRequest[];
  /** The daily bars this fake serves for a symbol and window (New York dates), knobs applied. */
  bars(symbol: string, from: string, to: string): AlpacaBarJson[];
}

export interface AlpacaDataFakeOptions {
  keyId?: string;
  secretKey?: string;
  pageSize?: number;
}

const SINGLE = /^\/v2\/stocks\/([^/]+)\/bars$/;

export async function startAlpacaDataFake(opts: AlpacaDataFakeOptions = {}): Promise<AlpacaDataFake> {
  const keyId = opts.keyId ?? 'PKTESTKEYID000000001';
  const secretKey = opts.secretKey ?? 'alpaca-test-secret-abcdefghijklmnop';
  const knobs: AlpacaDataKnobs = { ...noFaults(), pageSize: opts.pageSize ?? 10_000, numbersAsStrings: false, badBars: {} };
  const requests: FakeRequest[] = [];

  const bars = (symbol: string, from: string, to: string): AlpacaBarJson[] =>
    syntheticBars(symbol, from, to).map((b) => {
      const num = (x: number): number | string => (knobs.numbersAsStrings ? String(x) : x);
      const bar = {
        t: new Date(newYorkMidnightMs(b.date)).toISOString().replace('.000Z', 'Z'),
        o: num(b.open),
        h: num(b.high),
        l: num(b.low),
        c: num(b.close),
        v: b.volume,
        n: b.trades,
        vw: num(b.vwap),
      };
      return { ...bar, ...knobs.badBars[b.date] } as AlpacaBarJson;
    });

  const server = await startLoopbackServer((req, res, url) => {
    const query = Object.fromEntries(url.searchParams);
    const log: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query, status: 0 };
    requests.push(log);
    const fault = answerFault(res, knobs, {
      rateLimited: { message: 'too many requests.' },
      serverError: { message: 'internal server error occurred' },
    });
    if (fault !== null) {
      log.status = fault;
      return;
    }
    const answer = (status: number, body: unknown): void => {
      log.status = status;
      sendJson(res, status, body);
    };
    if (req.headers['apca-api-key-id'] !== keyId || req.headers['apca-api-secret-key'] !== secretKey) {
      return answer(401, { code: 40110000, message: 'request is not authorized' });
    }
    const single = SINGLE.exec(url.pathname);
    if (url.pathname !== '/v2/stocks/bars' && !single) return answer(404, { code: 40410000, message: 'endpoint not found' });
    const symbols = single ? [decodeURIComponent(single[1]!)] : (query.symbols ?? '').split(',').filter(Boolean);
    if (symbols.length === 0) return answer(400, { code: 40010001, message: 'missing symbols' });
    if (query.timeframe !== '1Day') return answer(422, { code: 42210000, message: `this stand-in serves 1Day bars only, not ${query.timeframe}` });
    const limit = Number(query.limit ?? 1000);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return answer(422, { code: 42210000, message: 'invalid limit: must be between 1 and 10000' });
    const start = query.start ? Date.parse(query.start) : Date.parse('2016-01-01T00:00:00Z');
    const end = query.end ? Date.parse(query.end) : Date.parse('2030-12-31T23:59:59Z');
    if (!Number.isFinite(start) || !Number.isFinite(end)) return answer(422, { code: 42210000, message: 'invalid start or end: use RFC-3339' });
    const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

    // Sorted by symbol, then by time, as Alpaca pages them; the token is an opaque offset into that order.
    const all: Array<[string, AlpacaBarJson]> = [];
    for (const s of [...symbols].sort()) {
      for (const b of bars(s, day(start - 86_400_000), day(end + 86_400_000))) {
        const t = Date.parse(b.t);
        if (!Number.isFinite(t) || (t >= start && t <= end)) all.push([s, b]);
      }
    }
    const offset = query.page_token ? Number(Buffer.from(query.page_token, 'base64').toString().split(':')[1]) : 0;
    const size = Math.min(limit, knobs.pageSize);
    const page = all.slice(offset, offset + size);
    const nextToken = offset + size < all.length ? Buffer.from(`bars:${offset + size}`).toString('base64') : null;
    if (single) {
      return answer(200, { bars: page.map(([, b]) => b), symbol: symbols[0], next_page_token: nextToken });
    }
    const grouped: Record<string, AlpacaBarJson[]> = {};
    for (const [s, b] of page) (grouped[s] ??= []).push(b);
    answer(200, { bars: grouped, next_page_token: nextToken, currency: 'USD' });
  });

  return { ...server, keyId, secretKey, knobs, requests, bars };
}
