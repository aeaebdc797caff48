// Before the weekly summary ranks the models, the autopilot's pool is evaluated again on the week's bars (on a worker
// thread, so the chats stay responsive); models already evaluated on the same data are skipped. Returns the line the
// summary carries.
import type { BarStore } from '../data/bar-store.ts';
import type { SeriesStore } from '../data/series-store.ts';
import type { Db } from '../db/database.ts';
import { runEvaluation } from '../evaluate/run-evaluation.ts';
import type { EvaluationRunner } from '../evaluate/evaluation-runner.ts';

export async function evaluatePoolAgain(
  stores: { db: Db; bars: BarStore; series: SeriesStore },
  pool: readonly string[],
  symbols: string[],
  /** The queue to `mltrainer worker` processes (REDIS_URL); default one worker thread here. */
  runner?: EvaluationRunner,
): Promise<string> {
  const r = await runEvaluation({ ...stores, models: [...pool], symbols, timeframe: '1d', workers: 1, runner });
  return (
    `Leaderboard refreshed: the autopilot's ${pool.length} pool models evaluated on the latest bars (${r.evaluated} evaluated, ` +
    `${r.skipped} unchanged since their last evaluation, ${r.failed} failed); other models keep their last evaluation (run /evaluate to refresh them).`
  );
}
