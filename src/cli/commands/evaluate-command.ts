// `mltrainer evaluate`: the persisted walk-forward evaluation of the registry (or some models) on some symbols, on the
// worker pool, with a progress bar on a terminal and a summary (counts, wall time, the top 10 by Sharpe) at the end.
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { formatTable } from '../../agent/reply.ts';
import { EvaluationStore, type LeaderboardRow } from '../../engine/evaluate/evaluation-store.ts';
import { resolveModels, runEvaluation, type EvaluationSummary, type TaskReport } from '../../engine/evaluate/run-evaluation.ts';
import { UserError } from '../../engine/user-error.ts';
import { fail, printJson, withApp } from '../run-command.ts';
import { checkTimeframe } from './data-command.ts';

interface EvaluateOptions {
  models?: string;
  symbols: string;
  timeframe: string;
  workers: string;
  force?: boolean;
  json?: boolean;
}

const TOP = 10;
const FAILURES_SHOWN = 20;

function list(raw: string | undefined): string[] | undefined {
  const items = raw?.split(',').map((s) => s.trim()).filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

function checkWorkers(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 64) fail(`--workers: "${raw}" is not a whole number from 0 to 64`);
  return n;
}

/** A metric for a table cell: fixed decimals, or "-" where it is undefined. */
function cell(v: number | null | undefined, digits: number, percent = false): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '-';
  return percent ? `${(v * 100).toFixed(digits)}%` : v.toFixed(digits);
}

function topRow(r: LeaderboardRow) {
  return {
    symbol: r.symbol,
    rank: r.rank,
    modelId: r.modelId,
    output: r.output,
    sharpe: r.value,
    totalReturn: r.metrics.totalReturn ?? null,
    cagr: r.metrics.cagr ?? null,
    maxDrawdown: r.metrics.maxDrawdown ?? null,
    from: r.from,
    to: r.to,
  };
}

function printSummary(summary: EvaluationSummary, tops: Map<string, LeaderboardRow[]>): void {
  const out: string[] = [];
  const where = `${summary.symbols.join(', ')} ${summary.timeframe}`;
  out.push(
    `Evaluated ${summary.tasks} model run${summary.tasks === 1 ? '' : 's'} on ${where} in ${summary.seconds.toFixed(1)} s` +
      (summary.workers > 0 ? ` on ${summary.workers} worker${summary.workers === 1 ? '' : 's'}` : '') +
      `: ${summary.evaluated} evaluated, ${summary.skipped} skipped ` +
      `(already evaluated on the same data), ${summary.failed} failed.`,
  );
  const failures = summary.reports.filter((r): r is TaskReport & { error: string } => r.status === 'failed');
  if (failures.length > 0) {
    // Many models fail for one reason (close-only data, a series not pulled): one line per reason, naming a few.
    const groups = new Map<string, string[]>();
    for (const f of failures) {
      // "X needs ..." becomes "Needs ..." so models failing for one reason share a line.
      const rest = f.error.startsWith(f.modelId) ? f.error.slice(f.modelId.length).trim() : '';
      const reason = rest ? rest[0]!.toUpperCase() + rest.slice(1) : f.error;
      const key = `${reason}${summary.symbols.length > 1 && !reason.includes(f.symbol) ? ` (${f.symbol})` : ''}`;
      groups.set(key, [...(groups.get(key) ?? []), f.modelId]);
    }
    out.push('', 'Failed:');
    for (const [reason, ids] of [...groups].slice(0, FAILURES_SHOWN)) {
      const named = ids.length > 4 ? `${ids.slice(0, 4).join(', ')} and ${ids.length - 4} more` : ids.join(', ');
      out.push(`  ${reason}`, `    ${ids.length} model${ids.length === 1 ? '' : 's'}: ${named}`);
    }
    if (groups.size > FAILURES_SHOWN) out.push(`  ... and ${groups.size - FAILURES_SHOWN} more reasons (--json lists every task)`);
  }
  for (const [symbol, rows] of tops) {
    out.push('');
    if (rows.length === 0) {
      out.push(
        `No trading or forecast model on ${symbol} ${summary.timeframe} has a Sharpe ratio yet; rank the others with ` +
          `\`mltrainer chat "/leaderboard ${symbol} qlike"\` (volatility), kupiec (value at risk) or z2 (expected shortfall).`,
      );
      continue;
    }
    out.push(`Top ${rows.length} by Sharpe on ${symbol} ${summary.timeframe} (out of sample, after each model's warm-up):`);
    const table = [
      ['#', 'model', 'output', 'sharpe', 'return', 'CAGR', 'max DD', 'window'],
      ...rows.map((r) => [
        String(r.rank),
        r.modelId,
        r.output,
        cell(r.value, 2),
        cell(r.metrics.totalReturn, 1, true),
        cell(r.metrics.cagr, 2, true),
        cell(r.metrics.maxDrawdown, 1, true),
        `${r.from}..${r.to}`,
      ]),
    ];
    out.push(formatTable(table, ['r', 'l', 'l', 'r', 'r', 'r', 'r', 'l']));
  }
  process.stdout.write(out.join('\n') + '\n');
}

export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description('walk-forward evaluation of the registry (or some models) on symbols, stored for the leaderboard; resumable')
    .option('--models <ids>', 'comma-separated model ids (default: every model in the registry)')
    .option('--symbols <symbols>', 'comma-separated symbols', 'SPX')
    .option('--timeframe <tf>', 'bar timeframe: 1d, 1wk, 1mo, 1h, 1m', '1d')
    .option('--workers <n>', 'worker threads', '2')
    .option('--force', 'evaluate again even models already evaluated on the same data')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: EvaluateOptions) => {
      const timeframe = checkTimeframe(opts.timeframe);
      const workers = checkWorkers(opts.workers);
      const models = list(opts.models);
      const symbols = list(opts.symbols) ?? fail('--symbols: give at least one symbol, e.g. SPX');
      // Unknown ids are refused before the database is opened.
      try {
        if (models) resolveModels(models);
      } catch (err) {
        if (err instanceof UserError) fail(err.message);
        throw err;
      }
      await withApp(async (app) => {
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar(
              { stream: process.stderr, format: 'evaluating {bar} {value}/{total} {percentage}% | ETA {eta_formatted} | {last}', hideCursor: true, clearOnComplete: true },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
        let summary: EvaluationSummary;
        try {
          summary = await runEvaluation({
            db: app.db.db,
            bars: app.bars,
            series: app.series,
            models,
            symbols,
            timeframe,
            workers,
            force: !!opts.force,
            onPlan: (plan) => bar?.start(plan.run, 0, { last: '' }),
            onProgress: (p) => bar?.update(p.done, { last: `${p.last.modelId} ${p.last.symbol}` }),
          });
        } finally {
          bar?.stop();
        }
        const store = new EvaluationStore(app.db.db);
        const tops = new Map<string, LeaderboardRow[]>();
        for (const symbol of summary.symbols) tops.set(symbol, (await store.leaderboard({ symbol, timeframe, metric: 'sharpe', limit: TOP })).rows);
        if (opts.json) printJson({ ...summary, top: [...tops.values()].flat().map(topRow) });
        else printSummary(summary, tops);
      });
    });
}
