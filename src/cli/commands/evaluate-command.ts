// `mltrainer evaluate`: the persisted walk-forward evaluation of the registry (or some models) on some symbols, on the
// worker pool, with a progress bar on a terminal and a summary (counts, wall time, the leaderboard's top 10: one window,
// net of costs) at the end.
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import type { LeaderboardDocument } from '../../engine/leaderboard/build-leaderboard.ts';
import { leaderboardText } from '../../engine/leaderboard/leaderboard-text.ts';
import type { EvaluationSummary, TaskReport } from '../../engine/evaluate/run-evaluation.ts';
import { UserError } from '../../engine/user-error.ts';
import { fail, printJson, withApp } from '../run-command.ts';
import { checkTimeframe } from './data-command.ts';
import { formatTable } from '../../format.ts';
import { cliIo } from '../cli-io.ts';

interface EvaluateOptions {
  models?: string;
  symbols: string;
  timeframe: string;
  workers: string;
  force?: boolean;
  json?: boolean;
  queue?: string;
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

function topRows(doc: LeaderboardDocument) {
  return doc.rows.slice(0, TOP).map((r) => ({
    symbol: doc.symbol,
    rank: r.rank,
    modelId: r.model,
    output: r.output,
    sharpe: r.sharpe,
    totalReturn: r.totalReturn,
    cagr: r.cagr,
    maxDrawdown: r.maxDrawdown,
    from: doc.window.from,
    to: doc.window.to,
    costBps: doc.costBps,
  }));
}

function printSummary(summary: EvaluationSummary, tops: Map<string, LeaderboardDocument | null>, queued: boolean): void {
  const out: string[] = [];
  const where = `${summary.symbols.join(', ')} ${summary.timeframe}`;
  out.push(
    `Evaluated ${summary.tasks} model run${summary.tasks === 1 ? '' : 's'} on ${where} in ${summary.seconds.toFixed(1)} s` +
      (queued ? ' through the job queue' : summary.workers > 0 ? ` on ${summary.workers} worker${summary.workers === 1 ? '' : 's'}` : '') +
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
  for (const [symbol, doc] of tops) {
    out.push('');
    if (!doc) {
      out.push(
        `No trading or forecast model on ${symbol} ${summary.timeframe} has a Sharpe ratio yet; rank the others with ` +
          `\`mltrainer chat "/leaderboard ${symbol} qlike"\` (volatility), kupiec (value at risk) or z2 (expected shortfall).`,
      );
      continue;
    }
    // Ranked as the leaderboard ranks: one window for every model, net of costs, with the selection statistics.
    const text = leaderboardText(doc, TOP);
    out.push(text.headline);
    out.push(formatTable(text.table, text.align), ...text.notes);
  }
  cliIo().stdout.write(out.join('\n') + '\n');
}

export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description('walk-forward evaluation of the registry (or some models) on symbols, stored for the leaderboard; resumable')
    .option('--models <ids>', 'comma-separated model ids (default: every model in the registry)')
    .option('--symbols <symbols>', 'comma-separated symbols', 'SPX')
    .option('--timeframe <tf>', 'bar timeframe: 1d, 1wk, 1mo, 1h, 1m', '1d')
    .option('--workers <n>', 'worker threads (with REDIS_URL the jobs go to `mltrainer worker` processes instead)', '2')
    .option('--force', 'evaluate again even models already evaluated on the same data')
    .option('--json', 'print the summary as JSON')
    // With REDIS_URL the jobs go to this queue instead of the default one (tests run their own).
    .addOption(new Option('--queue <name>').hideHelp())
    .action(async (opts: EvaluateOptions) => {
      const timeframe = checkTimeframe(opts.timeframe);
      const workers = checkWorkers(opts.workers);
      const models = list(opts.models);
      const symbols = list(opts.symbols) ?? fail('--symbols: give at least one symbol, e.g. SPX');
      // Unknown ids are refused before the database is opened.
      try {
        if (models) (await import('../../engine/evaluate/run-evaluation.ts')).resolveModels(models);
      } catch (err) {
        if (err instanceof UserError) fail(err.message);
        throw err;
      }
      await withApp(async (app) => {
        const { runEvaluation } = await import('../../engine/evaluate/run-evaluation.ts');
        const { buildLeaderboard } = await import('../../engine/leaderboard/build-leaderboard.ts');
        const { evaluationRunnerFor } = await import('../evaluation-runner-for.ts');
        // With REDIS_URL, one job per model and symbol for the `mltrainer worker` processes; else this process's threads.
        const runner = evaluationRunnerFor(app.config, {
          queueName: opts.queue,
          onNotice: (line) => cliIo().stderr.write(`${bar ? '\n' : ''}mltrainer: ${line}\n`),
        });
        const bar = cliIo().stderr.isTTY
          ? new cliProgress.SingleBar(
              { stream: cliIo().stderr, format: 'evaluating {bar} {value}/{total} {percentage}% | ETA {eta_formatted} | {last}', hideCursor: true, clearOnComplete: true },
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
            runner,
            force: !!opts.force,
            onPlan: (plan) => bar?.start(plan.run, 0, { last: '' }),
            onProgress: (p) => bar?.update(p.done, { last: `${p.last.modelId} ${p.last.symbol}` }),
          });
        } finally {
          bar?.stop();
        }
        const tops = new Map<string, LeaderboardDocument | null>();
        for (const symbol of summary.symbols) {
          const doc = await buildLeaderboard(app.db.db, app.bars, { symbol, timeframe, costBps: app.config.trading.rankingCostBps }).catch((err: unknown) => {
            if (err instanceof UserError) return null; // nothing traded to rank on this symbol
            throw err;
          });
          tops.set(symbol, doc);
        }
        if (opts.json) printJson({ ...summary, top: [...tops.values()].flatMap((d) => (d ? topRows(d) : [])) });
        else printSummary(summary, tops, !!runner);
      });
    });
}
