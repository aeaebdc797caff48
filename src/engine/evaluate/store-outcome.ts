// Stores one task's outcome (its result row, newest predictions and, for a traded model, its whole output) and says
// how it went: the one write path of the in-process run and of the queue's worker processes, so both store the same.
import type { BarSeries } from '../../registry/model.ts';
import type { TaskReport } from './evaluation-runner.ts';
import type { EvaluationStore } from './evaluation-store.ts';
import type { TaskOutcome } from './evaluation-task.ts';

export interface OutcomeContext {
  timeframe: string;
  /** The fingerprint (with the scoring version) of the bars the model ran on. */
  dataHash: string;
  bars: BarSeries;
  /** Newest out-of-sample predictions kept (0 keeps none). */
  keepPredictions: number;
}

/**
 * A failed outcome is reported as it is; a result is upserted on (model, symbol, timeframe, window), which the
 * fingerprint fixes, so storing the same outcome twice (a retried job) leaves one row. A store that fails is reported
 * as a failed task unless `rethrow` (a queued job is then retried).
 */
export async function storeOutcome(store: EvaluationStore, outcome: TaskOutcome, ctx: OutcomeContext, rethrow = false): Promise<TaskReport> {
  const { modelId, symbol } = outcome;
  if (!outcome.ok) return { modelId, symbol, status: 'failed', error: outcome.error };
  const r = outcome.result;
  const keep = ctx.keepPredictions;
  try {
    await store.saveResult(
      {
        modelId,
        symbol,
        timeframe: ctx.timeframe,
        from: r.from,
        to: r.to,
        dataHash: ctx.dataHash,
        output: r.output,
        bars: r.bars,
        metrics: r.metrics,
        seconds: r.seconds ?? 0,
      },
      keep > 0 && r.predictions ? { bars: ctx.bars, values: r.predictions, opts: { fromIndex: r.fromIndex, toIndex: r.toIndex, keep } } : undefined,
      r.predictions ? { values: r.predictions, firstIndex: r.fromIndex } : undefined,
    );
    return { modelId, symbol, status: 'evaluated', seconds: r.seconds ?? 0 };
  } catch (err) {
    if (rethrow) throw err;
    return { modelId, symbol, status: 'failed', error: `storing the result failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
