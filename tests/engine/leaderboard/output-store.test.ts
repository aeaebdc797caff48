import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvaluationStore } from '../../../src/engine/evaluate/evaluation-store.ts';
import { decodeValues, encodeValues, storedOutputs } from '../../../src/engine/evaluate/output-store.ts';
import { openTestDb, type TestDb } from '../../support/test-db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

const record = (modelId: string, output: 'position' | 'volatility') => ({
  modelId,
  symbol: 'SPX',
  timeframe: '1d',
  from: '2000-01-03',
  to: '2000-01-07',
  dataHash: 'h1',
  output,
  bars: 5,
  metrics: { sharpe: 1 },
  seconds: 0,
});

describe('the stored whole outputs', () => {
  it('round-trip every float64 exactly, NaN and signed zero included', () => {
    const v = Float64Array.from([0, -0, NaN, 1 / 3, -1e-300, 1.7976931348623157e308]);
    const back = decodeValues(encodeValues(v));
    expect(Object.is(back[1], -0)).toBe(true);
    expect([...back]).toEqual([...v]);
  });

  it('are kept with a traded result, replaced by the next one, and not kept for other outputs', async () => {
    const store = new EvaluationStore(db.db);
    await store.saveResult(record('pos-a', 'position'), undefined, { values: Float64Array.from([0, 1, 1, 0, 1]), firstIndex: 1 });
    await store.saveResult(record('vol-a', 'volatility'), undefined, { values: Float64Array.from([NaN, 0.01, 0.01, 0.01, 0.01]), firstIndex: 1 });
    await store.saveResult({ ...record('pos-a', 'position'), dataHash: 'h2' }, undefined, { values: Float64Array.from([0, -1, 0, 0, 1]), firstIndex: 2 });
    const rows = await storedOutputs(db.db, 'SPX', '1d');
    expect(rows.map((r) => [r.modelId, r.dataHash, r.firstIndex, [...r.values]])).toEqual([['pos-a', 'h2', 2, [0, -1, 0, 0, 1]]]);
  });
});
