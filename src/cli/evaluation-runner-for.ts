// Which evaluation runner a command's runs go through: the BullMQ queue to `mltrainer worker` processes with
// REDIS_URL, else undefined (the run's own worker threads in this process, as without Redis).
import type { Config } from '../config.ts';
import type { EvaluationBatch, EvaluationRunner, TaskReport } from '../engine/evaluate/evaluation-runner.ts';
import type { QueueSettings } from '../engine/jobs/evaluation-queue.ts';

/** Loads bullmq only when a run is queued, so commands that never evaluate start as fast as before. */
class QueueRunnerOnDemand implements EvaluationRunner {
  readonly workers = undefined;
  constructor(private readonly settings: QueueSettings) {}
  async run(batch: EvaluationBatch, onReport: (report: TaskReport) => void): Promise<void> {
    const { QueueEvaluationRunner } = await import('../engine/jobs/queue-evaluation-runner.ts');
    await new QueueEvaluationRunner(this.settings).run(batch, onReport);
  }
}

/**
 * `onNotice` hears a sentence for the user when the jobs are queued with no worker connected; with `fallback`, such a
 * run goes there instead of waiting.
 */
export function evaluationRunnerFor(config: Config, opts: Omit<QueueSettings, 'url'> = {}): EvaluationRunner | undefined {
  return config.redisUrl ? new QueueRunnerOnDemand({ ...opts, url: config.redisUrl }) : undefined;
}
