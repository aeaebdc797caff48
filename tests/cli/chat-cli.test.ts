// The CLI as a user runs it, one command after another on one MLTRAINER_HOME (each its own app and database
// connection, as separate processes would be): `mltrainer chat MESSAGE --json` and a follow-up that continues the
// conversation (memory is in the database), plus `backtest` and `models`/`model` with --json.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { seededHome } from '../support/seeded-home.ts';

const home = await seededHome('mlt-cli-');

/** Runs mltrainer with only the variables it needs (no key: the offline understander; embedded PGlite). */
async function mltrainer(...args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return runCli(args, { env: { MLTRAINER_HOME: home, MLTRAINER_LOG_LEVEL: 'warn' }, timeoutMs: 60_000 });
}

afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('mltrainer chat', () => {
  it('backtests from a plain sentence, then a second command compares "it" with rsi', async () => {
    const first = await mltrainer('chat', 'backtest a 20/50 sma crossover on SPX since 2010', '--json');
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout) as { intent: unknown; replies: { text: string; image: string | null }[] };
    expect(a.intent).toEqual({ name: 'backtest', args: { model: 'sma-cross-20-50', symbol: 'SPX', from: '2010-01-01' } });
    expect(a.replies[0]!.text).toMatch(/total return\s+55\.83%\s+153\.79%/);
    expect(a.replies[0]!.text).toMatch(/Sharpe\s+0\.45\s+0\.61/);
    expect(a.replies[0]!.image).toMatch(new RegExp(`^${home}/charts/backtest-sma-cross-20-50-spx-[0-9a-f]+\\.png$`));
    expect(fs.existsSync(a.replies[0]!.image!)).toBe(true);

    const second = await mltrainer('chat', 'now compare it with rsi', '--json');
    expect(second.code).toBe(0);
    const b = JSON.parse(second.stdout) as { intent: unknown; replies: { text: string }[] };
    expect(b.intent).toEqual({ name: 'compare', args: { models: ['sma-cross-20-50', 'rsi-14-30-70'], symbol: 'SPX', from: '2010-01-01' } });
    expect(b.replies[0]!.text).toMatch(/rsi-14-30-70\s+117\.04%\s+7\.83%\s+0\.60\s+29\.04%\s+23/);
  });

  it('prints the contract backtest document and model cards', async () => {
    const bt = await mltrainer('backtest', '--model', 'sma-cross-20-50', '--symbol', 'SPX', '--from', '2010-01-01', '--json');
    expect(bt.code).toBe(0);
    const doc = JSON.parse(bt.stdout);
    expect(doc).toMatchObject({ model: 'sma-cross-20-50', symbol: 'SPX', from: '2010-01-04', to: '2020-04-17', bars: 2590 });
    expect(doc.metrics.trades).toBe(62);
    expect(doc.metrics.totalReturn).toBeCloseTo(0.558283, 6);
    expect(doc.benchmark.totalReturn).toBeCloseTo(1.537884, 6);

    const bad = await mltrainer('backtest', '--model', 'sma-cross-20-5', '--symbol', 'SPX');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('mltrainer: --model: no model "sma-cross-20-5"; did you mean sma-cross-20-50, ema-cross-20-50, sma-cross-10-50?');

    const models = await mltrainer('models', '--search', 'rsi-14', '--json');
    const cards = JSON.parse(models.stdout) as { id: string; metrics: unknown }[];
    expect(cards.map((c) => c.id)).toEqual(expect.arrayContaining(['rsi-14-30-70', 'rsi-14-20-80', 'rsi-14-10-90', 'rsi-14-25-75']));
    expect(cards.map((c) => c.id)).not.toContain('sma-cross-20-50');
    expect(Object.keys(cards[0]!)).toEqual(['id', 'name', 'category', 'description', 'params', 'inputs', 'output', 'minHistory', 'metrics']);
    const one = JSON.parse((await mltrainer('model', 'rsi-14-30-70', '--json')).stdout);
    expect(one).toMatchObject({ id: 'rsi-14-30-70', category: 'mean-reversion', output: 'position', metrics: null });
  }, 120_000); // four CLI commands, each opening the embedded database
});
