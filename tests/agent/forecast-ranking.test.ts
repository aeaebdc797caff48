// Forecast answers pick their models by what was measured: before any evaluation they say they show the defaults;
// after /evaluate, the best measured models on the symbol come first, and several return forecasts are summed up
// in one sentence computed from the values shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvaluationStore } from '../../src/engine/evaluate/evaluation-store.ts';
import { runEvaluation } from '../../src/engine/evaluate/run-evaluation.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
const ask = async (text: string) =>
  (await app.agent.handle({ platform: 'console', chatId: 'c1', userId: 'local', text })).replies.map((r) => r.text).join('\n');

beforeAll(async () => {
  app = await createTestApp();
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('forecasts ranked by measured results', () => {
  it('says it shows the defaults when nothing is evaluated on the symbol', async () => {
    expect(await ask('/predict SPX')).toContain('No forecast model is evaluated on SPX yet, so these are the defaults; /evaluate ranks them.');
  });

  it('reads the regime with one model of each kind: trend, volatility and the hidden Markov model', async () => {
    const text = await ask('/regime SPX');
    // The lines after the header and the data-age sentence (the embedded data is years old on the wall clock).
    const readings = text.split('\n').slice(1).filter((l) => !l.startsWith('Data age:'));
    expect(readings.map((l) => l.split(':')[0])).toEqual(['trend-regime-200', 'vol-regime-21-252', 'hmm-2-state']);
    expect(text).toMatch(/trend-regime-200: (bull|bear) \(state \d\) on 2020-04-17/);
  });

  it('puts the best measured forecast models first after an evaluation, with a consensus line from their values', async () => {
    const ids = ['ar-1', 'ar-5', 'ar-20'];
    await runEvaluation({ db: app.db.db, bars: app.bars, models: ids, symbols: ['SPX'], workers: 0 });
    const board = await new EvaluationStore(app.db.db).leaderboard({ symbol: 'SPX', metric: 'sharpe', output: 'forecast' });
    expect(board.rows.map((r) => r.modelId).sort()).toEqual([...ids].sort());
    const text = await ask('/predict SPX');
    expect(text).toContain('Best measured on SPX by walk-forward Sharpe of trading their sign.');
    const listed = [...text.matchAll(/^(ar-\d+): expected next-bar return (-?[\d.]+)%/gm)];
    expect(listed.map((m) => m[1])).toEqual(board.rows.map((r) => r.modelId));
    const values = listed.map((m) => Number(m[2]) / 100);
    const up = values.filter((v) => v > 0).length;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(text).toMatch(/Together: (all expect a rise|all expect a fall|\d of 3 expect a rise); their mean expected next-bar return is -?[\d.]+%\./);
    if (up > 0 && up < 3) expect(text).toContain(`${up} of 3 expect a rise`);
    // The shown mean is the mean of the shown (rounded) values, to the rounding of three decimals.
    const shown = Number(/their mean expected next-bar return is (-?[\d.]+)%/.exec(text)![1]) / 100;
    expect(Math.abs(shown - mean)).toBeLessThan(0.00001);
  }, 120_000);
});
