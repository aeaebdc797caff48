// Polygon connector against a real loopback HTTP server speaking Polygon's aggregates JSON.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PolygonSource, type PolygonOptions } from '../../../../src/engine/data/sources/polygon-source.ts';
import { pullBars } from '../../../../src/engine/data/sources/pull.ts';
import { UnexpectedShapeError } from '../../../../src/engine/data/sources/provider-errors.ts';
import { UserError } from '../../../../src/engine/user-error.ts';
import { startPolygonFake, type PolygonFake } from '../../../fakes/polygon-server.ts';
import { MemoryBarSink } from './memory-sinks.ts';

const clockNow = () => Date.parse('2024-07-01T20:00:00Z');
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

let fake: PolygonFake;
let sources: PolygonSource[];

function polygon(extra: Partial<PolygonOptions> = {}): PolygonSource {
  const s = new PolygonSource({ apiKey: fake.apiKey, baseUrl: fake.url, rateLimit: null, retry: { baseDelayMs: 1, maxDelayMs: 4 }, ...extra });
  sources.push(s);
  return s;
}

beforeEach(async () => {
  fake = await startPolygonFake();
  sources = [];
});
afterEach(async () => {
  for (const s of sources) await s.close();
  await fake.close();
});

describe('Polygon aggregates', () => {
  it('follows next_url across several pages and stores every bar exactly once', async () => {
    fake.knobs.pageSize = 20;
    const sink = new MemoryBarSink();
    const result = await pullBars({ source: polygon(), sink, symbol: 'AAPL', timeframe: '1d', from: '2024-01-01', to: '2024-06-30', clockNow });

    // 124 NYSE sessions in the first half of 2024, 20 a page: 7 requests.
    expect(fake.requests.length).toBe(7);
    expect(result).toMatchObject({ source: 'polygon', fetched: 124, inserted: 124, updated: 0, unchanged: 0, rejected: [] });
    // Later pages come from next_url, which has no key: the key went back on every one.
    for (const r of fake.requests.slice(1)) {
      expect(r.query.cursor).toBeTruthy();
      expect(r.query.apiKey).toBe(fake.apiKey);
    }
    expect(fake.requests[0]!.path).toBe('/v2/aggs/ticker/AAPL/range/1/day/2024-01-01/2024-06-30');
    expect(fake.requests[0]!.query).toMatchObject({ adjusted: 'true', sort: 'asc', limit: '50000' });

    const stored = sink.bars('AAPL', '1d');
    expect(stored.length).toBe(124);
    expect(new Set(stored.map((b) => b.time)).size).toBe(124);
    expect(day(stored[0]!.time)).toBe('2024-01-02');
    expect(day(stored.at(-1)!.time)).toBe('2024-06-28');
    expect(stored.map((b) => day(b.time))).not.toContain('2024-01-15'); // Martin Luther King Jr. Day
    // Midnight New York became 00:00 UTC of the same date, prices untouched.
    const served = fake.aggregates('AAPL', '2024-01-01', '2024-06-30');
    expect(stored[0]).toEqual({ time: Date.parse('2024-01-02T00:00:00Z'), open: served[0]!.o, high: served[0]!.h, low: served[0]!.l, close: served[0]!.c, volume: served[0]!.v });
    expect(stored.at(-1)!.close).toBe(served.at(-1)!.c);
  });

  it('a second pull writes nothing new, and an incremental pull asks only for the days after the newest bar', async () => {
    const sink = new MemoryBarSink();
    const source = polygon();
    const first = await pullBars({ source, sink, symbol: 'MSFT', timeframe: '1d', from: '2024-01-01', to: '2024-03-31', clockNow });
    expect(first.inserted).toBe(61);

    const again = await pullBars({ source, sink, symbol: 'MSFT', timeframe: '1d', from: '2024-01-01', to: '2024-03-31', clockNow });
    expect(again).toMatchObject({ fetched: 61, inserted: 0, updated: 0, unchanged: 61 });

    const incremental = await pullBars({ source, sink, symbol: 'MSFT', timeframe: '1d', to: '2024-06-30', clockNow });
    expect(incremental.from).toBe('2024-03-29'); // the day after 2024-03-28, the last session of March (Good Friday closed)
    expect(fake.requests.at(-1)!.path).toBe('/v2/aggs/ticker/MSFT/range/1/day/2024-03-29/2024-06-30');
    expect(incremental).toMatchObject({ inserted: 63, updated: 0, unchanged: 0 });

    const nothingNew = await pullBars({ source, sink, symbol: 'MSFT', timeframe: '1d', to: '2024-06-30', clockNow });
    expect(nothingNew).toMatchObject({ fetched: 0, inserted: 0, updated: 0, unchanged: 0 });
    expect(sink.bars('MSFT', '1d').length).toBe(124);
  });

  it('waits the Retry-After a 429 names, then goes on', async () => {
    fake.knobs.rateLimitAnswers = 1;
    fake.knobs.retryAfterSeconds = 1;
    const warn = vi.fn();
    const sink = new MemoryBarSink();
    const result = await pullBars({ source: polygon({ log: { warn } }), sink, symbol: 'AAPL', timeframe: '1d', from: '2024-02-01', to: '2024-02-29', clockNow });
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(result.inserted).toBe(20);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatchObject({ provider: 'Polygon', status: 429, delayMs: 1000 });
  });

  it('refuses to wait longer than it is allowed, with one clear line', async () => {
    fake.knobs.rateLimitAnswers = 1;
    fake.knobs.retryAfterSeconds = 600;
    const pull = pullBars({ source: polygon(), sink: new MemoryBarSink(), symbol: 'AAPL', timeframe: '1d', from: '2024-02-01', to: '2024-02-29', clockNow });
    await expect(pull).rejects.toThrow(new UserError('Polygon asks to wait 600 s before the next request (rate limit): try again later'));
    expect(fake.requests.length).toBe(1);
  });

  it('retries 5xx answers and a cut connection with backoff, then succeeds', async () => {
    fake.knobs.serverErrors = 2;
    fake.knobs.droppedConnections = 1;
    const warn = vi.fn();
    const result = await pullBars({ source: polygon({ log: { warn } }), sink: new MemoryBarSink(), symbol: 'AAPL', timeframe: '1d', from: '2024-02-01', to: '2024-02-29', clockNow });
    expect(fake.requests.map((r) => r.status)).toEqual([0, 503, 503, 200]);
    expect(result.inserted).toBe(20);
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('gives up after its bounded tries with a line that names no key', async () => {
    fake.knobs.serverErrors = 100;
    const pull = pullBars({ source: polygon({ retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } }), sink: new MemoryBarSink(), symbol: 'AAPL', timeframe: '1d', from: '2024-02-01', to: '2024-02-29', clockNow });
    await expect(pull).rejects.toThrow(new UserError('Polygon did not answer after 3 tries (HTTP 503): try again later'));
    expect(fake.requests.length).toBe(3);
  });

  it('says the key was refused, once, without the key', async () => {
    const wrongKey = 'pk_live_WRONG_a1b2c3d4e5';
    const source = polygon({ apiKey: wrongKey });
    const error = await pullBars({ source, sink: new MemoryBarSink(), symbol: 'AAPL', timeframe: '1d', from: '2024-02-01', to: '2024-02-29', clockNow }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe('the Polygon key was refused (POLYGON_API_KEY): check it, and that your plan covers this data');
    expect((error as Error).message).not.toContain(wrongKey);
    expect((error as Error).stack).not.toContain(wrongKey);
    expect(fake.requests.length).toBe(1); // a refusal is not retried
  });

  it('rejects and reports impossible bars, and never stores them', async () => {
    fake.knobs.badBars = {
      '2024-02-05': { h: 1 }, // high below low
      '2024-02-06': { v: -500 }, // negative volume
      '2024-02-07': { o: -3, l: -3 }, // negative price
      '2024-02-08': { t: Date.parse('2031-01-02T05:00:00Z') }, // far outside the window
    };
    const sink = new MemoryBarSink();
    const result = await pullBars({ source: polygon(), sink, symbol: 'AAPL', timeframe: '1d', from: '2024-02-01', to: '2024-02-29', clockNow });
    expect(result.fetched).toBe(20);
    expect(result.inserted).toBe(16);
    expect(result.rejected.map((r) => [r.index, r.reason.split(' ')[0]])).toEqual([
      [2, 'high'],
      [3, 'volume'],
      [4, 'a'],
      [5, 'timestamp'],
    ]);
    expect(result.rejected[0]!.reason).toMatch(/^high 1 is below low \d+\.\d+$/);
    expect(result.rejected[1]!.reason).toBe('volume is negative');
    expect(result.rejected[2]!.reason).toBe('a price is zero or negative');
    expect(result.rejected[3]!.reason).toBe('timestamp 2031-01-02T00:00:00.000Z is outside the requested window');
    const days = sink.bars('AAPL', '1d').map((b) => day(b.time));
    for (const bad of ['2024-02-05', '2024-02-06', '2024-02-07', '2024-02-08', '2031-01-02']) expect(days).not.toContain(bad);
    expect(sink.calls.flatMap((c) => c.rows).length).toBe(16);
  });

  it('fails loudly, naming the field, when an answer has an unexpected shape', async () => {
    fake.knobs.badBars = { '2024-02-07': { c: undefined } };
    const sink = new MemoryBarSink();
    const error = await pullBars({ source: polygon(), sink, symbol: 'AAPL', timeframe: '1d', from: '2024-02-01', to: '2024-02-29', clockNow }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedShapeError);
    expect((error as UnexpectedShapeError).field).toBe('results[4].c');
    expect((error as Error).message).toMatch(/^Polygon answered with an unexpected shape: field "results\[4\]\.c": /);
    expect(sink.calls.length).toBe(0);
  });

  it('holds requests to the free tier, 5 a minute, by default', async () => {
    fake.knobs.pageSize = 10; // 124 bars: 13 pages
    const source = polygon({ rateLimit: undefined });
    const pull = pullBars({ source, sink: new MemoryBarSink(), symbol: 'AAPL', timeframe: '1d', from: '2024-01-01', to: '2024-06-30', clockNow });
    const settled = pull.then(
      () => 'done',
      () => 'stopped',
    );
    await vi.waitFor(() => expect(fake.requests.length).toBe(5));
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.requests.length).toBe(5); // the sixth waits for the next minute
    await source.close();
    expect(await settled).toBe('stopped');
  });
});
