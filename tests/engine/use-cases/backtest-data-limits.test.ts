// What the chat answers when the data limits a model: close-only monthly bars (fills at the next close, with a note;
// models that need high/low refused), too little history (refused, or a note from when the model could act), and a
// macro model whose FRED series is not stored (refused with the pull commands everywhere it can be asked for).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src/agent/chat-message.ts';
import { backtestDocument, runModelBacktest } from '../../../src/engine/use-cases/model-backtest.ts';
import { getModel } from '../../../src/registry/catalog.ts';
import { naiveBacktest } from '../backtest/naive-backtest.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

let app: TestApp;
let n = 0;
const ask = async (text: string) => (await app.agent.handle({ platform: 'console', chatId: `d${++n}`, userId: 'local', text } satisfies ChatMessage)).replies;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

/** sma-cross-F-S by its contract definition: 1 when SMA(F) > SMA(S), 0 before both exist. */
function smaCross(close: Float64Array, fast: number, slow: number): Float64Array {
  const mean = (t: number, k: number) => {
    let s = 0;
    for (let i = t - k + 1; i <= t; i++) s += close[i]!;
    return s / k;
  };
  const w = new Float64Array(close.length);
  for (let t = slow - 1; t < close.length; t++) w[t] = mean(t, fast) > mean(t, slow) ? 1 : 0;
  return w;
}

const MACRO_REFUSAL =
  'yield-curve-timing-10y3m-1 needs the FRED series DGS10 and DGS3MO; neither is in the store yet. Pull them with ' +
  '`mltrainer data pull --source fred --series DGS10` and `mltrainer data pull --source fred --series DGS3MO` (FRED_API_KEY must be set).';

describe('close-only monthly data', () => {
  it('backtests AAPL with fills at the next close, equal to a hand computation, and says so', async () => {
    const stored = await app.services.bars.readBars('AAPL', '1mo');
    expect(stored.length).toBe(123);
    const close = stored.close;
    const w = smaCross(close, 5, 20);
    // Fills at the next close: the naive contract backtest with the closes standing in for the opens, annualised over
    // 12 monthly bars a year.
    const hand = naiveBacktest(close, close, w, 0, close.length - 1, 100_000, 10, 12);
    const bt = await runModelBacktest(app.services, getModel('sma-cross-5-20')!, 'AAPL', { costBps: 10 });
    expect(bt.timeframe).toBe('1mo');
    expect(bt.result.fillsAt).toBe('close');
    expect(Array.from(bt.result.weights)).toEqual(Array.from(w));
    hand.equity.forEach((e, k) => expect(bt.result.equity[k]).toBeCloseTo(e, 6));
    expect(bt.result.metrics.trades).toBeGreaterThan(2);
    for (const key of ['totalReturn', 'cagr', 'sharpe', 'maxDrawdown', 'trades', 'exposure'] as const) {
      expect(bt.result.metrics[key]).toBeCloseTo(hand[key], 9);
    }

    const free = naiveBacktest(close, close, w, 0, close.length - 1, 100_000, 0);
    const holding = naiveBacktest(close, close, new Float64Array(close.length).fill(1), 0, close.length - 1, 100_000, 0);
    const replies = await ask('/backtest sma-cross-5-20 AAPL');
    expect(replies[0]!.text).toBe(
      'Backtest of sma-cross-5-20 on AAPL, 2000-01-01..2010-03-01 (123 monthly bars).\n' +
        "AAPL has monthly closes only, so orders fill at the next bar's close, not its open.\n" +
        'sma-cross-5-20 had enough history (20 bars) only from 2001-08-01; it stayed out of the market before.',
    );
    expect(replies[0]!.code).toMatch(new RegExp(`total return\\s+${pct(free.totalReturn)}\\s+${pct(holding.totalReturn)}`));
    expect(replies[0]!.code).toMatch(new RegExp(`max drawdown\\s+${pct(free.maxDrawdown)}\\s+${pct(holding.maxDrawdown)}`));
    expect(replies[0]!.code).toMatch(new RegExp(`trades\\s+${free.trades}\\s+1\\n`));
  });

  it('adds a note to the --json document only where a note applies, and honours a timeframe', async () => {
    const contract = ['model', 'symbol', 'from', 'to', 'bars', 'metrics', 'benchmark', 'ruined'];
    const spx = await runModelBacktest(app.services, getModel('sma-cross-20-50')!, 'SPX', { from: '2019-01-01' });
    expect(Object.keys(backtestDocument(spx, true))).toEqual([...contract, 'equity']);
    const aapl = await runModelBacktest(app.services, getModel('sma-cross-20-50')!, 'AAPL', { timeframe: '1mo' });
    expect(Object.keys(backtestDocument(aapl))).toEqual([...contract, 'note']);
    await expect(runModelBacktest(app.services, getModel('sma-cross-20-50')!, 'AAPL', { timeframe: '1d' })).rejects.toThrow(
      'AAPL has no daily (1d) bars, so nothing was run; it has monthly (1mo).',
    );
  });

  it('compares on close-only data with the note once', async () => {
    const replies = await ask('/compare sma-cross-5-20 buy-and-hold AAPL 2005-01-01');
    expect(replies[0]!.text).toBe(
      "Comparison on AAPL, 2005-01-01 to 2010-03-01 (63 bars):\nAAPL has monthly closes only, so orders fill at the next bar's close, not its open.",
    );
  });

  it('refuses models that need prices the data lacks, in one line', async () => {
    const line = 'adx-trend-14-25 needs high and low prices, and AAPL 1mo has close-only bars (no high/low).';
    expect((await ask('/backtest adx-trend-14-25 AAPL'))[0]!.text).toBe(line);
    expect((await ask('/compare sma-cross-20-50 adx-trend-14-25 AAPL'))[0]!.text).toBe(line);
    expect((await ask('/volatility AAPL vol-parkinson-21'))[0]!.text).toBe(
      'vol-parkinson-21 needs high and low prices, and AAPL 1mo has close-only bars (no high/low).',
    );
    expect((await ask('/predict AAPL adx-trend-14-25'))[0]!.text).toBe(line);
  });
});

describe('too little history', () => {
  it('refuses a model whose warm-up is longer than the data up to the window end', async () => {
    // SPX cut at 2000-06-01 holds 105 bars; momentum-252 needs 253 before its first signal.
    expect((await ask('/backtest momentum-252 SPX 2000-01-01 2000-06-01'))[0]!.text).toBe(
      'momentum-252 needs 253 bars of history; SPX has 105 up to 2000-06-01.',
    );
    expect((await ask('/compare sma-cross-20-50 momentum-252 SPX 2000-01-01 2000-06-01'))[0]!.text).toBe(
      'momentum-252 needs 253 bars of history; SPX has 105 up to 2000-06-01.',
    );
    // Exactly 253 bars: the first signal comes after the last close, so it could never be traded.
    expect((await ask('/backtest momentum-252 SPX 2000-01-01 2001-01-02'))[0]!.text).toBe(
      'momentum-252 needs 253 bars of history and one more to trade on its first signal; SPX has 253 up to 2001-01-02.',
    );
  });

  it('runs when the history covers part of the window, saying from when', async () => {
    const replies = await ask('/backtest momentum-252 SPX 2000-06-01 2002-12-31');
    expect(replies[0]!.text).toBe(
      'Backtest of momentum-252 on SPX, 2000-06-01..2002-12-31 (648 daily bars).\n' +
        'momentum-252 had enough history (253 bars) only from 2001-01-02; it stayed out of the market before.',
    );
    const bt = await runModelBacktest(app.services, getModel('momentum-252')!, 'SPX', { from: '2000-06-01', to: '2002-12-31' });
    // Nothing held before the first signal: the equity stays at the capital until then.
    const firstTrade = bt.result.equity.findIndex((e) => e !== 100_000);
    expect(bt.bars.time[bt.result.fromIndex + firstTrade]!).toBeGreaterThan(Date.UTC(2001, 0, 2));
    const c = await ask('/compare sma-cross-20-50 momentum-252 SPX 2000-06-01 2002-12-31');
    expect(c[0]!.text).toBe(
      'Comparison on SPX, 2000-06-01 to 2002-12-31 (648 bars):\n' +
        'momentum-252 had enough history (253 bars) only from 2001-01-02; it stayed out of the market before.',
    );
  });
});

describe('macro models without their FRED series', () => {
  it('refuses them with the pull commands instead of a neutral answer', async () => {
    expect((await ask('/predict SPX yield-curve-timing-10y3m-1'))[0]!.text).toBe(MACRO_REFUSAL);
    expect((await ask('/backtest yield-curve-timing-10y3m-1 SPX'))[0]!.text).toBe(MACRO_REFUSAL);
    expect((await ask('/compare sma-cross-20-50 yield-curve-timing-10y3m-1 SPX'))[0]!.text).toBe(MACRO_REFUSAL);
    expect((await ask('/predict SPX yield-curve-regime-10y2y'))[0]!.text).toBe(
      'yield-curve-regime-10y2y needs the FRED series DGS10 and DGS2; neither is in the store yet. Pull them with ' +
        '`mltrainer data pull --source fred --series DGS10` and `mltrainer data pull --source fred --series DGS2` (FRED_API_KEY must be set).',
    );
  });

  it('runs them on the stored series once they are there', async () => {
    // A normal curve (10y above 3m) every weekday from 2019 on: the timing model is long wherever the spread is known.
    const days: string[] = [];
    for (let t = Date.UTC(2019, 0, 2); t <= Date.UTC(2020, 3, 17); t += 86_400_000) {
      const d = new Date(t);
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
    }
    for (const [id, value] of [['DGS10', 2.5], ['DGS3MO', 1.5]] as const) {
      await app.services.series.upsertSeriesMeta({ id, title: id, units: 'Percent', frequency: 'Daily', source: 'fred' });
      await app.services.series.upsertObservations(id, days.map((date) => ({ date, value })));
    }
    expect((await ask('/predict SPX yield-curve-timing-10y3m-1'))[0]!.text).toMatch(
      /^SPX, newest bar 2020-04-17:\nData age: .*\nyield-curve-timing-10y3m-1: long \(target weight 1\.00\) after the close of 2020-04-17$/,
    );
    const bt = await runModelBacktest(app.services, getModel('yield-curve-timing-10y3m-1')!, 'SPX', { from: '2019-06-03' });
    expect(bt.result.metrics).toEqual(bt.benchmark.metrics);
    // Only one of the curve's series is stored for the 10y-2y models: the sentence names just the missing one.
    expect((await ask('/backtest yield-curve-timing-10y2y-1 SPX'))[0]!.text).toBe(
      'yield-curve-timing-10y2y-1 needs the FRED series DGS10 and DGS2; DGS2 is not in the store yet. Pull it with ' +
        '`mltrainer data pull --source fred --series DGS2` (FRED_API_KEY must be set).',
    );
  });
});
