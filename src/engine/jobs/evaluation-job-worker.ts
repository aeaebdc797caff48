// What a `mltrainer worker` process runs: a BullMQ worker taking evaluation jobs, reading each job's bars from the
// database, checking they are the data the producer planned on, evaluating on this process's worker threads (the same
// code as an in-process run) and storing the result through the same write (so a job run twice leaves one row).
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { logger } from '../../log.ts';
import type { BarSeries } from '../../registry/model.ts';
import { PERIODS_PER_YEAR } from '../backtest/periods-per-year.ts';
import type { Db } from '../db/database.ts';
import { dataHash } from '../evaluate/data-hash.ts';
import { EvaluationStore } from '../evaluate/evaluation-store.ts';
import { importModels, type ModelsModule } from '../evaluate/evaluation-task.ts';
import { EvaluationThreadPool } from '../evaluate/evaluation-thread-pool.ts';
import { loadModelSeries, type SeriesReader } from '../evaluate/model-series.ts';
import { SCORING_VERSION, type BarReader } from '../evaluate/run-evaluation.ts';
import { storeOutcome } from '../evaluate/store-outcome.ts';
import { OWN_EXT } from '../workers/spawn-worker.ts';
import { closeQuietly, evaluationJobData, queueName, readyOrRefuse, redisConnection, type EvaluationJobResult, type QueueSettings } from './evaluation-queue.ts';

const log = logger('worker');

export interface EvaluationWorkerOptions {
  db: Db;
  bars: BarReader;
  series?: SeriesReader;
  queue: QueueSettings;
  /** Jobs run at once, each on its own worker thread. */
  concurrency: number;
  /** Module exporting `getModel(id)`; default the registry's catalog (tests give a module with a failing model). */
  modelsModule?: string;
  /** How long a job's lock lasts without renewal, and how often stalled jobs are looked for (BullMQ's defaults: 30 s). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface RunningEvaluationWorker {
  /** Stops taking jobs, lets the jobs in hand finish, and closes the threads and connections. */
  close(): Promise<void>;
}

export async function startEvaluationWorker(opts: EvaluationWorkerOptions): Promise<RunningEvaluationWorker> {
  const pool = new EvaluationThreadPool(opts.concurrency, opts.modelsModule);
  const store = new EvaluationStore(opts.db);
  let models: Promise<ModelsModule> | undefined;
  // The bars last read per symbol and timeframe: reused while jobs name the same fingerprint.
  const cache = new Map<string, { bars: BarSeries; hash: string }>();

  const readFingerprinted = async (symbol: string, timeframe: keyof typeof PERIODS_PER_YEAR, wanted: string) => {
    const key = `${symbol}\u0000${timeframe}`;
    const held = cache.get(key);
    if (held?.hash === wanted) return held;
    const bars = await opts.bars.readBars(symbol, timeframe);
    const fresh = { bars, hash: `${dataHash(bars)}-s${SCORING_VERSION}` };
    cache.set(key, fresh);
    return fresh;
  };

  const processJob = async (job: Job): Promise<EvaluationJobResult> => {
    const parsed = evaluationJobData.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`not an evaluation job: ${parsed.error.issues[0]?.message ?? 'bad data'}`);
    const { modelId, symbol, timeframe, dataHash: wanted, keepPredictions } = parsed.data;
    models ??= importModels(opts.modelsModule ?? defaultModelsModule());
    const model = (await models).getModel(modelId);
    if (!model) throw new UnrecoverableError(`Unknown model "${modelId}" (this worker runs another version of mlTrainer?).`);
    const { bars, hash } = await readFingerprinted(symbol, timeframe, wanted);
    // Another fingerprint: the bars changed (or the scoring rules did) since the run was planned; retrying cannot help.
    if (hash !== wanted) {
      throw new UnrecoverableError(`${symbol} ${timeframe} bars are not those the run was planned on (${hash} here, ${wanted} planned); run the evaluation again.`);
    }
    const series = await loadModelSeries(opts.series, [model]);
    const outcome = await pool.run({ modelId, symbol }, { bars, series }, hash, {
      keepPredictions: true,
      timed: true,
      periodsPerYear: PERIODS_PER_YEAR[timeframe],
    });
    // A model refusing the data (too little history) refuses it again: only other failures are worth a retry.
    if (!outcome.ok) throw outcome.userError ? new UnrecoverableError(outcome.error) : new Error(outcome.error);
    const report = await storeOutcome(store, outcome, { timeframe, dataHash: hash, bars, keepPredictions }, true);
    return { seconds: report.seconds ?? 0 };
  };

  const connection = redisConnection(opts.queue.url);
  const worker = new Worker(queueName(opts.queue), processJob, {
    connection,
    concurrency: opts.concurrency,
    autorun: false,
    ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
    ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
  });
  worker.on('error', () => undefined); // connection errors are logged once by the connection itself
  worker.on('failed', (job, err) => log.warn({ job: job?.name, attempt: job?.attemptsMade, err: err.message }, 'evaluation job failed'));
  try {
    await readyOrRefuse(worker.waitUntilReady(), opts.queue.url);
  } catch (err) {
    await pool.close();
    await closeQuietly([{ close: () => worker.close(true) }], [connection], 1000);
    throw err;
  }
  const running = worker.run();
  running.catch((err: unknown) => log.error({ err }, 'the evaluation worker stopped'));
  return {
    async close() {
      await worker.close();
      await running.catch(() => undefined);
      await pool.close();
      connection.disconnect();
    },
  };
}

function defaultModelsModule(): string {
  return new URL(`../../registry/catalog${OWN_EXT}`, import.meta.url).href;
}
