// The evaluation runner of one process: the planned tasks run on this machine's worker threads (evaluateMany) and
// each result is stored here, one after another, the moment it arrives (so an interrupted run resumes).
import { PERIODS_PER_YEAR } from '../backtest/periods-per-year.ts';
import type { Db } from '../db/database.ts';
import { evaluateMany } from './evaluate-many.ts';
import type { EvaluationInput } from './evaluate-model.ts';
import type { EvaluationBatch, EvaluationRunner, TaskReport } from './evaluation-runner.ts';
import { EvaluationStore } from './evaluation-store.ts';
import { storeOutcome } from './store-outcome.ts';

export class InProcessRunner implements EvaluationRunner {
  /** `workers` threads (0 runs the tasks in this thread). */
  constructor(
    private readonly db: Db,
    readonly workers: number = 2,
  ) {}

  async run(batch: EvaluationBatch, onReport: (report: TaskReport) => void): Promise<void> {
    const store = new EvaluationStore(this.db);
    // Results are stored one after another as they arrive; the chain is awaited before returning.
    let saving: Promise<void> = Promise.resolve();
    let callbackError: unknown;
    // (every task's symbol was loaded and fingerprinted by the plan, so the lookups below hold)
    await evaluateMany(batch.tasks, async (symbol): Promise<EvaluationInput> => ({ bars: batch.bars.get(symbol)!, series: batch.series }), {
      workers: this.workers,
      evaluation: { keepPredictions: true, timed: true, periodsPerYear: PERIODS_PER_YEAR[batch.timeframe] },
      onProgress: (_done, _total, outcome) => {
        saving = saving
          .then(async () => {
            const ctx = { timeframe: batch.timeframe, dataHash: batch.hashes.get(outcome.symbol)!, bars: batch.bars.get(outcome.symbol)!, keepPredictions: batch.keepPredictions };
            onReport(await storeOutcome(store, outcome, ctx));
          })
          .catch((err: unknown) => {
            callbackError ??= err; // a failing progress callback must not stop the remaining results from being stored
          });
      },
    });
    await saving;
    if (callbackError !== undefined) throw callbackError;
  }
}
