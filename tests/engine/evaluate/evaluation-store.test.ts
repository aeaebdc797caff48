// The evaluation store on a real test database: results of real models on SPX stored, read back, ranked and resumed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataHash } from '../../../src/engine/evaluate/data-hash.ts';
import { evaluateModel, type EvaluationResult } from '../../../src/engine/evaluate/evaluate-model.ts';
import { EvaluationStore, type EvaluationRecord } from '../../../src/engine/evaluate/evaluation-store.ts';
import { UserError } from '../../../src/engine/user-error.ts';
import { getModel } from '../../../src/registry/catalog.ts';
import { loadSpx, sliceBars } from '../../fixtures/spx.ts';
import { openTestDb, type TestDb } from '../../support/test-db.ts';

const spx = loadSpx();
const hash = dataHash(spx);
const IDS = ['buy-and-hold', 'sma-cross-20-50', 'rsi-14-30-70', 'momentum-252', 'ewma-vol-94', 'var-hist-99-250'];
const results = new Map<string, EvaluationResult>(IDS.map((id) => [id, evaluateModel(getModel(id)!, spx, { keepPredictions: true })]));

function record(id: string, r: EvaluationResult = results.get(id)!, h = hash): EvaluationRecord {
  return { modelId: id, symbol: 'SPX', timeframe: '1d', from: r.from, to: r.to, dataHash: h, output: r.output, bars: r.bars, metrics: r.metrics, seconds: 0.01 };
}

let db: TestDb;
let store: EvaluationStore;
beforeAll(async () => {
  db = await openTestDb();
  store = new EvaluationStore(db.db);
  await store.save(IDS.map((id) => record(id)));
});
afterAll(async () => {
  await db?.close();
});

describe('dataHash', () => {
  it('names the count and dates, and changes when any bar changes', () => {
    expect(hash).toMatch(/^5105-2000-01-03-2020-04-17-[0-9a-f]{16}$/);
    expect(dataHash(loadSpx())).toBe(hash);
    const corrected = { ...spx, high: Float64Array.from(spx.high) };
    corrected.high[2000] = corrected.high[2000]! + 0.01;
    expect(dataHash(corrected)).not.toBe(hash);
    expect(dataHash(sliceBars(spx, 0, 5104))).toMatch(/^5104-2000-01-03-2020-04-16-/);
  });
});

describe('EvaluationStore', () => {
  it('reads back what was stored, with undefined metrics as null', async () => {
    const [bh] = await store.forModel('buy-and-hold');
    // Buy-and-hold scored from bar 1: the first order fills at the open of bar 2 and is held to the last close.
    expect(bh!.metrics.totalReturn).toBeCloseTo(spx.close[5104]! / spx.open[2]! - 1, 12);
    expect(bh).toMatchObject({ symbol: 'SPX', timeframe: '1d', from: '2000-01-04', to: '2020-04-17', bars: 5104, output: 'position', dataHash: hash });
    expect(bh!.metrics).toEqual(results.get('buy-and-hold')!.metrics);

    const flat = sliceBars(spx, 0, 300);
    const r = evaluateModel(getModel('ewma-vol-94')!, flat, { fromIndex: 290 });
    await store.save([{ ...record('ewma-vol-94', r, dataHash(flat)), metrics: { ...r.metrics, qlike: NaN } }]);
    const rows = await store.forModel('ewma-vol-94');
    expect(rows).toHaveLength(1); // the newest of the model on SPX 1d
    expect(rows[0]!.metrics.qlike).toBeNull();
    expect(rows[0]!.to).toBe('2001-03-12'); // the 300th SPX bar
    // The full-history row is still there for its own fingerprint, and a fresh save of it makes it the newest again.
    expect(await store.has({ modelId: 'ewma-vol-94', symbol: 'SPX', timeframe: '1d', dataHash: hash })).toBe(true);
    await store.save([record('ewma-vol-94')]);
    expect((await store.forModel('ewma-vol-94'))[0]!.to).toBe('2020-04-17');
  });

  it('knows what was evaluated on which data', async () => {
    expect(await store.has({ modelId: 'rsi-14-30-70', symbol: 'SPX', timeframe: '1d', dataHash: hash, from: '2000-01-25', to: '2020-04-17' })).toBe(true);
    expect(await store.has({ modelId: 'rsi-14-30-70', symbol: 'SPX', timeframe: '1d', dataHash: hash, to: '2020-04-16' })).toBe(false);
    expect(await store.has({ modelId: 'rsi-14-30-70', symbol: 'SPX', timeframe: '1d', dataHash: 'other' })).toBe(false);
    expect(await store.has({ modelId: 'rsi-14-30-70', symbol: 'SPX', timeframe: '1wk', dataHash: hash })).toBe(false);
    expect([...(await store.evaluatedModels('SPX', '1d', hash))].sort()).toEqual([...IDS].sort());
  });

  it('ranks by Sharpe highest first, by drawdown lowest first, and only the outputs that carry the metric', async () => {
    const bySharpe = await store.leaderboard({ symbol: 'SPX', metric: 'sharpe' });
    const positions = IDS.filter((id) => results.get(id)!.output === 'position');
    const expected = [...positions].sort((a, b) => results.get(b)!.metrics.sharpe! - results.get(a)!.metrics.sharpe!);
    expect(bySharpe.rows.map((r) => r.modelId)).toEqual(expected);
    expect(expected[0]).toBe('momentum-252');
    expect(bySharpe.rows[0]).toMatchObject({ rank: 1, value: results.get('momentum-252')!.metrics.sharpe });
    expect(bySharpe.measured).toBe(4);

    const byDrawdown = await store.leaderboard({ symbol: 'SPX', metric: 'maxDrawdown', limit: 2 });
    expect(byDrawdown.lowerIsBetter).toBe(true);
    expect(byDrawdown.measured).toBe(4);
    expect(byDrawdown.rows.map((r) => r.modelId)).toEqual(
      [...positions].sort((a, b) => results.get(a)!.metrics.maxDrawdown! - results.get(b)!.metrics.maxDrawdown!).slice(0, 2),
    );

    const byQlike = await store.leaderboard({ symbol: 'SPX', metric: 'qlike' });
    expect(byQlike.rows.map((r) => [r.modelId, r.output])).toEqual([['ewma-vol-94', 'volatility']]);
    const byKupiec = await store.leaderboard({ metric: 'kupiecPValue' });
    expect(byKupiec.rows[0]!.value).toBeCloseTo(results.get('var-hist-99-250')!.metrics.kupiecPValue!, 15);

    expect((await store.leaderboard({ symbol: 'AAPL' })).rows).toEqual([]);
    await expect(store.leaderboard({ metric: 'luck' })).rejects.toThrow(UserError);
  });

  it('keeps the newest out-of-sample predictions with their realized outcomes, replacing older ones', async () => {
    const r = results.get('ewma-vol-94')!;
    const key = { modelId: 'ewma-vol-94', symbol: 'SPX', timeframe: '1d', output: 'volatility' as const };
    expect(await store.savePredictions(key, spx, r.predictions!, { fromIndex: r.fromIndex, keep: 252 })).toBe(252);
    const kept = await store.predictionsOf('ewma-vol-94', 'SPX');
    expect(kept).toHaveLength(252);
    expect(kept[251]).toEqual({ date: '2020-04-17', value: r.predictions![5104], outcome: null });
    // The forecast made after 2020-04-16's close is judged by the absolute return of 2020-04-17.
    expect(kept[250]!.date).toBe('2020-04-16');
    expect(kept[250]!.outcome).toBeCloseTo(Math.abs(spx.close[5104]! / spx.close[5103]! - 1), 15);
    expect(kept[0]!.date).toBe('2019-04-18');

    await store.savePredictions(key, spx, r.predictions!, { fromIndex: r.fromIndex, toIndex: 5000, keep: 10 });
    const replaced = await store.predictionsOf('ewma-vol-94', 'SPX');
    expect(replaced.map((p) => p.date)).toHaveLength(10);
    expect(replaced[9]!.outcome).toBeCloseTo(Math.abs(spx.close[5001]! / spx.close[5000]! - 1), 15);

    const v = results.get('var-hist-99-250')!;
    await store.savePredictions({ modelId: 'var-hist-99-250', symbol: 'SPX', timeframe: '1d', output: 'risk' }, spx, v.predictions!, { fromIndex: v.fromIndex, keep: 3 });
    const losses = await store.predictionsOf('var-hist-99-250', 'SPX');
    expect(losses[1]!.outcome).toBeCloseTo(-(spx.close[5104]! / spx.close[5103]! - 1), 15);
  });
});
