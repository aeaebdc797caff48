import { describe, expect, it } from 'vitest';
import { evaluateMany } from '../../../src/engine/evaluate/evaluate-many.ts';
import { evaluateModel } from '../../../src/engine/evaluate/evaluate-model.ts';
import type { TaskOutcome } from '../../../src/engine/evaluate/evaluation-task.ts';
import { UserError } from '../../../src/engine/user-error.ts';
import { loadSpx, sliceBars } from '../../fixtures/spx.ts';
import { getModel } from './test-models.ts';
import { getModel as getCatalogModel } from '../../../src/registry/catalog.ts';

const TEST_MODELS = new URL('./test-models.ts', import.meta.url);
// Two symbols from real data: all of SPX, and its first 1500 bars standing in for a second symbol.
const data: Record<string, ReturnType<typeof loadSpx>> = { SPX: loadSpx(), SPX1500: sliceBars(loadSpx(), 0, 1500) };
const loadBars = async (symbol: string) => {
  const bars = data[symbol];
  if (!bars) throw new UserError(`No bars for ${symbol}.`);
  return bars;
};

describe('evaluateModel', () => {
  it('scores after the warm-up and passes the risk level from the model params', () => {
    const r = evaluateModel(getModel('normal-var-99')!, data.SPX!, { keepPredictions: true });
    expect(r.fromIndex).toBe(21);
    expect(r.toIndex).toBe(5104);
    expect(r.from).toBe('2000-02-02');
    expect(r.metrics.expectedRate).toBeCloseTo(0.01, 12);
    expect(r.metrics.count).toBe(5104 - 21);
    // Normal VaR is known to be breached more often than promised on fat-tailed index returns.
    expect(r.metrics.breachRate).toBeGreaterThan(0.01);
    expect(r.predictions).toHaveLength(5105);

    const pos = evaluateModel(getModel('sma-cross-20-50')!, data.SPX!, { fromIndex: 1000 });
    expect(pos.bars).toBe(5105 - 1000);
    expect(pos.metrics.trades).toBeGreaterThan(0);
  });

  it('refuses a series shorter than the warm-up with a UserError', () => {
    expect(() => evaluateModel(getModel('sma-cross-20-50')!, sliceBars(data.SPX!, 0, 40))).toThrow(
      new UserError('sma-cross-20-50 needs more than 50 bars of history to be evaluated; there are 40.'),
    );
  });
});

describe('evaluateMany on a worker pool', () => {
  const ids = ['sma-cross-20-50', 'persistence-forecast', 'rolling-vol-20', 'normal-var-99', 'vol-regime'];
  const tasks = [...ids.map((modelId) => ({ modelId, symbol: 'SPX' })), ...ids.map((modelId) => ({ modelId, symbol: 'SPX1500' }))];

  it('gives exactly the in-process results, in task order, with progress', async () => {
    const progress: number[] = [];
    const pooled = await evaluateMany(tasks, loadBars, {
      workers: 2,
      modelsModule: TEST_MODELS,
      evaluation: { costBps: 5 },
      onProgress: (done, total) => progress.push(done * 100 + total),
    });
    const inline = await evaluateMany(tasks, loadBars, { workers: 0, modelsModule: TEST_MODELS, evaluation: { costBps: 5 } });
    expect(pooled).toEqual(inline);
    expect(progress).toEqual(tasks.map((_, i) => (i + 1) * 100 + tasks.length));
    pooled.forEach((o, i) => {
      expect(o).toMatchObject({ modelId: tasks[i]!.modelId, symbol: tasks[i]!.symbol, ok: true });
      const direct = evaluateModel(getModel(tasks[i]!.modelId)!, data[tasks[i]!.symbol]!, { costBps: 5 });
      expect(o.ok && o.result).toEqual(direct);
    });
    const regime = pooled[4] as Extract<TaskOutcome, { ok: true }>;
    expect(regime.result.metrics.states).toBe(2);
    expect(regime.result.metrics.regime0Count! + regime.result.metrics.regime1Count!).toBe(5104 - 21);
  });

  it('runs models of the registry catalog (the default models module) by id, as in-process', async () => {
    const ids = ['sma-cross-20-50', 'rsi-14-30-70', 'ewma-vol-94', 'var-hist-99-250', 'trend-regime-200'];
    const catalogTasks = ids.map((modelId) => ({ modelId, symbol: 'SPX1500' }));
    const pooled = await evaluateMany(catalogTasks, loadBars, { workers: 2 });
    pooled.forEach((o, i) => {
      const direct = evaluateModel(getCatalogModel(ids[i]!)!, data.SPX1500!);
      expect(o).toEqual({ modelId: ids[i], symbol: 'SPX1500', ok: true, result: direct });
    });
    // The VaR model states its level in its params: 99%.
    expect(pooled[3]!.ok && pooled[3]!.result.metrics.expectedRate).toBeCloseTo(0.01, 12);
  });

  it('reports an unknown model, a model that throws and a missing symbol without stopping the others', async () => {
    const outcomes = await evaluateMany(
      [
        { modelId: 'no-such-model', symbol: 'SPX' },
        { modelId: 'broken', symbol: 'SPX1500' },
        { modelId: 'sma-cross-20-50', symbol: 'NOPE' },
        { modelId: 'sma-cross-20-50', symbol: 'SPX1500' },
      ],
      loadBars,
      { workers: 2, modelsModule: TEST_MODELS },
    );
    expect(outcomes.map((o) => o.ok)).toEqual([false, false, false, true]);
    expect(outcomes[0]).toMatchObject({ error: 'Unknown model "no-such-model".' });
    expect(outcomes[1]).toMatchObject({ error: 'broken model cannot read 1500 bars' });
    expect(outcomes[2]).toMatchObject({ error: 'No bars for NOPE.' });
  });

  it('a models module that cannot load fails its tasks with the reason', async () => {
    const outcomes = await evaluateMany([{ modelId: 'x', symbol: 'SPX1500' }], loadBars, {
      workers: 1,
      modelsModule: new URL('./missing-models.ts', import.meta.url),
    });
    expect(outcomes[0]!.ok).toBe(false);
    expect(!outcomes[0]!.ok && outcomes[0]!.error).toMatch(/missing-models/);
  });
});
