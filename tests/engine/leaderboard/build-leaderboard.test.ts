import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/engine/backtest/run-backtest.ts';
import { windowFromDates } from '../../../src/engine/backtest/window.ts';
import { saveOutput } from '../../../src/engine/evaluate/output-store.ts';
import { runEvaluation } from '../../../src/engine/evaluate/run-evaluation.ts';
import { buildLeaderboard, evaluationHash } from '../../../src/engine/leaderboard/build-leaderboard.ts';
import { recommendModels } from '../../../src/engine/leaderboard/recommend-models.ts';
import { tradedWeights } from '../../../src/engine/leaderboard/traded-weights.ts';
import { getModel } from '../../../src/registry/catalog.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

const MODELS = ['buy-and-hold', 'sma-cross-20-50', 'sma-cross-5-20', 'ema-cross-12-26', 'momentum-252', 'rsi-14-30-70', 'linear-trend-log-50', 'donchian-20'];

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  const models = MODELS.filter((id) => getModel(id));
  for (const symbol of ['SPX', 'AAPL']) {
    const timeframe = symbol === 'SPX' ? '1d' : '1mo';
    await runEvaluation({ db: app.db.db, bars: app.bars, models, symbols: [symbol], timeframe, workers: 0 });
  }
}, 120_000);
afterAll(async () => {
  await app.close();
});

/** The backtest of a model's own output on exactly the document's window: what every row must equal. */
async function rowOnWindow(symbol: string, timeframe: '1d' | '1mo', modelId: string, from: string, to: string, costBps: number) {
  const bars = await app.bars.readBars(symbol, timeframe);
  const model = getModel(modelId)!;
  const w = windowFromDates(bars, { from, to });
  const weights = tradedWeights(model.output, model.run({ bars, seed: 1 }));
  return runBacktest(bars, weights, { fromIndex: w.fromIndex, toIndex: w.toIndex, costBps, periodsPerYear: timeframe === '1d' ? 252 : 12 });
}

describe('the leaderboard document', () => {
  it('ranks every model of a daily and of a monthly symbol on one window per symbol, net of the cost', async () => {
    for (const [symbol, timeframe] of [['SPX', '1d'], ['AAPL', '1mo']] as const) {
      const doc = await buildLeaderboard(app.db.db, app.bars, { symbol, costBps: 5 });
      expect(doc.costBps).toBe(5);
      expect(doc.trials).toBe(doc.rows.length);
      expect(doc.rows.length).toBeGreaterThan(3);
      for (const row of doc.rows) {
        const again = await rowOnWindow(symbol, timeframe, row.model, doc.window.from, doc.window.to, 5);
        expect(again.bars).toBe(doc.window.bars);
        expect(row.totalReturn).toBeCloseTo(again.metrics.totalReturn, 12);
        if (row.sharpe !== null) expect(row.sharpe).toBeCloseTo(again.metrics.sharpe, 12);
        expect(row.gross!.totalReturn).toBeGreaterThanOrEqual(row.totalReturn - 1e-12);
        expect(row.psr! >= 0 && row.psr! <= 1).toBe(true);
        const [lo, hi] = row.sharpeCI!;
        expect(lo).toBeLessThanOrEqual(hi);
      }
      const sharpes = doc.rows.map((r) => r.sharpe!);
      expect([...sharpes].sort((a, b) => b - a)).toEqual(sharpes);
      expect(doc.deflatedSharpe! >= 0 && doc.deflatedSharpe! <= 1).toBe(true);
      expect(doc.pbo! >= 0 && doc.pbo! <= 1).toBe(true);
      expect(doc.skillEvident).toBe(doc.deflatedSharpe! >= 0.95);
      if (symbol === 'SPX') {
        // momentum-252 needs the longest warm-up, so the window starts where it can first trade.
        expect(doc.window.from).toBe('2001-01-03');
        expect(doc.rows.map((r) => r.model)).toContain('momentum-252');
      } else {
        // On 123 monthly bars a 253-bar warm-up cannot cover the window: listed apart, not ranked.
        expect(doc.rows.map((r) => r.model)).not.toContain('momentum-252');
        expect(doc.excluded.map((e) => e.model)).toContain('momentum-252');
      }
    }
  });

  it('is reproducible (the bootstrap is seeded) and labels rule models backtests', async () => {
    const a = await buildLeaderboard(app.db.db, app.bars, { symbol: 'SPX', costBps: 5 });
    const b = await buildLeaderboard(app.db.db, app.bars, { symbol: 'SPX', costBps: 5 });
    expect(b).toEqual(a);
    expect(a.rows.find((r) => r.model === 'sma-cross-20-50')!.kind).toBe('backtest');
  });

  it('ends a model at ruin: flat after it, no Sharpe, ranked last', async () => {
    // Always short from the March 2009 low: SPX doubles by April 2011 (from the open after 2009-03-09), taking a 100% short's equity through zero.
    const bars = await app.bars.readBars('SPX', '1d');
    await saveOutput(app.db.db, {
      modelId: 'linear-trend-log-10',
      symbol: 'SPX',
      timeframe: '1d',
      dataHash: evaluationHash(bars),
      output: 'forecast',
      firstIndex: 0,
      values: new Float64Array(bars.length).fill(-0.01),
    });
    const doc = await buildLeaderboard(app.db.db, app.bars, { symbol: 'SPX', costBps: 0, from: '2009-03-09' });
    const last = doc.rows[doc.rows.length - 1]!;
    expect(last).toMatchObject({ model: 'linear-trend-log-10', ruined: true, sharpe: null, sharpeCI: null, psr: null });
    expect(last.ruinedOn).toBe('2011-04-28');
    expect(doc.rows.slice(0, -1).every((r) => !r.ruined)).toBe(true);
  });

  it('recommends only from the lookback and names no top pick when the best could be luck', async () => {
    const rec = await recommendModels(app.db.db, app.bars, { symbol: 'SPX', costBps: 5 });
    expect(rec.lookback.bars).toBe(756);
    expect(rec.lookback.to).toBe('2020-04-17');
    expect(rec.top).toHaveLength(3);
    expect(rec.skillEvident).toBe(rec.deflatedSharpe! >= 0.95);
    // Each past choice was made on the bars before the period it was held for.
    for (const s of rec.track.steps) expect(s.decidedOn < s.heldFrom).toBe(true);
    expect(rec.track.steps.length).toBeGreaterThan(10);
  });
});
