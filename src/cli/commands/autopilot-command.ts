// `mltrainer autopilot --replay FROM..TO`: the autonomous loop's decision step over history on an in-memory
// simulated book, with its metrics next to buy-and-hold, the models it used, and a chart.
import path from 'node:path';
import type { Command } from 'commander';
import type { BacktestMetrics } from '../../engine/backtest/metrics.ts';
import { parseDate } from '../../engine/backtest/window.ts';
import type { BarSeries } from '../../registry/model.ts';
import { fail, printJson, withApp } from '../run-command.ts';
import { formatTable, num, pct } from '../../format.ts';
import { cliIo } from '../cli-io.ts';

interface AutopilotOptions {
  replay?: string;
  symbols: string;
  costBps?: string;
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

/** The autopilot (net, and gross when costs apply) beside buy-and-hold and the same-exposure benchmark. */
function metricRows(columns: [string, BacktestMetrics][]): string[][] {
  const row = (label: string, f: (m: BacktestMetrics) => string) => [label, ...columns.map(([, m]) => f(m))];
  return [
    ['', ...columns.map(([name]) => name)],
    row('total return', (m) => pct(m.totalReturn)),
    row('CAGR', (m) => pct(m.cagr)),
    row('Sharpe', (m) => (Number.isFinite(m.sharpe) ? num(m.sharpe) : 'n/a')),
    row('max drawdown', (m) => pct(m.maxDrawdown)),
    row('trades', (m) => String(m.trades)),
    row('exposure', (m) => pct(m.exposure)),
  ];
}

export function registerAutopilotCommand(program: Command): void {
  program
    .command('autopilot')
    .description('the autonomous loop; --replay runs it over history on a simulated book (never your paper account)')
    .requiredOption('--replay <from..to>', 'replay the loop over a window of history, e.g. 2010-01-04..2020-04-17')
    .option('--symbols <list>', 'comma-separated symbols (daily bars); the first is the buy-and-hold benchmark', 'SPX')
    .option('--cost-bps <n>', 'trading cost in basis points of traded notional (default: the configured broker costs, else MLTRAINER_COST_BPS, else 5)')
    .option('--capital <n>', 'starting capital', '100000')
    .option('--json', 'print the contract JSON document')
    .action(async (opts: AutopilotOptions) => {
      const { from, to } = parseRange(opts.replay!); // a required option: commander refuses the command without it
      parseDate(from, '--replay FROM');
      parseDate(to, '--replay TO');
      const symbols = [...new Set(opts.symbols.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean))];
      if (symbols.length === 0) fail('--symbols needs at least one symbol, like SPX');
      for (const s of symbols) if (!/^[A-Z0-9.^_-]{1,20}$/.test(s)) fail(`--symbols: "${s}" is not a symbol`);
      const askedCost = opts.costBps === undefined ? undefined : parseNumber(opts.costBps, '--cost-bps', 0);
      const capital = parseNumber(opts.capital, '--capital', 1e-9);
      await withApp(async (app) => {
        const { buildReplayJson, renderReplayChart } = await import('../../engine/autopilot/replay-json.ts');
        const { runReplay } = await import('../../engine/autopilot/run-replay.ts');
        const { saveChart } = await import('../../engine/charts/save-chart.ts');
        const costBps = askedCost ?? app.config.trading.rankingCostBps;
        const toEnd = Date.parse(`${to}T00:00:00Z`) + DAY - 1;
        const bars = new Map<string, BarSeries>();
        for (const s of symbols) {
          const b = await app.bars.readBars(s, '1d', { to: toEnd });
          if (b.length === 0) fail(`no daily bars for ${s} up to ${to}: import or pull them first (mltrainer data list shows what is stored)`);
          bars.set(s, b);
        }
        const result = runReplay({ from, to, bars, capital, costBps });
        // Gross figures beside the net ones: the same replay at zero cost (its decisions can differ: the daily loss
        // rule reads the book).
        const gross = costBps > 0 ? runReplay({ from, to, bars, capital, costBps: 0 }) : undefined;
        if (opts.json) {
          printJson(buildReplayJson(result, gross));
          return;
        }
        const chart = await saveChart(path.join(app.config.home, 'charts'), `autopilot-replay-${symbols.join('-')}-${result.from}-${result.to}`, await renderReplayChart(result));
        const last = result.decisions.filter((d) => d.symbol === symbols[0]).at(-1);
        const columns: [string, BacktestMetrics][] = [['autopilot', result.metrics]];
        if (gross) columns.push(['at 0 bps', gross.metrics]);
        columns.push([`buy-and-hold ${symbols[0]}`, result.benchmark.metrics], ['same exposure', result.exposureBenchmark.metrics]);
        const lines = [
          `Autopilot replay of ${symbols.join(', ')} from ${result.from} to ${result.to} (${result.bars} bars, capital ${num(capital)}, cost ${costBps} bps of traded notional):`,
          formatTable(metricRows(columns), ['l', ...columns.map(() => 'r' as const)]),
          `Same exposure: ${result.exposureBenchmark.description}.`,
          `Turnover ${result.turnover.toFixed(2)}x equity over ${result.metrics.trades} orders; the models in charge changed ${result.models.filter((m) => m.models.length).length} times.`,
        ];
        for (const st of result.stopped) {
          lines.push(`${st.symbol}'s data ${st.reason === 'data ends' ? 'ends' : 'stops'} on ${st.lastBar}: its position was closed at that close on ${st.closedOn}, and it held nothing after.`);
        }
        if (result.ruined) lines.push(`Ruined on ${result.ruinedOn}: equity reached zero and trading stopped.`);
        if (last) lines.push(`Last decision (${last.date}, ${last.symbol}): ${last.reason}`);
        lines.push(`Chart: ${chart}`);
        cliIo().stdout.write(lines.join('\n') + '\n');
      });
    });
}
