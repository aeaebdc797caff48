// `mltrainer autopilot --replay FROM..TO`: the autonomous loop's decision step over history on an in-memory
// simulated book, with its metrics next to buy-and-hold, the models it used, and a chart.
import path from 'node:path';
import type { Command } from 'commander';
import { formatTable } from '../../agent/reply.ts';
import type { BacktestMetrics } from '../../engine/backtest/metrics.ts';
import { parseDate } from '../../engine/backtest/window.ts';
import { buildReplayJson, renderReplayChart } from '../../engine/autopilot/replay-json.ts';
import { runReplay } from '../../engine/autopilot/run-replay.ts';
import { saveChart } from '../../engine/charts/save-chart.ts';
import type { BarSeries } from '../../registry/model.ts';
import { fail, printJson, withApp } from '../run-command.ts';

interface AutopilotOptions {
  replay?: string;
  symbols: string;
  costBps: string;
  capital: string;
  json?: boolean;
}

const DAY = 86_400_000;

function parseRange(text: string): { from: string; to: string } {
  const m = /^(\S+)\.\.(\S+)$/.exec(text.trim());
  if (!m) fail(`--replay must be FROM..TO with dates YYYY-MM-DD, like 2019-01-02..2019-06-28; got "${text}"`);
  return { from: m[1]!, to: m[2]! };
}

function parseNumber(text: string, option: string, min: number): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || x < min || (min > 0 && x === 0)) {
    fail(`${option} must be a number${min > 0 ? ' above 0' : ' of 0 or more'}, got "${text}"`);
  }
  return x;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

function metricRows(m: BacktestMetrics, b: BacktestMetrics): string[][] {
  return [
    ['', 'autopilot', 'buy-and-hold'],
    ['total return', pct(m.totalReturn), pct(b.totalReturn)],
    ['CAGR', pct(m.cagr), pct(b.cagr)],
    ['Sharpe', m.sharpe.toFixed(2), b.sharpe.toFixed(2)],
    ['max drawdown', pct(m.maxDrawdown), pct(b.maxDrawdown)],
    ['trades', String(m.trades), String(b.trades)],
    ['exposure', pct(m.exposure), pct(b.exposure)],
  ];
}

export function registerAutopilotCommand(program: Command): void {
  program
    .command('autopilot')
    .description('the autonomous loop; --replay runs it over history on a simulated book (never your paper account)')
    .requiredOption('--replay <from..to>', 'replay the loop over a window of history, e.g. 2010-01-04..2020-04-17')
    .option('--symbols <list>', 'comma-separated symbols (daily bars); the first is the buy-and-hold benchmark', 'SPX')
    .option('--cost-bps <n>', 'trading cost in basis points of traded notional', '0')
    .option('--capital <n>', 'starting capital', '100000')
    .option('--json', 'print the contract JSON document')
    .action(async (opts: AutopilotOptions) => {
      const { from, to } = parseRange(opts.replay!);
      parseDate(from, '--replay FROM');
      parseDate(to, '--replay TO');
      const symbols = [...new Set(opts.symbols.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean))];
      if (symbols.length === 0) fail('--symbols needs at least one symbol, like SPX');
      for (const s of symbols) if (!/^[A-Z0-9.^_-]{1,20}$/.test(s)) fail(`--symbols: "${s}" is not a symbol`);
      const costBps = parseNumber(opts.costBps, '--cost-bps', 0);
      const capital = parseNumber(opts.capital, '--capital', 1e-9);
      await withApp(async (app) => {
        const toEnd = Date.parse(`${to}T00:00:00Z`) + DAY - 1;
        const bars = new Map<string, BarSeries>();
        for (const s of symbols) {
          const b = await app.bars.readBars(s, '1d', { to: toEnd });
          if (b.length === 0) fail(`no daily bars for ${s} up to ${to}: import or pull them first (mltrainer data list shows what is stored)`);
          bars.set(s, b);
        }
        const result = runReplay({ from, to, bars, capital, costBps });
        if (opts.json) {
          printJson(buildReplayJson(result));
          return;
        }
        const chart = await saveChart(path.join(app.config.home, 'charts'), `autopilot-replay-${symbols.join('-')}-${result.from}-${result.to}`, await renderReplayChart(result));
        const last = result.decisions.filter((d) => d.symbol === symbols[0]).at(-1);
        const lines = [
          `Autopilot replay of ${symbols.join(', ')} from ${result.from} to ${result.to} (${result.bars} bars, capital ${capital}, cost ${costBps} bps), against buy-and-hold ${symbols[0]}:`,
          formatTable(metricRows(result.metrics, result.benchmark.metrics), ['l', 'r', 'r']),
          `Turnover ${result.turnover.toFixed(2)}x equity over ${result.metrics.trades} orders; the models in charge changed ${result.models.filter((m) => m.models.length).length} times.`,
        ];
        if (last) lines.push(`Last decision (${last.date}, ${last.symbol}): ${last.reason}`);
        lines.push(`Chart: ${chart}`);
        process.stdout.write(lines.join('\n') + '\n');
      });
    });
}
