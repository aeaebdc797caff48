// A persisted evaluation run on the seeded app: real catalog models on SPX through the worker pool, resumed, forced,
// and failing per task (close-only monthly data, too little history) without failing the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataHash } from '../../../src/engine/evaluate/data-hash.ts';
import { evaluateModel } from '../../../src/engine/evaluate/evaluate-model.ts';
import { EvaluationStore } from '../../../src/engine/evaluate/evaluation-store.ts';
import { runEvaluation, SCORING_VERSION, type EvaluationPlan, type EvaluationProgress } from '../../../src/engine/evaluate/run-evaluation.ts';
import { UserError } from '../../../src/engine/user-error.ts';
import { getModel } from '../../../src/registry/catalog.ts';
import { loadSpx } from '../../fixtures/spx.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

const MODELS = ['sma-cross-20-50', 'rsi-14-30-70', 'ar-1', 'ewma-vol-94', 'var-hist-99-250', 'trend-regime-200'];
const spx = loadSpx();

let app: TestApp;
let store: EvaluationStore;
beforeAll(async () => {
  app = await createTestApp();
  store = new EvaluationStore(app.db.db);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('runEvaluation', () => {
  it('evaluates models on SPX on two workers and stores each result, its window and its predictions', async () => {
    const plans: EvaluationPlan[] = [];
    const progress: EvaluationProgress[] = [];
    const summary = await runEvaluation({
      db: app.db.db,
      bars: app.bars,
      models: MODELS,
      symbols: ['spx'],
      onPlan: (p) => plans.push(p),
      onProgress: (p) => progress.push(p),
    });
    expect(summary).toMatchObject({ timeframe: '1d', symbols: ['SPX'], tasks: 6, evaluated: 6, skipped: 0, failed: 0, workers: 2 });
    expect(summary.reports.map((r) => r.modelId)).toEqual(MODELS);
    expect(plans).toEqual([{ run: 6, skipped: 0, refused: 0 }]);
    expect(progress.map((p) => `${p.done}/${p.total}`)).toEqual(['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
    expect(progress.map((p) => p.last.modelId).sort()).toEqual([...MODELS].sort());

    // The stored figures are exactly those of evaluating the model on the same bars in this thread.
    const [sma] = await store.forModel('sma-cross-20-50');
    expect(sma).toMatchObject({ symbol: 'SPX', from: '2000-03-15', to: '2020-04-17', bars: 5055, dataHash: `${dataHash(spx)}-s${SCORING_VERSION}` });
    expect(sma!.metrics).toEqual(evaluateModel(getModel('sma-cross-20-50')!, spx).metrics);
    expect(sma!.metrics.trades).toBe(114);
    expect(sma!.seconds).toBeGreaterThan(0);

    // A forecaster ranks on Sharpe through the backtest of trading its sign, beside the position models.
    const board = await store.leaderboard({ symbol: 'SPX', metric: 'sharpe' });
    expect(board.rows.map((r) => r.modelId).sort()).toEqual(['ar-1', 'rsi-14-30-70', 'sma-cross-20-50']);
    const ar = evaluateModel(getModel('ar-1')!, spx, { keepPredictions: true });
    expect(board.rows.find((r) => r.modelId === 'ar-1')!.value).toBe(ar.metrics.sharpe);

    const kept = await store.predictionsOf('ar-1', 'SPX');
    expect(kept).toHaveLength(252);
    expect(kept[251]).toEqual({ date: '2020-04-17', value: ar.predictions![5104], outcome: null });
    expect(kept[250]!.outcome).toBeCloseTo(spx.close[5104]! / spx.close[5103]! - 1, 15);
  });

  it('skips what was evaluated on the same data, and evaluates again with force', async () => {
    const progress: EvaluationProgress[] = [];
    const again = await runEvaluation({ db: app.db.db, bars: app.bars, models: MODELS, symbols: ['SPX'], onProgress: (p) => progress.push(p) });
    expect(again).toMatchObject({ tasks: 6, evaluated: 0, skipped: 6, failed: 0, workers: 0 });
    expect(again.reports.every((r) => r.status === 'skipped')).toBe(true);
    expect(progress).toEqual([]);

    const before = (await store.forModel('rsi-14-30-70'))[0]!;
    const forced = await runEvaluation({ db: app.db.db, bars: app.bars, models: ['rsi-14-30-70', 'trend-regime-200'], force: true, workers: 1 });
    expect(forced).toMatchObject({ tasks: 2, evaluated: 2, skipped: 0, failed: 0, workers: 1 });
    const after = (await store.forModel('rsi-14-30-70'))[0]!;
    expect(after.evaluatedAt.getTime()).toBeGreaterThan(before.evaluatedAt.getTime());
    expect(after.metrics).toEqual(before.metrics);
  });

  it('evaluates again what an older scoring version stored on the same data', async () => {
    // A result as a run before the current scoring left it: same bars, the fingerprint without the version.
    const old = (await store.forModel('ewma-vol-94'))[0]!;
    await store.save([{ ...old, dataHash: dataHash(spx), metrics: { ...old.metrics, qlike: 99 } }]);
    const rerun = await runEvaluation({ db: app.db.db, bars: app.bars, models: ['ewma-vol-94'], symbols: ['SPX'], workers: 0 });
    expect(rerun).toMatchObject({ evaluated: 1, skipped: 0 });
    const now = (await store.forModel('ewma-vol-94'))[0]!;
    expect(now.dataHash).toBe(`${dataHash(spx)}-s${SCORING_VERSION}`);
    expect(now.metrics.qlike).toBe(old.metrics.qlike);
  });

  it('fails only the tasks whose data cannot serve the model, each with its reason', async () => {
    const summary = await runEvaluation({
      db: app.db.db,
      bars: app.bars,
      models: ['parabolic-sar-1-20', 'sma-cross-20-50', 'var-hist-99-250', 'ewma-vol-94'],
      symbols: ['AAPL', 'GOOG'],
      timeframe: '1mo',
    });
    expect(summary).toMatchObject({ tasks: 8, failed: 4, evaluated: 4, skipped: 0 });
    const warmUp = getModel('var-hist-99-250')!.minHistory; // the registry's warm-up: 250 returns need 251 bars
    const status = Object.fromEntries(summary.reports.map((r) => [`${r.modelId} ${r.symbol}`, r.error ?? r.status]));
    expect(status).toEqual({
      'parabolic-sar-1-20 AAPL': 'parabolic-sar-1-20 needs high and low prices, and AAPL 1mo has close-only bars (no high/low).',
      // No opens: the scoring backtest fills at the next close, as `mltrainer backtest` does on this data.
      'sma-cross-20-50 AAPL': 'evaluated',
      'var-hist-99-250 AAPL': `var-hist-99-250 needs more than ${warmUp} bars of history to be evaluated; there are 123.`,
      'ewma-vol-94 AAPL': 'evaluated',
      'parabolic-sar-1-20 GOOG': 'parabolic-sar-1-20 needs high and low prices, and GOOG 1mo has close-only bars (no high/low).',
      'sma-cross-20-50 GOOG': 'evaluated',
      'var-hist-99-250 GOOG': `var-hist-99-250 needs more than ${warmUp} bars of history to be evaluated; there are 68.`,
      'ewma-vol-94 GOOG': 'evaluated',
    });
    const monthly = await store.forModel('ewma-vol-94');
    expect(monthly.map((r) => `${r.symbol} ${r.timeframe} ${r.to}`).sort()).toEqual(['AAPL 1mo 2010-03-01', 'GOOG 1mo 2010-03-01', 'SPX 1d 2020-04-17']);
  });

  it('refuses unknown models and symbols with the nearest names', async () => {
    const base = { db: app.db.db, bars: app.bars };
    await expect(runEvaluation({ ...base, models: ['sma-cros-20-50'] })).rejects.toThrow(
      new UserError('Unknown model "sma-cros-20-50" (did you mean sma-cross-20-50, ema-cross-20-50, sma-cross-10-50?). `mltrainer models` lists them all.'),
    );
    await expect(runEvaluation({ ...base, models: ['sma-cross-20-50'], symbols: ['SPY'] })).rejects.toThrow(/^No bars stored for SPY; did you mean SPX\?/);
    await expect(runEvaluation({ ...base, models: ['sma-cross-20-50'], symbols: ['AAPL'] })).rejects.toThrow(
      new UserError('AAPL has no 1d bars (it has 1mo); evaluate it with timeframe 1mo.'),
    );
  });
});
