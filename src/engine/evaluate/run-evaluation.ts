// A persisted walk-forward evaluation run: plans models x symbols, skips what was already evaluated on the same data,
// runs the rest on the worker pool, and stores each result the moment it arrives (so an interrupted run resumes).
import { performance } from 'node:perf_hooks';
import { allModels, closestModelIds, editDistance, getModel } from '../../registry/catalog.ts';
import type { BarSeries, Category, Model } from '../../registry/model.ts';
import type { Timeframe } from '../data/bar.ts';
import type { Db } from '../db/database.ts';
import { UserError } from '../user-error.ts';
import { dataHash } from './data-hash.ts';
import type { EvaluationTask } from './evaluation-task.ts';
import type { EvaluationRunner, TaskReport, TaskStatus } from './evaluation-runner.ts';
import { InProcessRunner } from './in-process-runner.ts';
import { loadModelSeries, type SeriesReader } from './model-series.ts';
import { DEFAULT_KEPT_PREDICTIONS, EvaluationStore } from './evaluation-store.ts';
import { absentBarFields, missingInputs } from './missing-inputs.ts';
import type { AppMetrics } from '../metrics/app-metrics.ts';

/** What the run reads bars through (the bar store). */
export interface BarReader {
  readBars(symbol: string, timeframe: Timeframe): Promise<BarSeries>;
  symbols(): Promise<string[]>;
  timeframesOf(symbol: string): Promise<Timeframe[]>;
}

export type { SeriesReader } from './model-series.ts';
export type { TaskReport, TaskStatus } from './evaluation-runner.ts';

export interface EvaluationPlan {
  /** Tasks to run on the pool. */
  run: number;
  /** Already evaluated on the same data. */
  skipped: number;
  /** Refused before running (inputs the data lacks). */
  refused: number;
}

export interface EvaluationProgress {
  /** Tasks finished of those run on the pool. */
  done: number;
  total: number;
  last: TaskReport;
}

export interface RunEvaluationOptions {
  db: Db;
  bars: BarReader;
  series?: SeriesReader;
  /** Model ids; default the whole registry. */
  models?: readonly string[];
  /** Default ['SPX']. */
  symbols?: readonly string[];
  timeframe?: Timeframe;
  /** Worker threads (default 2); 0 runs in this thread. Ignored with a `runner`. */
  workers?: number;
  /** Where the planned tasks run and are stored (default: this process's worker threads). */
  runner?: EvaluationRunner;
  /** Evaluate again even what was evaluated on the same data. */
  force?: boolean;
  /** Newest out-of-sample predictions stored per model and symbol (default 252; 0 stores none). */
  keepPredictions?: number;
  /** Called once the plan is known, before any task runs. */
  onPlan?: (plan: EvaluationPlan) => void;
  /** Called as each task run finishes (after its result is stored). */
  onProgress?: (progress: EvaluationProgress) => void;
  /** Counts the run (when any task ran) and its duration. */
  metrics?: AppMetrics;
}

export interface EvaluationSummary {
  timeframe: Timeframe;
  symbols: string[];
  /** Model x symbol tasks considered. */
  tasks: number;
  evaluated: number;
  skipped: number;
  failed: number;
  /** Worker threads used here (0 when the tasks ran in this thread or on queue workers elsewhere). */
  workers: number;
  /** Wall time of the whole run. */
  seconds: number;
  /** One per task, models in catalog (or given) order within each symbol. */
  reports: TaskReport[];
}

/**
 * Raise when a scorer changes what it stores (2: expected shortfall by Z2, metrics annualised by timeframe; 3: ruin ends
 * trading, traded models' whole outputs kept for the leaderboard), so a resumed run does not keep results the new rules
 * would not give.
 */
export const SCORING_VERSION = 3;

/** A guess of seconds per 5000 bars by category, for ordering a first run's tasks (measured seconds replace it). */
const CATEGORY_COST: Partial<Record<Category, number>> = {
  neural: 3,
  ensemble: 3,
  'machine-learning': 2,
  regression: 0.5,
  regime: 0.2,
  macro: 0.1,
  volatility: 0.05,
};

/** The models named (all when none), or a UserError naming the unknown ids with the closest known ones. */
export function resolveModels(ids: readonly string[] | undefined): Model[] {
  if (!ids || ids.length === 0) return [...allModels()];
  const unique = [...new Set(ids.map((id) => id.trim().toLowerCase()).filter(Boolean))];
  if (unique.length === 0) throw new UserError('No model ids given.');
  const unknown = unique.filter((id) => !getModel(id));
  if (unknown.length > 0) {
    const parts = unknown.map((id) => `"${id}" (did you mean ${closestModelIds(id, 3).join(', ')}?)`);
    throw new UserError(`Unknown model${unknown.length > 1 ? 's' : ''} ${parts.join('; ')}. \`mltrainer models\` lists them all.`);
  }
  return unique.map((id) => getModel(id)!); // every id was found just above
}

/** The bars of each symbol at the timeframe, or a UserError naming what is stored instead. */
async function loadSymbols(reader: BarReader, symbols: readonly string[], timeframe: Timeframe): Promise<Map<string, BarSeries>> {
  const out = new Map<string, BarSeries>();
  let known: string[] | undefined;
  for (const raw of symbols) {
    const symbol = raw.trim().toUpperCase();
    if (!symbol || out.has(symbol)) continue;
    const bars = await reader.readBars(symbol, timeframe);
    if (bars.length > 0) {
      out.set(symbol, bars);
      continue;
    }
    const others = await reader.timeframesOf(symbol);
    if (others.length > 0) {
      throw new UserError(`${symbol} has no ${timeframe} bars (it has ${others.join(', ')}); evaluate it with timeframe ${others[0]}.`);
    }
    known ??= await reader.symbols();
    // Only near misses are suggestions (SPY -> SPX); otherwise the stored symbols are listed.
    const near = known
      .map((s) => ({ s, d: editDistance(symbol, s) }))
      .filter((x) => x.d <= Math.max(1, Math.floor(symbol.length / 2)))
      .sort((a, b) => a.d - b.d || (a.s < b.s ? -1 : 1))
      .slice(0, 3)
      .map((x) => x.s);
    const hint = near.length ? `; did you mean ${near.join(', ')}?` : known.length ? ` (stored: ${known.join(', ')}).` : '.';
    throw new UserError(`No bars stored for ${symbol}${hint} Import them with \`mltrainer data import\` or \`mltrainer data pull\`.`);
  }
  if (out.size === 0) throw new UserError('No symbols given.');
  return out;
}

export async function runEvaluation(opts: RunEvaluationOptions): Promise<EvaluationSummary> {
  const started = performance.now();
  const timeframe = opts.timeframe ?? '1d';
  const models = resolveModels(opts.models);
  const barsBySymbol = await loadSymbols(opts.bars, opts.symbols ?? ['SPX'], timeframe);
  const series = await loadModelSeries(opts.series, models);
  const store = new EvaluationStore(opts.db);
  const keep = opts.keepPredictions ?? DEFAULT_KEPT_PREDICTIONS;

  // Plan: every model on every symbol, each either to run, skipped (same data seen before) or refused (inputs lacking).
  const reports: TaskReport[] = [];
  const tasks: EvaluationTask[] = [];
  const taskReport: number[] = []; // tasks[i] -> index in reports
  const hashes = new Map<string, string>();
  for (const [symbol, bars] of barsBySymbol) {
    // The scoring's version is part of the fingerprint: results scored by older rules are evaluated again, not kept.
    const hash = `${dataHash(bars)}-s${SCORING_VERSION}`;
    hashes.set(symbol, hash);
    const done = opts.force ? new Set<string>() : await store.evaluatedModels(symbol, timeframe, hash);
    const absent = absentBarFields(bars);
    for (const model of models) {
      if (done.has(model.id)) {
        reports.push({ modelId: model.id, symbol, status: 'skipped' });
        continue;
      }
      const reason = missingInputs(model, bars, `${symbol} ${timeframe}`, absent, series);
      if (reason) {
        reports.push({ modelId: model.id, symbol, status: 'failed', error: reason });
        continue;
      }
      taskReport.push(reports.length);
      reports.push({ modelId: model.id, symbol, status: 'failed', error: 'not run' });
      tasks.push({ modelId: model.id, symbol });
    }
  }
  // Slowest first (longest-processing-time order), so two workers finish together instead of one waiting on a
  // neural net dispatched last: by the seconds measured before, else a guess from the model's category.
  const measured = await store.secondsByModel();
  // (here and below: a task's model is resolved and its symbol's bars and hash are loaded, so the lookups hold)
  const cost = (t: EvaluationTask) => {
    const m = getModel(t.modelId)!;
    return measured.get(t.modelId) ?? (CATEGORY_COST[m.category] ?? 0.01) * (barsBySymbol.get(t.symbol)!.length / 5000);
  };
  const order = tasks.map((t, i) => ({ i, c: cost(t) })).sort((a, b) => b.c - a.c || a.i - b.i);
  const sortedTasks = order.map((o) => tasks[o.i]!);
  const sortedReport = order.map((o) => taskReport[o.i]!);
  tasks.splice(0, tasks.length, ...sortedTasks);
  taskReport.splice(0, taskReport.length, ...sortedReport);

  opts.onPlan?.({
    run: tasks.length,
    skipped: reports.filter((r) => r.status === 'skipped').length,
    refused: reports.length - tasks.length - reports.filter((r) => r.status === 'skipped').length,
  });

  const runner = opts.runner ?? new InProcessRunner(opts.db, opts.workers ?? 2);
  const indexOf = new Map(tasks.map((t, i) => [`${t.modelId}\u0000${t.symbol}`, i]));
  let finished = 0;
  await runner.run({ tasks, timeframe, hashes, keepPredictions: keep, bars: barsBySymbol, series }, (report) => {
    reports[taskReport[indexOf.get(`${report.modelId}\u0000${report.symbol}`)!]!] = report;
    opts.onProgress?.({ done: ++finished, total: tasks.length, last: report });
  });

  const count = (s: TaskStatus) => reports.filter((r) => r.status === s).length;
  const seconds = (performance.now() - started) / 1000;
  if (tasks.length > 0) opts.metrics?.evaluationRun({ tasks: tasks.length, seconds });
  return {
    timeframe,
    symbols: [...barsBySymbol.keys()],
    tasks: reports.length,
    evaluated: count('evaluated'),
    skipped: count('skipped'),
    failed: count('failed'),
    workers: Math.min(runner.workers ?? 0, tasks.length),
    seconds,
    reports,
  };
}
