// Every output kind can be ranked: qlike and rmse for volatility models, kupiec and breachError for VaR, z2 for ES,
// beside the backtest metrics; from the store and from the chat's /leaderboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpx } from '../../fixtures/spx.ts';
import { leaderboardIntent } from '../../../src/agent/intents/leaderboard.ts';
import type { IntentContext } from '../../../src/agent/intent.ts';
import type { Reply } from '../../../src/agent/reply.ts';
import { parseSlashCommand } from '../../../src/agent/understand/slash-command.ts';
import { EvaluationStore, type EvaluationRecord } from '../../../src/engine/evaluate/evaluation-store.ts';
import { leaderboardMetric, leaderboardMetricNames } from '../../../src/engine/evaluate/leaderboard-metrics.ts';
import { UserError } from '../../../src/engine/user-error.ts';
import type { OutputKind } from '../../../src/registry/model.ts';
import { openTestDb, type TestDb } from '../../support/test-db.ts';

const ALL_NAMES = 'sharpe, totalReturn, cagr, maxDrawdown, hitRate, rankIc, rmse, qlike, kupiec, breachError, z2';

const varMetrics = (breachRate: number, expectedRate: number, kupiecPValue: number) => ({ count: 1000, breaches: Math.round(breachRate * 1000), breachRate, expectedRate, kupiecLR: 1, kupiecPValue });
const esMetrics = (z2: number | null) => ({
  count: 1000,
  breaches: 12,
  breachRate: 0.012,
  expectedRate: null,
  kupiecLR: null,
  kupiecPValue: null,
  tailCount: z2 === null ? null : 1000,
  varBreaches: z2 === null ? null : 30,
  z2,
  lossToEs: 1.3,
});

const ROWS: [string, OutputKind, Record<string, number | null>][] = [
  ['pos-a', 'position', { sharpe: 1.0, totalReturn: 0.5, maxDrawdown: 0.2 }],
  ['pos-b', 'position', { sharpe: 0.5, totalReturn: 0.3, maxDrawdown: 0.1 }],
  ['fc-a', 'forecast', { sharpe: 0.7, totalReturn: 0.4, maxDrawdown: 0.3, hitRate: 0.52, rankIc: 0.02, rmse: 0.012 }],
  ['fc-b', 'forecast', { sharpe: 0.2, totalReturn: 0.1, maxDrawdown: 0.4, hitRate: 0.51, rankIc: 0.01, rmse: 0.01 }],
  ['vol-a', 'volatility', { count: 1000, rmse: 0.0002, qlike: -8.1 }],
  ['vol-b', 'volatility', { count: 1000, rmse: 0.0003, qlike: -8.3 }],
  ['vol-c', 'volatility', { count: 0, rmse: null, qlike: null }],
  ['var-a', 'risk', varMetrics(0.012, 0.01, 0.3)],
  ['var-b', 'risk', varMetrics(0.02, 0.01, 1e-5)],
  ['var-c', 'risk', varMetrics(0.047, 0.05, 0.5)],
  ['es-a', 'risk', esMetrics(-0.2)],
  ['es-b', 'risk', esMetrics(0.05)],
  ['es-c', 'risk', esMetrics(null)],
];

function record(modelId: string, output: OutputKind, metrics: Record<string, number | null>, symbol = 'SPX'): EvaluationRecord {
  return { modelId, symbol, timeframe: '1d', from: '2001-01-02', to: '2020-04-17', dataHash: 'h', output, bars: 4850, metrics, seconds: 0 };
}

let db: TestDb;
let store: EvaluationStore;
beforeAll(async () => {
  db = await openTestDb();
  store = new EvaluationStore(db.db);
  await store.save([...ROWS.map(([id, output, m]) => record(id, output, m)), record('vol-a', 'volatility', { count: 10, rmse: 0.0001, qlike: -9 }, 'AAPL')]);
});
afterAll(async () => {
  await db?.close();
});

const ranked = async (metric: string, extra: { output?: OutputKind; symbol?: string } = {}) => {
  const board = await store.leaderboard({ symbol: 'SPX', metric, ...extra });
  return board.rows.map((r) => r.modelId);
};

describe('leaderboard metrics per output kind', () => {
  it('ranks volatility models by qlike and rmse, lowest first', async () => {
    expect(await ranked('qlike')).toEqual(['vol-b', 'vol-a']);
    const board = await store.leaderboard({ symbol: 'SPX', metric: 'qlike' });
    expect(board).toMatchObject({ metric: 'qlike', lowerIsBetter: true, outputs: ['volatility'], measured: 2 });
    expect(board.rows[0]!.value).toBe(-8.3);
    expect(await ranked('rmse')).toEqual(['vol-a', 'vol-b']); // a variance RMSE unless asked for forecasts
    expect(await ranked('rmse', { output: 'forecast' })).toEqual(['fc-b', 'fc-a']);
    expect((await store.leaderboard({ metric: 'qlike' })).rows.map((r) => `${r.modelId} ${r.symbol}`)).toEqual(['vol-a AAPL', 'vol-b SPX', 'vol-a SPX']);
  });

  it("ranks VaR models by Kupiec's p (highest first) or by |breach rate - expected| (lowest first), never an ES", async () => {
    expect(await ranked('kupiec')).toEqual(['var-c', 'var-a', 'var-b']);
    expect(await ranked('kupiecPValue')).toEqual(['var-c', 'var-a', 'var-b']);
    expect((await store.leaderboard({ metric: 'KUPIECPVALUE' })).metric).toBe('kupiec');
    const byError = await store.leaderboard({ symbol: 'SPX', metric: 'breachError' });
    expect(byError.rows.map((r) => r.modelId)).toEqual(['var-a', 'var-c', 'var-b']);
    expect(byError.rows.map((r) => r.value)).toEqual([expect.closeTo(0.002, 12), expect.closeTo(0.003, 12), expect.closeTo(0.01, 12)]);
    expect(byError.lowerIsBetter).toBe(true);
  });

  it('ranks ES models by |Z2| (closest to 0 first), never a VaR, leaving out an ES without Z2', async () => {
    const board = await store.leaderboard({ symbol: 'SPX', metric: 'z2' });
    expect(board.rows.map((r) => [r.modelId, r.value])).toEqual([
      ['es-b', 0.05],
      ['es-a', 0.2],
    ]);
    expect(board).toMatchObject({ label: '|Z2|', measured: 2, lowerIsBetter: true });
    expect(board.rows[1]!.metrics.z2).toBe(-0.2); // the sign is kept in the row
  });

  it('keeps the backtest metrics on position and forecast models', async () => {
    expect(await ranked('sharpe')).toEqual(['pos-a', 'fc-a', 'pos-b', 'fc-b']);
    expect(await ranked('maxDrawdown', { output: 'position' })).toEqual(['pos-b', 'pos-a']);
  });

  it('refuses an unknown metric with the list of valid ones, and an output that does not carry the metric', async () => {
    expect(leaderboardMetricNames().join(', ')).toBe(ALL_NAMES);
    expect(() => leaderboardMetric('luck')).toThrow(new UserError(`Cannot rank by "luck"; choose one of ${ALL_NAMES}.`));
    await expect(store.leaderboard({ metric: 'luck' })).rejects.toThrow(UserError);
    await expect(store.leaderboard({ metric: 'qlike', output: 'risk' })).rejects.toThrow(
      new UserError('qlike does not rank risk models; it ranks volatility models.'),
    );
  });
});

describe('/leaderboard in the chat', () => {
  const chat = async (text: string): Promise<Reply[]> => {
    const parsed = parseSlashCommand(text, [leaderboardIntent]);
    if (parsed.kind !== 'intent') throw new Error(`not parsed: ${text}`);
    const args = leaderboardIntent.args.parse(parsed.intent.args);
    const bars = { timeframesOf: async () => ['1d'], readBars: async () => loadSpx(), symbols: async () => ['SPX'] };
    const ctx = { message: { platform: 'console', chatId: 't', userId: 'local', text }, services: { db, bars }, memory: {} } as unknown as IntentContext;
    return leaderboardIntent.run(args, ctx);
  };
  const tableRows = (r: Reply[]) => r[0]!.code!.split('\n').map((l) => l.trim().split(/\s{2,}/));

  it('parses symbol, metric and output in any order', () => {
    const args = (text: string) => (parseSlashCommand(text, [leaderboardIntent]) as { intent: { args: unknown } }).intent.args;
    expect(args('/leaderboard SPX qlike')).toEqual({ symbol: 'SPX', metric: 'qlike' });
    expect(args('/leaderboard SPX sharpe')).toEqual({ symbol: 'SPX', metric: 'sharpe' });
    expect(args('/leaderboard rmse forecast SPX')).toEqual({ symbol: 'SPX', metric: 'rmse', output: 'forecast' });
    expect(args('/leaderboard z2')).toEqual({ metric: 'z2' });
    expect(args('/leaderboard')).toEqual({});
  });

  it('ranks volatility models by qlike', async () => {
    const r = await chat('/leaderboard SPX qlike');
    expect(r[0]!.text).toBe('Leaderboard by qlike on SPX (volatility models, lower is better) (2 measured):');
    expect(tableRows(r)).toEqual([
      ['#', 'model', 'symbol', 'qlike', 'rmse', 'window'],
      ['1', 'vol-b', 'SPX', '-8.3000', '3.000e-4', '2001-01-02..2020-04-17'],
      ['2', 'vol-a', 'SPX', '-8.1000', '2.000e-4', '2001-01-02..2020-04-17'],
    ]);
    expect(r[1]!.text).toBe('Best: vol-b on SPX. Next: /model vol-b for its card and measured figures.');
  });

  it('ranks VaR by Kupiec and ES by |Z2| with the figures behind them', async () => {
    const k = tableRows(await chat('/leaderboard SPX kupiec'));
    expect(k[0]).toEqual(['#', 'model', 'symbol', 'Kupiec p', 'breaches', 'rate', 'expected', 'window']);
    expect(k.slice(1).map((row) => row[1])).toEqual(['var-c', 'var-a', 'var-b']);
    expect(k[3]).toEqual(['3', 'var-b', 'SPX', '1.000e-5', '20/1000', '2.00%', '1.00%', '2001-01-02..2020-04-17']);
    const z = tableRows(await chat('/leaderboard SPX z2'));
    expect(z[0]).toEqual(['#', 'model', 'symbol', '|Z2|', 'Z2', 'tail', 'ES breaches', 'window']);
    expect(z.slice(1)).toEqual([
      ['1', 'es-b', 'SPX', '0.0500', '0.050', '30/1000', '12/1000', '2001-01-02..2020-04-17'],
      ['2', 'es-a', 'SPX', '0.2000', '-0.200', '30/1000', '12/1000', '2001-01-02..2020-04-17'],
    ]);
  });

  it('ranks the return forecasts by rmse when asked, and ranks Sharpe only on one window', async () => {
    expect(tableRows(await chat('/leaderboard SPX rmse forecast')).slice(1).map((row) => row[1])).toEqual(['fc-b', 'fc-a']);
    // A Sharpe ranking trades every model again on one window: stored metrics without the models' outputs are not
    // compared across their own windows.
    await expect(chat('/leaderboard SPX')).rejects.toThrow(/^No trading model has a walk-forward result on the SPX 1d bars stored now/);
  });

  it('names the valid metrics for an unknown one, and says what to evaluate when nothing carries the metric', async () => {
    await expect(chat('/leaderboard SPX luck')).rejects.toThrow(new UserError(`Cannot rank by "luck"; choose one of ${ALL_NAMES}.`));
    const none = await chat('/leaderboard GOOG qlike');
    expect(none[0]!.text).toMatch(/^No evaluation results are stored for GOOG yet/);
    const missing = await chat('/leaderboard AAPL z2');
    expect(missing[0]!.text).toMatch(/^No risk model on AAPL has a measured z2 yet .*--models var-hist-99-250,es-hist-97.5-250`\.$/);
  });
});
