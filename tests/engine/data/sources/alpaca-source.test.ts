// Alpaca market-data connector (through @alpacahq/alpaca-trade-api v4) against a real loopback HTTP server.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AlpacaDataSource, type AlpacaDataOptions } from '../../../../src/engine/data/sources/alpaca-source.ts';
import { pullBars } from '../../../../src/engine/data/sources/pull.ts';
import { UnexpectedShapeError } from '../../../../src/engine/data/sources/provider-errors.ts';
import { UserError } from '../../../../src/engine/user-error.ts';
import { startAlpacaDataFake, type AlpacaDataFake } from '../../../fakes/alpaca-data-server.ts';
import { MemoryBarSink } from './memory-sinks.ts';

const clockNow = () => Date.parse('2024-07-01T20:00:00Z');
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

let fake: AlpacaDataFake;
let sources: AlpacaDataSource[];

function alpaca(extra: Partial<AlpacaDataOptions> = {}): AlpacaDataSource {
  const s = new AlpacaDataSource({
    keyId: fake.keyId,
    secretKey: fake.secretKey,
    dataUrl: fake.url,
    rateLimit: null,
    retry: { baseDelayMs: 1, maxDelayMs: 4 },
    ...extra,
  });
  sources.push(s);
  return s;
}

beforeEach(async () => {
  fake = await startAlpacaDataFake();
  sources = [];
});
afterEach(async () => {
  for (const s of sources) await s.close();
  await fake.close();
});

describe('Alpaca historical bars', () => {
  it('follows next_page_token across several pages and stores every bar exactly once', async () => {
    fake.knobs.pageSize = 30;
    const sink = new MemoryBarSink();
    const result = await pullBars({ source: alpaca(), sink, symbol: 'AAPL', timeframe: '1d', from: '2024-01-01', to: '2024-06-30', clockNow });

    expect(fake.requests.length).toBe(5); // 124 bars, 30 a page
    expect(fake.requests.map((r) => r.path)).toEqual(Array(5).fill('/v2/stocks/bars'));
    expect(fake.requests[0]!.query).toMatchObject({
      symbols: 'AAPL',
      timeframe: '1Day',
      feed: 'iex',
      adjustment: 'split',
      start: '2024-01-01T05:00:00.000Z', // midnight New York, as a Date the SDK serialised
      end: '2024-07-01T03:59:59.999Z',
    });
    expect(fake.requests[0]!.query.page_token).toBeUndefined();
    for (const r of fake.requests.slice(1)) expect(r.query.page_token).toBeTruthy();
    expect(result).toMatchObject({ source: 'alpaca', fetched: 124, inserted: 124, updated: 0, unchanged: 0, rejected: [] });

    const stored = sink.bars('AAPL', '1d');
    expect(new Set(stored.map((b) => b.time)).size).toBe(124);
    expect(day(stored[0]!.time)).toBe('2024-01-02');
    expect(day(stored.at(-1)!.time)).toBe('2024-06-28');
    const served = fake.bars('AAPL', '2024-01-01', '2024-06-30');
    expect(served[0]!.t).toBe('2024-01-02T05:00:00Z');
    expect(stored[0]).toEqual({ time: Date.parse('2024-01-02T00:00:00Z'), open: served[0]!.o, high: served[0]!.h, low: served[0]!.l, close: served[0]!.c, volume: served[0]!.v });
    // A summer date: t is 04:00 UTC then, still the same New York date.
    expect(served.find((b) => b.t.startsWith('2024-06-03'))!.t).toBe('2024-06-03T04:00:00Z');
    expect(stored.map((b) => day(b.time))).toContain('2024-06-03');
  });

  it('reads prices sent as decimal strings as the same numbers', async () => {
    fake.knobs.numbersAsStrings = true;
    const sink = new MemoryBarSink();
    await pullBars({ source: alpaca(), sink, symbol: 'IBM', timeframe: '1d', from: '2024-03-01', to: '2024-03-31', clockNow });
    const served = fake.bars('IBM', '2024-03-01', '2024-03-31');
    expect(typeof served[0]!.c).toBe('string');
    const stored = sink.bars('IBM', '1d');
    expect(stored.length).toBe(20);
    expect(stored[0]!.close).toBe(Number(served[0]!.c));
  });

  it('a second pull writes nothing new', async () => {
    const sink = new MemoryBarSink();
    const source = alpaca();
    const first = await pullBars({ source, sink, symbol: 'AAPL', timeframe: '1d', from: '2024-01-01', to: '2024-06-30', clockNow });
    expect(first.inserted).toBe(124);
    const second = await pullBars({ source, sink, symbol: 'AAPL', timeframe: '1d', to: '2024-06-30', clockNow });
    expect(second).toMatchObject({ from: '2024-06-29', fetched: 0, inserted: 0, updated: 0, unchanged: 0 });
    const same = await pullBars({ source, sink, symbol: 'AAPL', timeframe: '1d', from: '2024-01-01', to: '2024-06-30', clockNow });
    expect(same).toMatchObject({ inserted: 0, updated: 0, unchanged: 124 });
  });

  it('waits the Retry-After a 429 names, then goes on', async () => {
    fake.knobs.rateLimitAnswers = 1;
    fake.knobs.retryAfterSeconds = 1;
    const warn = vi.fn();
    const result = await pullBars({ source: alpaca({ log: { warn } }), sink: new MemoryBarSink(), symbol: 'AAPL', timeframe: '1d', from: '2024-02-01', to: '2024-02-29', clockNow });
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(result.inserted).toBe(20);
    expect(warn.mock.calls[0]![0]).toMatchObject({ provider: 'Alpaca', status: 429, delayMs: 1000 });
  });

  it('retries 5xx answers and a cut connection, then succeeds', async () => {
    fake.knobs.serverErrors = 2;
    fake.knobs.droppedConnections = 1;
    const result = await pullBars({ source: alpaca(), sink: new MemoryBarSink(), symbol: 'AAPL', timeframe: '1d', from: '2024-02-01', to: '2024-02-29', clockNow });
    expect(fake.requests.map((r) => r.status)).toEqual([0, 503, 503, 200]);
    expect(result.inserted).toBe(20);
  });

  it('says the key was refused, once, without the key or the secret', async () => {
    const wrongSecret = 'WRONG-secret-9f8e7d6c5b4a';
    const source = alpaca({ secretKey: wrongSecret });
    const error = await pullBars({ source, sink: new MemoryBarSink(), symbol: 'AAPL', timeframe: '1d', from: '2024-02-01', to: '2024-02-29', clockNow }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe("the Alpaca key was refused (APCA_API_KEY_ID / APCA_API_SECRET_KEY): check both, and that they are for this endpoint");
    expect((error as Error).message).not.toContain(wrongSecret);
    expect((error as Error).message).not.toContain(fake.keyId);
    expect(fake.requests.length).toBe(1);
  });

  it('rejects and reports impossible bars, and never stores them', async () => {
    fake.knobs.badBars = {
      '2024-02-05': { c: 99_999 }, // close above high
      '2024-02-06': { v: -1 },
      '2024-02-09': { t: '2024-02-08T05:00:00Z' }, // the previous session's stamp again
    };
    const sink = new MemoryBarSink();
    const result = await pullBars({ source: alpaca(), sink, symbol: 'AAPL', timeframe: '1d', from: '2024-02-01', to: '2024-02-29', clockNow });
    expect(result.fetched).toBe(20);
    expect(result.inserted).toBe(17);
    expect(result.rejected.map((r) => r.index)).toEqual([2, 3, 6]);
    expect(result.rejected[0]!.reason).toMatch(/^close 99999 is outside low\.\.high /);
    expect(result.rejected[1]!.reason).toBe('volume is negative');
    expect(result.rejected[2]!.reason).toBe('duplicate timestamp');
    const days = sink.bars('AAPL', '1d').map((b) => day(b.time));
    expect(days).not.toContain('2024-02-05');
    expect(days).not.toContain('2024-02-06');
    expect(days.filter((d) => d === '2024-02-08').length).toBe(1);
  });

  it('fails loudly, naming the field, when a bar has an unexpected shape', async () => {
    fake.knobs.badBars = { '2024-02-02': { h: 'n/a' } };
    const error = await pullBars({ source: alpaca(), sink: new MemoryBarSink(), symbol: 'AAPL', timeframe: '1d', from: '2024-02-01', to: '2024-02-29', clockNow }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedShapeError);
    expect((error as UnexpectedShapeError).field).toBe('bars.AAPL[1].h');
  });
});
