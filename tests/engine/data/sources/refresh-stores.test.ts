// The autopilot's scheduled refresh against loopback Polygon and FRED servers: the traded symbols' new bars and the
// stored series' new observations come in, a second refresh brings nothing, and a failing provider is named
// without stopping the other pulls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../support/manual-clock.ts';
import { BarStore } from '../../../../src/engine/data/bar-store.ts';
import { SeriesStore } from '../../../../src/engine/data/series-store.ts';
import { FredSource } from '../../../../src/engine/data/sources/fred-source.ts';
import { PolygonSource } from '../../../../src/engine/data/sources/polygon-source.ts';
import { pullSeries } from '../../../../src/engine/data/sources/pull.ts';
import { createStoreRefresher } from '../../../../src/engine/data/sources/refresh-stores.ts';
import { startFredFake, type FredFake } from '../../../fakes/fred-server.ts';
import { startPolygonFake, type PolygonFake } from '../../../fakes/polygon-server.ts';
import { openTestDb, type TestDb } from '../../../support/test-db.ts';

let handle: TestDb;
let polygonFake: PolygonFake;
let fredFake: FredFake;
let polygon: PolygonSource;
let fred: FredSource;
let bars: BarStore;
let series: SeriesStore;
const clock = new ManualClock(Date.parse('2024-06-28T22:00:00Z'));

beforeAll(async () => {
  handle = await openTestDb();
  bars = new BarStore(handle.db);
  series = new SeriesStore(handle.db);
  polygonFake = await startPolygonFake();
  fredFake = await startFredFake({ lastDate: '2024-06-14' });
  polygon = new PolygonSource({ apiKey: polygonFake.apiKey, baseUrl: polygonFake.url, rateLimit: null, retry: { baseDelayMs: 1, maxDelayMs: 4 } });
  fred = new FredSource({ apiKey: fredFake.apiKey, baseUrl: fredFake.url, rateLimit: null, retry: { baseDelayMs: 1, maxDelayMs: 4, retries: 1 } });
  // DGS10 was pulled before, up to mid-June; FRED has since published two more weeks.
  await pullSeries({ fred, sink: series, seriesId: 'DGS10', from: '2024-01-01' });
  fredFake.knobs.lastDate = '2024-06-28';
}, 60_000);
afterAll(async () => {
  await polygon?.close();
  await fred?.close();
  await polygonFake?.close();
  await fredFake?.close();
  await handle?.close();
});

describe('the scheduled refresh', () => {
  it('is absent without any source', () => {
    expect(createStoreRefresher({}, { bars, series }, clock)).toBeUndefined();
  });

  it('pulls the symbols\' new bars and every stored series\' new observations, then nothing more', async () => {
    const refresh = createStoreRefresher({ bars: polygon, fred }, { bars, series }, clock)!;
    const stored = (await bars.summary()).find((s) => s.symbol === 'AAPL');
    expect(stored).toBeUndefined();
    const lines = await refresh(['AAPL']);
    const aapl = (await bars.summary()).find((s) => s.symbol === 'AAPL')!;
    expect(lines[0]).toBe(`AAPL: ${aapl.count} new bar(s) from polygon`);
    expect(aapl.last).toBe('2024-06-28');
    const expected = fredFake.observations('DGS10', '2024-06-15', '2024-06-28').length;
    expect(expected).toBeGreaterThan(0);
    expect(lines[1]).toMatch(new RegExp(`^DGS10: ${expected} new observation\\(s\\) from FRED`));
    expect((await series.summary()).find((s) => s.id === 'DGS10')!.last).toBe('2024-06-28');

    expect(await refresh(['AAPL'])).toEqual(['AAPL: 0 new bar(s) from polygon', 'DGS10: 0 new observation(s) from FRED']);
  });

  it('names a failing provider and still pulls from the others', async () => {
    clock.set(Date.parse('2024-07-02T22:00:00Z'));
    fredFake.knobs.lastDate = '2024-07-02';
    polygonFake.knobs.serverErrors = 50;
    const refresh = createStoreRefresher({ bars: polygon, fred }, { bars, series }, clock)!;
    await expect(refresh(['AAPL'])).rejects.toThrow(/^AAPL from polygon: .*\(1 other pull\(s\) went through\)$/);
    polygonFake.knobs.serverErrors = 0;
    expect((await series.summary()).find((s) => s.id === 'DGS10')!.last).toBe('2024-07-02');
  });
});
