// The evaluation runner on BullMQ: one job per model x symbol carrying only ids and the data's fingerprint, run and
// stored by `mltrainer worker` processes on any machine sharing the database; this side waits, reporting each job as
// the queue's events say it completed or (after its retries) failed.
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { EvaluationBatch, EvaluationRunner, TaskReport } from '../evaluate/evaluation-runner.ts';
import {
  closeQuietly,
  jobOptions,
  queueName,
  readyOrRefuse,
  redisConnection,
  type EvaluationJobData,
  type EvaluationJobResult,
  type QueueSettings,
  watchRedis,
} from './evaluation-queue.ts';
import type { Redis } from 'ioredis';

export class QueueEvaluationRunner implements EvaluationRunner {
  /** The tasks run in the worker processes, however many there are. */
  readonly workers = undefined;

  constructor(private readonly settings: QueueSettings) {}

  async run(batch: EvaluationBatch, onReport: (report: TaskReport) => void): Promise<void> {
    if (batch.tasks.length === 0) return;
    const name = queueName(this.settings);
    const queueConn = redisConnection(this.settings.url);
    const eventsConn = redisConnection(this.settings.url);
    const queue = new Queue<EvaluationJobData, EvaluationJobResult>(name, { connection: queueConn });
    const events = new QueueEvents(name, { connection: eventsConn });
    // One completed and one failed listener per job waiting (and one on the queue): hundreds for the registry.
    events.setMaxListeners(0);
    queue.setMaxListeners(0);
    queue.on('error', () => undefined); // connection errors are logged once by the connection itself
    events.on('error', () => undefined);
    let ready = false;
    let runHere = false;
    let callbackError: unknown;
    try {
      // Listening before the jobs exist, so no completion can be missed.
      await readyOrRefuse(Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), this.settings.url);
      ready = true;
      const connected = await queue.getWorkersCount();
      runHere = connected === 0 && !!this.settings.fallback;
      if (!runHere) callbackError = await this.enqueueAndWait(queue, events, batch, onReport, connected, queueConn);
    } finally {
      await closeQuietly([events, queue], [queueConn, eventsConn], ready ? 5000 : 500);
    }
    if (runHere) return this.settings.fallback!.run(batch, onReport); // runHere implies a fallback
    if (callbackError !== undefined) throw callbackError;
  }

  /** Queues one job per task and reports each as it finishes; returns what a failing `onReport` threw, if anything. */
  private async enqueueAndWait(
    queue: Queue<EvaluationJobData, EvaluationJobResult>,
    events: QueueEvents,
    batch: EvaluationBatch,
    onReport: (report: TaskReport) => void,
    connected: number,
    /** Pinged while waiting: a Redis gone mid-run ends the wait. */
    conn: Redis,
  ): Promise<unknown> {
    const opts = jobOptions(this.settings);
    const jobs = await queue.addBulk(
      batch.tasks.map((t) => ({
        name: `${t.modelId} ${t.symbol}`,
        data: { modelId: t.modelId, symbol: t.symbol, timeframe: batch.timeframe, dataHash: batch.hashes.get(t.symbol)!, keepPredictions: batch.keepPredictions },
        opts,
      })),
    );
    // Otherwise the run would wait without a word: the jobs stay queued until a worker starts.
    if (connected === 0) {
      const n = jobs.length;
      this.settings.onNotice?.(`${n} evaluation job${n === 1 ? ' is' : 's are'} queued, but no \`mltrainer worker\` is connected to take ${n === 1 ? 'it' : 'them'} yet; start one with the same DATABASE_URL and REDIS_URL.`);
    }
    let callbackError: unknown;
    const watch = watchRedis(conn, this.settings.url, this.settings.lostMs);
    try {
      await Promise.race([
        Promise.all(
          jobs.map(async (job) => {
            const report = await outcomeOf(job, events);
            try {
              onReport(report);
            } catch (err) {
              callbackError ??= err; // a failing progress callback must not stop the wait for the other jobs
            }
          }),
        ),
        watch.lost,
      ]);
    } finally {
      watch.stop();
    }
    return callbackError;
  }
}

/** The job's report once it finished: evaluated and stored by a worker, or failed with the error of its last try. */
async function outcomeOf(job: Job<EvaluationJobData, EvaluationJobResult>, events: QueueEvents): Promise<TaskReport> {
  const { modelId, symbol } = job.data;
  try {
    const result = await job.waitUntilFinished(events);
    return { modelId, symbol, status: 'evaluated', seconds: typeof result?.seconds === 'number' ? result.seconds : 0 };
  } catch (err) {
    return { modelId, symbol, status: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
}
