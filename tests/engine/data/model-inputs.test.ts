// Loading a model's inputs from the stores (the use case every chat and CLI model task runs through): bars plus the
// FRED series it needs, or exactly which series are missing and how to pull them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BarStore } from '../../../src/engine/data/bar-store.ts';
import { missingSeriesMessage, requiredSeries } from '../../../src/engine/data/model-inputs.ts';
import { loadModelData, loadUsableModelData } from '../../../src/engine/use-cases/model-data.ts';
import { SeriesStore } from '../../../src/engine/data/series-store.ts';
import { evaluateModel } from '../../../src/engine/evaluate/evaluate-model.ts';
import { getModel } from '../../../src/registry/catalog.ts';
import type { ExtraSeries } from '../../../src/registry/model.ts';
import { SERIES, syntheticObservations } from '../../fakes/synthetic-market.ts';
import { loadSpx, sliceBars } from '../../fixtures/spx.ts';
import { openTestDb, type TestDb } from '../../support/test-db.ts';

const ms = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const spx = loadSpx();
const first = spx.time.findIndex((t) => t >= ms('2006-01-01'));
const last = spx.time.findIndex((t) => t >= ms('2008-01-01'));
const bars = sliceBars(spx, first, last);

let handle: TestDb;
let barStore: BarStore;
let seriesStore: SeriesStore;

/** Stores a series of the fake FRED (its metadata, and its observations with "." kept as missing). */
async function storeFakeSeries(id: string, from: string, to: string): Promise<void> {
  const meta = SERIES[id]!;
  await seriesStore.upsertSeriesMeta({ id, title: meta.title, units: meta.units, frequency: meta.frequency, source: 'fred' });
  const rows = syntheticObservations(id, from, to).map((o) => ({ date: o.date, value: o.value === '.' ? null : Number(o.value) }));
  await seriesStore.upsertObservations(id, rows);
}

function fakeSeries(id: string, from: string, to: string): ExtraSeries {
  const rows = syntheticObservations(id, from, to);
  return { time: Float64Array.from(rows.map((r) => ms(r.date))), value: Float64Array.from(rows.map((r) => (r.value === '.' ? NaN : Number(r.value)))) };
}

beforeAll(async () => {
  handle = await openTestDb();
  barStore = new BarStore(handle.db);
  seriesStore = new SeriesStore(handle.db);
  const rows = Array.from({ length: bars.length }, (_, i) => ({
    time: bars.time[i]!,
    open: bars.open[i]!,
    high: bars.high[i]!,
    low: bars.low[i]!,
    close: bars.close[i]!,
    volume: bars.volume[i]!,
  }));
  await barStore.upsertBars('SPX', '1d', 'csv', rows);
  await storeFakeSeries('DGS10', '2004-01-01', '2007-12-31');
  await storeFakeSeries('UNRATE', '2004-01-01', '2007-12-31');
  // a series whose every observation is missing holds nothing a model can use
  await seriesStore.upsertSeriesMeta({ id: 'CPIAUCSL', title: SERIES.CPIAUCSL!.title, units: 'Index 1982-1984=100', frequency: 'Monthly', source: 'fred' });
  await seriesStore.upsertObservations('CPIAUCSL', [
    { date: '2007-01-01', value: null },
    { date: '2007-02-01', value: null },
  ]);
}, 60_000);
afterAll(async () => handle.close());

describe('requiredSeries', () => {
  it('names the FRED series of a model, and none for a price-only one', () => {
    expect(requiredSeries(getModel('yield-curve-regime-10y3m')!)).toEqual(['DGS10', 'DGS3MO']);
    expect(requiredSeries(getModel('growth-trend-timing-12-200')!)).toEqual(['UNRATE']);
    expect(requiredSeries(getModel('sma-cross-20-50')!)).toEqual([]);
  });
});

describe('missing series', () => {
  it('lists what the store lacks, counting a series with no value as missing', async () => {
    const ids = ['yield-curve-regime-10y3m', 'yield-curve-regime-10y2y', 'unemployment-trend-timing-12', 'real-rate-regime', 'buy-and-hold'];
    const loaded = await loadUsableModelData({ bars: barStore, series: seriesStore }, 'SPX', ids.map((id) => getModel(id)!));
    expect(loaded.usable.map((m) => m.id)).toEqual(['unemployment-trend-timing-12', 'buy-and-hold']);
    const reasons = Object.fromEntries(loaded.refused.map((r) => [r.model.id, r.reason]));
    expect(reasons['yield-curve-regime-10y3m']).toMatch(/DGS3MO is not in the store yet/);
    expect(reasons['yield-curve-regime-10y3m']).not.toMatch(/series DGS10`/);
    expect(reasons['yield-curve-regime-10y2y']).toMatch(/DGS2 is not in the store yet/);
    expect(reasons['real-rate-regime']).toMatch(/CPIAUCSL/);
  });

  it('says which series the model needs and how to pull them', () => {
    const model = getModel('yield-curve-regime-10y3m')!;
    expect(missingSeriesMessage(model, ['DGS10', 'DGS3MO'])).toBe(
      'yield-curve-regime-10y3m needs the FRED series DGS10 and DGS3MO; neither is in the store yet. Pull them with ' +
        '`mltrainer data pull --source fred --series DGS10` and `mltrainer data pull --source fred --series DGS3MO` ' +
        '(FRED_API_KEY must be set).',
    );
    expect(missingSeriesMessage(getModel('unemployment-trend-regime-12')!, ['UNRATE'])).toBe(
      'unemployment-trend-regime-12 needs the FRED series UNRATE; it is not in the store yet. Pull it with ' +
        '`mltrainer data pull --source fred --series UNRATE` (FRED_API_KEY must be set).',
    );
  });
});

describe('loadModelData', () => {
  const stores = () => ({ bars: barStore, series: seriesStore });

  it('reads the bars and every series the model needs, as stored, gaps as NaN', async () => {
    const model = getModel('unemployment-trend-timing-12')!;
    const loaded = await loadModelData(stores(), 'SPX', [model], { timeframe: '1d' });
    expect(loaded.bars.length).toBe(bars.length);
    expect(Array.from(loaded.bars.close)).toEqual(Array.from(bars.close));
    expect(Object.keys(loaded.series)).toEqual(['UNRATE']);
    const want = fakeSeries('UNRATE', '2004-01-01', '2007-12-31');
    expect(Array.from(loaded.series.UNRATE!.time)).toEqual(Array.from(want.time));
    expect(Array.from(loaded.series.UNRATE!.value)).toEqual(Array.from(want.value));
    // the model gives the same positions from the store as from the fake's series in memory
    const fromStore = model.run(loaded);
    expect(Array.from(fromStore)).toEqual(Array.from(model.run({ bars, series: { UNRATE: want } })));
    expect(fromStore.some((w) => w === 1)).toBe(true);
  });

  it('keeps FRED\'s missing days as NaN and still runs the model over them', async () => {
    await storeFakeSeries('DGS3MO', '2004-01-01', '2007-12-31');
    const model = getModel('yield-curve-timing-10y3m-1')!;
    const loaded = await loadModelData(stores(), 'SPX', [model]);
    const dgs10 = loaded.series.DGS10!;
    const christmas = Array.from(dgs10.time).indexOf(ms('2006-12-25'));
    expect(christmas).toBeGreaterThan(0);
    expect(dgs10.value[christmas]).toBeNaN();
    expect(dgs10.value[christmas - 1]).toBe(Number(syntheticObservations('DGS10', '2006-12-22', '2006-12-22')[0]!.value));
    const w = model.run(loaded);
    expect(w.length).toBe(bars.length);
    expect(w.every((x) => x === 0 || x === 1)).toBe(true);
    // an evaluation takes the loaded context as it is
    const result = evaluateModel(model, loaded);
    expect(result.modelId).toBe('yield-curve-timing-10y3m-1');
    expect(result.bars).toBe(bars.length - 1);
  });

  it('refuses with which series are missing and the command, instead of running on nothing', async () => {
    const model = getModel('yield-curve-regime-10y2y')!;
    await expect(loadModelData(stores(), 'SPX', [model])).rejects.toThrow(/DGS2.*mltrainer data pull --source fred --series DGS2/);
  });

  it('says when the symbol has no bars', async () => {
    await expect(loadModelData(stores(), 'QQQ', [getModel('sma-cross-20-50')!])).rejects.toThrow(/^There is no data for QQQ, so nothing was run\./);
  });

  it('loads a price-only model with no series', async () => {
    const loaded = await loadModelData(stores(), 'SPX', [getModel('sma-cross-20-50')!]);
    expect(loaded.series).toEqual({});
    expect(loaded.bars.length).toBe(bars.length);
  });
});
