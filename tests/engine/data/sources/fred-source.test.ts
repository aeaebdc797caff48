// FRED connector against a real loopback HTTP server speaking FRED's JSON: metadata, observations with ".", errors.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FredSource, type FredOptions } from '../../../../src/engine/data/sources/fred-source.ts';
import { pullSeries } from '../../../../src/engine/data/sources/pull.ts';
import { UnexpectedShapeError } from '../../../../src/engine/data/sources/provider-errors.ts';
import { UserError } from '../../../../src/engine/user-error.ts';
import { startFredFake, type FredFake } from '../../../fakes/fred-server.ts';
import { MemorySeriesSink } from './memory-sinks.ts';

let fake: FredFake;
let sources: FredSource[];

function fred(extra: Partial<FredOptions> = {}): FredSource {
  const s = new FredSource({ apiKey: fake.apiKey, baseUrl: fake.url, rateLimit: null, retry: { baseDelayMs: 1, maxDelayMs: 4 }, ...extra });
  sources.push(s);
  return s;
}

beforeEach(async () => {
  fake = await startFredFake({ lastDate: '2024-12-31' });
  sources = [];
});
afterEach(async () => {
  for (const s of sources) await s.close();
  await fake.close();
});

describe('FRED series', () => {
  it('stores the metadata and keeps "." as missing, never as zero, across several pages', async () => {
    fake.knobs.pageSize = 50;
    fake.knobs.missingDates = { DGS10: ['2024-03-05'] };
    const sink = new MemorySeriesSink();
    const result = await pullSeries({ fred: fred(), sink, seriesId: 'DGS10', from: '2024-01-01', to: '2024-12-31' });

    expect(sink.meta.get('DGS10')).toEqual({
      id: 'DGS10',
      title: 'Market Yield on U.S. Treasury Securities at 10-Year Constant Maturity, Quoted on an Investment Basis',
      units: 'Percent',
      frequency: 'Daily',
      source: 'fred',
    });
    // 262 weekdays in 2024, 50 a page: one metadata request and 6 observation pages.
    expect(fake.requests.map((r) => r.path)).toEqual(['/fred/series', ...Array(6).fill('/fred/series/observations')]);
    expect(fake.requests.slice(1).map((r) => r.query.offset)).toEqual(['0', '50', '100', '150', '200', '250']);
    expect(fake.requests[1]!.query).toMatchObject({ series_id: 'DGS10', file_type: 'json', observation_start: '2024-01-01', observation_end: '2024-12-31' });

    const served = fake.observations('DGS10', '2024-01-01', '2024-12-31');
    const dots = served.filter((o) => o.value === '.').map((o) => o.date);
    // The ten market holidays that fall on weekdays, and the one the test asked for.
    expect(dots.length).toBe(11);
    expect(result).toMatchObject({ seriesId: 'DGS10', fetched: 262, inserted: 262, updated: 0, unchanged: 0, missing: 11, rejected: [] });

    const stored = sink.observations('DGS10');
    expect(stored.length).toBe(262);
    expect(stored.filter((o) => o.value === null).map((o) => o.date)).toEqual(dots);
    expect(stored.find((o) => o.date === '2024-01-15')!.value).toBeNull(); // Martin Luther King Jr. Day
    expect(stored.find((o) => o.date === '2024-03-05')!.value).toBeNull();
    expect(stored.some((o) => o.value === 0)).toBe(false);
    const jan16 = served.find((o) => o.date === '2024-01-16')!;
    expect(stored.find((o) => o.date === '2024-01-16')!.value).toBe(Number(jan16.value));
  });

  it('a second pull writes nothing new; a later one fetches only what is newer', async () => {
    const sink = new MemorySeriesSink();
    const source = fred();
    fake.knobs.lastDate = '2024-06-30';
    const first = await pullSeries({ fred: source, sink, seriesId: 'UNRATE', from: '2020-01-01' });
    expect(first).toMatchObject({ fetched: 54, inserted: 54 }); // monthly, 2020-01 .. 2024-06

    const second = await pullSeries({ fred: source, sink, seriesId: 'UNRATE' });
    expect(fake.requests.at(-1)!.query.observation_start).toBe('2024-06-02');
    expect(second).toMatchObject({ from: '2024-06-02', fetched: 0, inserted: 0, updated: 0, unchanged: 0 });

    fake.knobs.lastDate = '2024-09-30'; // three new months published
    const third = await pullSeries({ fred: source, sink, seriesId: 'UNRATE' });
    expect(third).toMatchObject({ fetched: 3, inserted: 3, updated: 0, unchanged: 0 });
    expect(sink.observations('UNRATE').at(-1)!.date).toBe('2024-09-01');
  });

  it('waits after a 429, and retries 5xx answers, then succeeds', async () => {
    fake.knobs.rateLimitAnswers = 1;
    fake.knobs.retryAfterSeconds = 0;
    fake.knobs.serverErrors = 1;
    const warn = vi.fn();
    const result = await pullSeries({ fred: fred({ log: { warn } }), sink: new MemorySeriesSink(), seriesId: 'CPIAUCSL', from: '2024-01-01', to: '2024-06-30' });
    // The metadata request met the 5xx, then the 429, then went through.
    expect(fake.requests.map((r) => r.status)).toEqual([503, 429, 200, 200]);
    expect(warn.mock.calls.map((c) => (c[0] as { status: number }).status)).toEqual([503, 429]);
    expect(warn.mock.calls[1]![0]).toMatchObject({ delayMs: 0 });
    expect(result).toMatchObject({ fetched: 6, inserted: 6, missing: 0 });
  });

  it('says the key was refused, without the key', async () => {
    const wrongKey = 'ffffffffffffffffffffffffffffffff';
    const error = await pullSeries({ fred: fred({ apiKey: wrongKey }), sink: new MemorySeriesSink(), seriesId: 'DGS10' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      // our words: FRED's own text echoes the request, so it stays in the log
      'the FRED key was refused (FRED_API_KEY): check it',
    );
    expect((error as Error).message).not.toContain(wrongKey);
    expect(fake.requests.length).toBe(1);
  });

  it('explains a series FRED does not have', async () => {
    const error = await pullSeries({ fred: fred(), sink: new MemorySeriesSink(), seriesId: 'NOSUCHSERIES' }).catch((e: unknown) => e);
    expect(error).toEqual(new UserError('FRED has no series NOSUCHSERIES (HTTP 400): check the series id'));
  });

  it('fails loudly, naming the field, on a value that is neither a number nor "."', async () => {
    fake.knobs.badValues = { DGS3MO: { '2024-01-04': 'N/A' } };
    const sink = new MemorySeriesSink();
    const error = await pullSeries({ fred: fred(), sink, seriesId: 'DGS3MO', from: '2024-01-01', to: '2024-01-31' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedShapeError);
    // 2024-01-01 ("."), 01-02, 01-03, then the bad 01-04.
    expect((error as UnexpectedShapeError).field).toBe('observations[3].value');
    expect(sink.observations('DGS3MO')).toEqual([]);
  });
});
