// `mltrainer evaluate` as a user runs it: a persisted evaluation, resumed on the second run, and refused bad ids.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/engine/backtest/run-backtest.ts';
import { getModel } from '../../src/registry/catalog.ts';
import { loadSpx } from '../fixtures/spx.ts';
import { createScratchDatabase } from '../support/test-db.ts';
import { runCli } from '../support/run-cli.ts';
import { seededHome } from '../support/seeded-home.ts';

let home: string;
let env: Record<string, string | undefined>;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  home = await seededHome('mlt-eval-cli-');
  scratch = await createScratchDatabase();
  env = { MLTRAINER_HOME: home, DATABASE_URL: scratch.url, PORT: '0' };
});
afterAll(async () => {
  await scratch.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

interface Summary {
  tasks: number;
  evaluated: number;
  skipped: number;
  failed: number;
  reports: { modelId: string; symbol: string; status: string }[];
  top: { symbol: string; rank: number; modelId: string; sharpe: number; totalReturn: number; from: string; to: string }[];
}

describe('mltrainer evaluate', () => {
  const args = ['evaluate', '--models', 'sma-cross-20-50,rsi-14-30-70', '--symbols', 'SPX', '--json'];

  it('evaluates the models on SPX, stores them, and ranks them by Sharpe', async () => {
    const r = await runCli(args, { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Summary;
    expect(doc).toMatchObject({ tasks: 2, evaluated: 2, skipped: 0, failed: 0 });
    const spx = loadSpx();
    // Ranked on one window (from the first bar both can trade: sma-cross-20-50's 50th), net of the default 5 bps.
    const onWindow = (id: string) => runBacktest(spx, getModel(id)!.run({ bars: spx }), { fromIndex: 50, costBps: 5 }).metrics;
    const sma = onWindow('sma-cross-20-50');
    const rsi = onWindow('rsi-14-30-70');
    expect(doc.top.map((t) => [t.rank, t.modelId, t.sharpe, t.totalReturn])).toEqual([
      [1, 'rsi-14-30-70', rsi.sharpe, rsi.totalReturn],
      [2, 'sma-cross-20-50', sma.sharpe, sma.totalReturn],
    ]);
    expect(doc.top[1]).toMatchObject({ symbol: 'SPX', from: '2000-03-15', to: '2020-04-17', costBps: 5 });
  });

  it('skips them when run again on the same data, and prints a human summary without --json', async () => {
    const again = await runCli(args, { env });
    expect(again.code).toBe(0);
    const doc = JSON.parse(again.stdout) as Summary;
    expect(doc).toMatchObject({ tasks: 2, evaluated: 0, skipped: 2, failed: 0 });
    expect(doc.reports.map((t) => `${t.modelId} ${t.status}`)).toEqual(['sma-cross-20-50 skipped', 'rsi-14-30-70 skipped']);

    const text = await runCli(['evaluate', '--models', 'sma-cross-20-50'], { env });
    expect(text.code).toBe(0);
    expect(text.stderr).toBe(''); // no progress bar when stderr is not a terminal
    expect(text.stdout).toMatch(/^Evaluated 1 model run on SPX 1d in [\d.]+ s: 0 evaluated, 1 skipped/);
    expect(text.stdout).toMatch(/Leaderboard of SPX by Sharpe: 2 models on one window, 2000-03-15\.\.2020-04-17/);
    expect(text.stdout).toMatch(/1\s+rsi-14-30-70\s+0\.2\d\s/);
    expect(text.stdout).toMatch(/Deflated Sharpe Ratio/);
  });

  it('refuses an unknown model id or symbol with one line naming the nearest', async () => {
    const model = await runCli(['evaluate', '--models', 'sma-cross-20-5O', '--json'], { env });
    expect(model.code).toBe(1);
    expect(model.stdout).toBe('');
    expect(model.stderr.trim().split('\n')).toHaveLength(1);
    expect(model.stderr).toMatch(/^mltrainer: Unknown model "sma-cross-20-5o" \(did you mean sma-cross-20-50,/);

    const symbol = await runCli(['evaluate', '--models', 'sma-cross-20-50', '--symbols', 'SPY'], { env });
    expect(symbol.code).toBe(1);
    expect(symbol.stderr.trim()).toMatch(/^mltrainer: No bars stored for SPY; did you mean SPX\?/);
  });
});
