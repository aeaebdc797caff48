// `mltrainer autopilot --replay` and `mltrainer report daily|weekly` run as a user runs them, on a fresh home.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyAndHoldBenchmark } from '../../src/engine/backtest/buy-and-hold.ts';
import { equityMetrics } from '../../src/engine/backtest/metrics.ts';
import { windowFromDates } from '../../src/engine/backtest/window.ts';
import type { ReplayJson } from '../../src/engine/autopilot/replay-json.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createApp } from '../../src/main.ts';
import { loadSpx } from '../fixtures/spx.ts';
import { runCli } from '../support/run-cli.ts';
import { createScratchDatabase } from '../support/test-db.ts';
import { seededHome } from '../support/seeded-home.ts';

let home: string;
let env: Record<string, string | undefined>;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  home = await seededHome('mlt-cli-ap-');
  scratch = await createScratchDatabase();
  env = { MLTRAINER_HOME: home, DATABASE_URL: scratch.url, PORT: '0' };
});
afterAll(async () => {
  await scratch.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('mltrainer autopilot --replay', () => {
  it('prints the contract JSON for SPX over the first half of 2019', async () => {
    const r = await runCli(['autopilot', '--replay', '2019-01-02..2019-06-28', '--symbols', 'SPX', '--json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ReplayJson;
    const spx = loadSpx();
    const win = windowFromDates(spx, { from: '2019-01-02', to: '2019-06-28' });
    expect(doc.from).toBe('2019-01-02');
    expect(doc.to).toBe('2019-06-28');
    expect(doc.symbols).toEqual(['SPX']);
    expect(doc.bars).toBe(win.toIndex - win.fromIndex + 1);
    expect(doc.equity).toHaveLength(doc.bars);
    expect(doc.equity[0]!.equity).toBe(100000);
    // The cost defaults to MLTRAINER_COST_BPS (5 unless set), stated in the document, with the gross figures beside.
    expect(doc.costBps).toBe(5);
    expect(doc.gross!.totalReturn).toBeGreaterThanOrEqual(doc.metrics.totalReturn);
    expect(doc.benchmark).toEqual(buyAndHoldBenchmark(spx, { fromIndex: win.fromIndex, toIndex: win.toIndex, costBps: 5 }).metrics);
    const equity = Float64Array.from(doc.equity.map((p) => p.equity));
    expect(equityMetrics(equity, 100000, doc.metrics.trades, Math.round(doc.metrics.exposure * doc.bars))).toEqual(doc.metrics);
    expect(doc.turnover).toBeGreaterThan(0);
    expect(doc.models.every((m) => m.symbol === 'SPX' && Array.isArray(m.models))).toBe(true);
  });

  it('prints a human summary next to buy-and-hold and saves a chart', async () => {
    const r = await runCli(['autopilot', '--replay', '2019-01-02..2019-03-29', '--cost-bps', '5', '--capital', '50000'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Autopilot replay of SPX from 2019-01-02 to 2019-03-29 (61 bars, capital 50,000.00, cost 5 bps of traded notional):');
    expect(r.stdout).toMatch(/\s+autopilot\s+at 0 bps\s+buy-and-hold SPX\s+same exposure/);
    expect(r.stdout).toMatch(/Sharpe(\s+-?\d+\.\d\d){4}/);
    const chart = /Chart: (\S+\.png)/.exec(r.stdout)![1]!;
    expect(chart.startsWith(path.join(home, 'charts'))).toBe(true);
    expect(fs.readFileSync(chart).subarray(1, 4).toString()).toBe('PNG');
  });

  it('refuses a bad window with one line', async () => {
    const r = await runCli(['autopilot', '--replay', '2019-01-02'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('mltrainer: --replay must be FROM..TO with dates YYYY-MM-DD, like 2019-01-02..2019-06-28; got "2019-01-02"');
    const none = await runCli(['autopilot', '--replay', '2019-01-02..2019-06-28', '--symbols', 'NOPE'], { env });
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe('mltrainer: no daily bars for NOPE up to 2019-06-28: import or pull them first (mltrainer data list shows what is stored)');
  });
});

describe('mltrainer report daily', () => {
  it('says what it cannot show on a fresh book instead of inventing it', async () => {
    const r = await runCli(['report', 'daily', '--json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { equity: number; positions: unknown[]; trades: unknown[]; models: unknown[]; text: string; image: string | null };
    expect(doc.equity).toBe(100000);
    expect(doc.positions).toEqual([]);
    expect(doc.trades).toEqual([]);
    expect(doc.models).toEqual([]);
    expect(doc.image).toBeNull();
    expect(doc.text).toContain('No equity history yet: the book has not been marked at a close.');
    expect(doc.text).toContain('No trades today.');
    expect(doc.text).toContain('The autopilot has made no decision yet.');
    const png = await runCli(['report', 'daily', '--png', path.join(home, 'r.png')], { env });
    expect(png.code).toBe(1);
    expect(png.stderr).toContain('fewer than two closes of equity history');
  });
});

describe('mltrainer report daily and weekly on a marked book', () => {
  it('writes the equity chart with --png once the book has two closes, and the weekly summary as JSON', async () => {
    // The book as the live loop leaves it: a buy, marked at two closes (the clock moves; the bar store ends 2020-04-17).
    const clock = new ManualClock(Date.parse('2020-04-16T22:00:00Z'));
    const app = await createApp(loadConfig({ ...env, MLTRAINER_LOG_LEVEL: 'warn' } as Record<string, string>), { clock, withTrading: true, terminalLogs: false });
    try {
      await app.trader!.placeOrder({ symbol: 'SPX', side: 'buy', qty: 3, type: 'market', decisionKey: 'cli-report-test' });
      await app.trader!.recordEquity();
      clock.set(Date.parse('2020-04-17T22:00:00Z'));
      await app.trader!.recordEquity();
    } finally {
      await app.close();
    }
    const file = path.join(home, 'daily.png');
    const daily = await runCli(['report', 'daily', '--png', file], { env });
    expect(daily.stderr).toBe('');
    expect(daily.code).toBe(0);
    expect(daily.stdout).toContain(`Chart: ${file}`);
    expect(fs.readFileSync(file).subarray(1, 4).toString()).toBe('PNG');

    // --png never overwrites without --force, never writes inside the database folder, never follows a symlink
    fs.writeFileSync(file, 'mine');
    const again = await runCli(['report', 'daily', '--png', file], { env });
    expect(again.code).not.toBe(0);
    expect(again.stderr.trim()).toBe(`mltrainer: refusing to overwrite ${file}: it exists; add --force to replace it`);
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
    expect((await runCli(['report', 'daily', '--png', file, '--force'], { env })).code).toBe(0);
    expect(fs.readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    fs.mkdirSync(path.join(home, 'db'), { recursive: true });
    const pgVersion = path.join(home, 'db', 'PG_VERSION');
    const before = fs.existsSync(pgVersion) ? fs.readFileSync(pgVersion, 'utf8') : null;
    const intoDb = await runCli(['report', 'daily', '--png', path.join(home, 'db', 'PG_VERSION'), '--force'], { env });
    expect(intoDb.stderr).toMatch(/refusing to write .*PG_VERSION: it is inside the database folder/);
    expect(fs.existsSync(pgVersion) ? fs.readFileSync(pgVersion, 'utf8') : null).toBe(before);
    const victim = path.join(home, 'victim.txt');
    fs.writeFileSync(victim, 'untouched');
    fs.symlinkSync(victim, path.join(home, 'link.png'));
    const viaLink = await runCli(['report', 'daily', '--png', path.join(home, 'link.png'), '--force'], { env });
    expect(viaLink.stderr).toMatch(/it is a symbolic link, which is never followed/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('untouched');

    const weekly = await runCli(['report', 'weekly', '--date', '2020-04-17', '--json'], { env });
    expect(weekly.code).toBe(0);
    const doc = JSON.parse(weekly.stdout) as { date: string; from: string; startEquity: number; endEquity: number; text: string; boards: { symbol: string; rows: unknown[] }[] };
    expect(doc.date).toBe('2020-04-17');
    expect(doc.from).toBe('2020-04-11');
    // Both marks price SPX at the store's last close: the book's equity did not move.
    expect(doc.startEquity).toBeCloseTo(100000, 6);
    expect(doc.endEquity).toBeCloseTo(100000, 6);
    expect(doc.text).toContain('Weekly summary, 2020-04-11 to 2020-04-17');
    expect(doc.boards[0]!.symbol).toBe('SPX');

    const bad = await runCli(['report', 'weekly', '--date', 'friday'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('mltrainer: --date must be YYYY-MM-DD, not "friday"');
  });
});
