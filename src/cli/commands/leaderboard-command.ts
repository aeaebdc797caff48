// `mltrainer leaderboard`: the chat's /leaderboard on the command line. Trading models are ranked on one common window,
// net of costs, with the selection statistics (trials, Deflated Sharpe Ratio, PBO); models not yet evaluated on the
// symbol's current data are evaluated first (resumable, with a progress bar on a terminal).
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { parseDate } from '../../engine/backtest/window.ts';
import { leaderboardText, oosTable } from '../../engine/leaderboard/leaderboard-text.ts';
import { isTradedRankMetric, TRADED_RANK_METRICS } from '../../engine/leaderboard/rank-metrics.ts';
import { UserError } from '../../engine/user-error.ts';
import { fail, printJson, withApp } from '../run-command.ts';
import { formatTable } from '../../format.ts';
import { cliIo } from '../cli-io.ts';

interface LeaderboardOptions {
  symbol: string;
  metric: string;
  from?: string;
  to?: string;
  costBps?: string;
  oos?: boolean;
  evaluate: boolean;
  rows: string;
  json?: boolean;
}

function checkCost(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1000) fail(`--cost-bps: "${raw}" is not a number of basis points from 0 to 1000`);
  return n;
}

export function registerLeaderboardCommand(program: Command): void {
  program
    .command('leaderboard')
    .description('rank the trading models on one window, net of costs, with Sharpe intervals, PSR, the Deflated Sharpe Ratio and PBO')
    .option('--symbol <symbol>', 'the symbol', 'SPX')
    .option('--metric <metric>', `rank by ${Object.keys(TRADED_RANK_METRICS).join(', ')}`, 'sharpe')
    .option('--from <date>', 'start of the common window, YYYY-MM-DD (default: the latest start every ranked model can trade from)')
    .option('--to <date>', 'end of the window, YYYY-MM-DD (default: the last bar)')
    .option('--cost-bps <n>', 'cost in basis points of traded notional (default: the configured broker costs, else MLTRAINER_COST_BPS, else 5)')
    .option('--oos', "also show how each year's best model did the next year")
    .option('--no-evaluate', 'rank only what is already evaluated (do not evaluate missing models first)')
    .option('--rows <n>', 'rows shown in the text output', '20')
    .option('--json', "print the contract's leaderboard document")
    .action(async (opts: LeaderboardOptions) => {
      if (!isTradedRankMetric(opts.metric)) fail(`--metric: "${opts.metric}" is not one of ${Object.keys(TRADED_RANK_METRICS).join(', ')}`);
      const metric = opts.metric;
      const costBps = checkCost(opts.costBps);
      const rows = Number(opts.rows);
      if (!Number.isInteger(rows) || rows < 1) fail(`--rows: "${opts.rows}" is not a whole number above 0`);
      try {
        if (opts.from) parseDate(opts.from, '--from');
        if (opts.to) parseDate(opts.to, '--to');
      } catch (err) {
        if (err instanceof UserError) fail(err.message);
        throw err;
      }
      const symbol = opts.symbol.trim().toUpperCase();
      await withApp(async (app) => {
        const { runEvaluation } = await import('../../engine/evaluate/run-evaluation.ts');
        const { buildLeaderboard, leaderboardBars, tradedModelIds } = await import('../../engine/leaderboard/build-leaderboard.ts');
        if (opts.evaluate) {
          const { timeframe } = await leaderboardBars(app.bars, symbol);
          const bar = cliIo().stderr.isTTY
            ? new cliProgress.SingleBar(
                { stream: cliIo().stderr, format: 'evaluating {bar} {value}/{total} | ETA {eta_formatted} | {last}', hideCursor: true, clearOnComplete: true },
                cliProgress.Presets.shades_classic,
              )
            : undefined;
          try {
            await runEvaluation({
              db: app.db.db,
              bars: app.bars,
              series: app.series,
              models: tradedModelIds(),
              symbols: [symbol],
              timeframe,
              runner: (await import('../evaluation-runner-for.ts')).evaluationRunnerFor(app.config, {
                onNotice: (line) => cliIo().stderr.write(`${bar ? '\n' : ''}mltrainer: ${line}\n`),
              }),
              onPlan: (plan) => {
                if (plan.run > 0) bar?.start(plan.run, 0, { last: '' });
              },
              onProgress: (p) => bar?.update(p.done, { last: p.last.modelId }),
            });
          } finally {
            bar?.stop();
          }
        }
        const doc = await buildLeaderboard(app.db.db, app.bars, {
          symbol,
          metric,
          from: opts.from,
          to: opts.to,
          costBps: costBps ?? app.config.trading.rankingCostBps,
          oos: !!opts.oos,
        });
        if (opts.json) {
          printJson(doc);
          return;
        }
        const text = leaderboardText(doc, rows);
        const out = [text.headline, formatTable(text.table, text.align), '', ...text.notes];
        const oos = oosTable(doc);
        if (oos.length > 0) out.push('', 'Each year\'s best model and how it did the next year:', formatTable(oos, ['l', 'l', 'r', 'r', 'r', 'r']));
        cliIo().stdout.write(out.join('\n') + '\n');
      });
    });
}
