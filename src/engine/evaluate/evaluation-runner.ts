// The port through which a persisted evaluation run gets its planned model x symbol tasks run and stored: on this
// machine's worker threads (InProcessRunner), or as queued jobs that `mltrainer worker` processes run anywhere
// (engine/jobs). Either way each result is stored by storeOutcome, so both give the same rows.
import type { BarSeries, ExtraSeries } from '../../registry/model.ts';
import type { Timeframe } from '../data/bar.ts';
import type { EvaluationTask } from './evaluation-task.ts';

export type TaskStatus = 'evaluated' | 'skipped' | 'failed';

export interface TaskReport {
  modelId: string;
  symbol: string;
  status: TaskStatus;
  /** Evaluated: seconds the model's run and scoring took. */
  seconds?: number;
  /** Failed: why, in a sentence. */
  error?: string;
}

/** What the plan decided to run, with what the planner already loaded (a queue sends only ids and fingerprints). */
export interface EvaluationBatch {
  /** In the order to start them (slowest first). */
  tasks: readonly EvaluationTask[];
  timeframe: Timeframe;
  /** Symbol -> fingerprint of its bars and the scoring version: the key the results are stored under. */
  hashes: ReadonlyMap<string, string>;
  /** Newest out-of-sample predictions stored per result (0 stores none). */
  keepPredictions: number;
  bars: ReadonlyMap<string, BarSeries>;
  series: Readonly<Record<string, ExtraSeries>>;
}

export interface EvaluationRunner {
  /** How many tasks run at once here (worker threads), or undefined when that is the worker processes' business. */
  readonly workers: number | undefined;
  /** Runs and stores every task; `onReport` hears each one as it finishes (stored or failed), in completion order. */
  run(batch: EvaluationBatch, onReport: (report: TaskReport) => void): Promise<void>;
}
