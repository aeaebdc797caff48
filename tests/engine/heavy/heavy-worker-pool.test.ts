// The heavy-work pool gives exactly what the same work gives in this thread (backtests of rule and learned models,
// fills at the close, warm-up notes, the chart's PNG), and a model that throws or a worker that dies fails only its own
// task, with one sentence for the user, while a fresh worker serves the next one.
import { afterAll, describe, expect, it } from 'vitest';
import { HeavyWork } from '../../../src/engine/heavy/heavy-work.ts';
import { backtestOnBars, type ModelBacktest } from '../../../src/engine/use-cases/model-backtest.ts';
import { backtestChartInput, renderEquityChartPng } from '../../../src/engine/charts/equity-chart.ts';
import { getModel } from '../../../src/registry/catalog.ts';
import { UserError } from '../../../src/engine/user-error.ts';
import { loadSpx, sliceBars } from '../../fixtures/spx.ts';

const spx = loadSpx();
const data = { symbol: 'SPX', timeframe: '1d' as const, bars: spx, series: {} };
const heavy = new HeavyWork({ workers: 2 });
const failing = new HeavyWork({ workers: 1, modelsModule: new URL('./failing-models.ts', import.meta.url) });

afterAll(async () => {
  await heavy.close();
  await failing.close();
});

/** What a backtest carries that a user sees or the JSON prints. */
function shown(bt: ModelBacktest) {
  return {
    model: bt.model.id,
    result: { ...bt.result, equity: Array.from(bt.result.equity), weights: Array.from(bt.result.weights) },
    benchmark: { ...bt.benchmark, equity: Array.from(bt.benchmark.equity), weights: Array.from(bt.benchmark.weights) },
    fillNote: bt.fillNote,
    warmUpNote: bt.warmUpNote,
  };
}

describe('the heavy-work pool', () => {
  it('backtests exactly as this thread does: rule and learned models, a window, a cost', async () => {
    const models = ['sma-cross-20-50', 'rsi-14-30-70', 'momentum-252', 'logreg-lags10'].map((id) => getModel(id)!);
    const from = spx.time.findIndex((t) => t >= Date.parse('2010-01-04'));
    const req = { costBps: 5, capital: 50_000 };
    const pooled = await heavy.backtestRunner('The test backtest')(models, data, from, req);
    const here = models.map((m) => backtestOnBars(m, data, from, req));
    expect(pooled.map(shown)).toEqual(here.map(shown));
    expect(pooled[0]!.result.from).toBe('2010-01-04');
    expect(pooled[0]!.result.metrics.trades).toBeGreaterThan(10);
    // The warm-up note of a model that needs more history than the window gives it.
    const short = { ...data, bars: sliceBars(spx, 0, 400) };
    const [late] = await heavy.backtestRunner('The test backtest')([getModel('momentum-252')!], short, 0, {});
    expect(late!.warmUpNote).toBe(backtestOnBars(getModel('momentum-252')!, short, 0).warmUpNote);
    expect(late!.warmUpNote).toMatch(/^momentum-252 had enough history \(253 bars\) only from 2001-01-02; it stayed out of the market before.$/);
  });

  it('refuses too little history with the same sentence as this thread', async () => {
    const tiny = { ...data, bars: sliceBars(spx, 0, 30) };
    const sentence = (() => {
      try {
        backtestOnBars(getModel('sma-cross-20-50')!, tiny, 0);
      } catch (err) {
        return (err as Error).message;
      }
    })();
    const pooled = heavy.backtestRunner('The test backtest')([getModel('sma-cross-20-50')!], tiny, 0, {});
    await expect(pooled).rejects.toThrow(new UserError(sentence));
    expect(sentence).toBe('sma-cross-20-50 needs 50 bars of history; SPX has 30 up to 2000-02-14.');
  });

  it('renders the same chart PNG as this thread', async () => {
    const bt = backtestOnBars(getModel('sma-cross-20-50')!, data, 0);
    const input = backtestChartInput(spx, bt.result, bt.benchmark, { title: 'sma-cross-20-50 vs buy-and-hold', strategy: 'sma-cross-20-50' });
    const pooled = await heavy.equityChartPng(input, 'The chart');
    expect(pooled.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(pooled.equals(await renderEquityChartPng(input))).toBe(true);
  });

  it('answers a model that throws and a worker that dies with one line each, then carries on with a fresh worker', async () => {
    const run = (id: string) => failing.backtestRunner(`The backtest of ${id} on SPX`)([getModel(id)!], data, 0, {});
    await expect(run('sma-cross-5-20')).rejects.toThrow(
      new UserError('The backtest of sma-cross-5-20 on SPX stopped: the model sma-cross-5-20 failed (boom at bar 7). The details are in the log.'),
    );
    await expect(run('sma-cross-5-50')).rejects.toThrow(
      new UserError(
        'The backtest of sma-cross-5-50 on SPX stopped: the worker running it crashed. Nothing was changed; try again, and if it happens again the details are in the log.',
      ),
    );
    const [after] = await run('sma-cross-20-50');
    expect(after!.result.metrics).toEqual(backtestOnBars(getModel('sma-cross-20-50')!, data, 0).result.metrics);
    expect(failing.pool.workers).toBe(1);
  });
});
