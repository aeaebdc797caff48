// `mltrainer backtest --model ID --symbol S [--from] [--to] [--cost-bps N] [--capital N] [--timeframe TF] [--equity]
// [--json]`: the contract's backtest (models see all history before --from; --to cuts the data) against buy-and-hold.
// Without --timeframe it uses daily bars when stored, else the timeframe the symbol has (the embedded stocks: 1mo).
import type { Command } from 'commander';
import { closestNames } from '../../engine/use-cases/closest-names.ts';
import { TIMEFRAMES } from '../../engine/data/bar.ts';
import { parseDate } from '../../engine/backtest/window.ts';
import { UserError } from '../../engine/user-error.ts';
import { fail, printJson, withApp } from '../run-command.ts';
import { checkTimeframe } from './data-command.ts';
import { formatTable, num, pct } from '../../format.ts';
import { cliIo } from '../cli-io.ts';

interface BacktestOptions {
  model: string;
  symbol: string;
  from?: string;
  to?: string;
  costBps: string;
  capital: string;
  timeframe?: string;
  equity?: boolean;
  json?: boolean;
}

function number(raw: string, option: string, min: number, strictlyAbove = false): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || (strictlyAbove && n <= min)) {
    fail(`${option}: "${raw}" must be a number ${strictlyAbove ? 'above' : 'of at least'} ${min}`);
  }
  return n;
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('backtest a position model on a symbol against buy-and-hold')
    .requiredOption('--model <id>', 'model id, e.g. sma-cross-20-50')
    .requiredOption('--symbol <symbol>', 'symbol with bars in the store, e.g. SPX')
    .option('--from <date>', 'first day of the trading window, YYYY-MM-DD (models still see all earlier history)')
    .option('--to <date>', 'last day of the data, YYYY-MM-DD (inclusive)')
    .option('--cost-bps <n>', 'cost in basis points of traded notional', '0')
    .option('--capital <n>', 'starting capital', '100000')
    .option('--timeframe <tf>', `bar timeframe: ${TIMEFRAMES.join(', ')} (default: 1d when stored, else the one the symbol has)`)
    .option('--equity', 'include the equity and target weight at every close of the window')
    .option('--json', 'print the backtest document as JSON')
    .action(async (opts: BacktestOptions) => {
      // The registry and the backtester load only when a backtest runs.
      const { allModels, getModel } = await import('../../registry/catalog.ts');
      const { backtestDocument, backtestNotes, runModelBacktest } = await import('../../engine/use-cases/model-backtest.ts');
      const model = getModel(opts.model.trim().toLowerCase());
      if (!model) {
        const near = closestNames(opts.model, allModels().map((m) => m.id), 3);
        fail(`--model: no model "${opts.model}"${near.length ? `; did you mean ${near.join(', ')}?` : ''}`);
      }
      const costBps = number(opts.costBps, '--cost-bps', 0);
      const capital = number(opts.capital, '--capital', 0, true);
      const timeframe = opts.timeframe === undefined ? undefined : checkTimeframe(opts.timeframe);
      try {
        if (opts.from) parseDate(opts.from, '--from');
        if (opts.to) parseDate(opts.to, '--to');
      } catch (err) {
        fail((err as UserError).message);
      }
      await withApp(async (app) => {
        const bt = await runModelBacktest(app.services, model, opts.symbol, { from: opts.from, to: opts.to, costBps, capital, timeframe });
        const doc = backtestDocument(bt, !!opts.equity);
        if (opts.json) return printJson(doc);
        const m = doc.metrics;
        const b = doc.benchmark;
        const rows = [
          ['', doc.model, 'buy-and-hold'],
          ['total return', pct(m.totalReturn), pct(b.totalReturn)],
          ['CAGR', pct(m.cagr), pct(b.cagr)],
          ['Sharpe', num(m.sharpe), num(b.sharpe)],
          ['max drawdown', pct(m.maxDrawdown), pct(b.maxDrawdown)],
          ['trades', String(m.trades), String(b.trades)],
          ['exposure', pct(m.exposure, 1), pct(b.exposure, 1)],
        ];
        const notes = backtestNotes(bt).map((n) => `${n}\n`).join('');
        cliIo().stdout.write(`${doc.model} on ${doc.symbol} ${bt.timeframe}, ${doc.from} to ${doc.to} (${doc.bars} bars)\n${notes}${formatTable(rows, ['l', 'r', 'r'])}\n`);
        if (doc.equity) for (const p of doc.equity) cliIo().stdout.write(`${p.date} ${p.equity.toFixed(2)} ${p.weight}\n`);
      });
    });
}
