// Evaluation on BullMQ with real processes: two `mltrainer worker` processes and a producer (`mltrainer evaluate`) on
// loopback Redis and PostgreSQL store exactly what the in-process run stores; a worker killed with SIGKILL mid-job
// leaves the run to finish on the other (stalled-job recovery) with one row per result; SIGTERM lets the job in hand
// finish and exits 0. Skipped without a Redis server (TEST_REDIS_URL or REDIS_URL) and a PostgreSQL one (DATABASE_URL).
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredBarRow } from '../../../src/engine/data/bar.ts';
import { evaluationOutputs, evaluations } from '../../../src/engine/db/schema/index.ts';
import type { Db } from '../../../src/engine/db/database.ts';
import { runEvaluation } from '../../../src/engine/evaluate/run-evaluation.ts';
import { QueueEvaluationRunner } from '../../../src/engine/jobs/queue-evaluation-runner.ts';
import { loadSpx } from '../../fixtures/spx.ts';
import { runCli, startCli, type RunningCli } from '../../support/run-cli.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { randomQueueName, removeQueue, testRedisUrl } from '../../support/test-redis.ts';

const MODELS = ['sma-cross-20-50', 'rsi-14-30-70', 'ar-1', 'ewma-vol-94', 'var-hist-99-250', 'trend-regime-200', 'nn-ff-8-lags5'];
/** Seconds each on SPX: long enough for a worker to be killed while it runs one. */
const SLOW = ['nn-lstm-4-lags10', 'nn-gru-4-lags10', 'nn-gru-4-lags5', 'nn-lstm-4-lags5', 'nn-ff-16-lags10'];
const SYMBOLS = ['SPX', 'SPXH'];
const redisUrl = testRedisUrl;
const pgUrl = process.env.DATABASE_URL;

/** The second daily symbol: SPX's last 1500 bars under another name. */
function secondSymbolRows(): StoredBarRow[] {
  const spx = loadSpx();
  const rows: StoredBarRow[] = [];
  for (let i = spx.length - 1500; i < spx.length; i++) {
    rows.push({ time: spx.time[i]!, open: spx.open[i]!, high: spx.high[i]!, low: spx.low[i]!, close: spx.close[i]!, volume: spx.volume[i]! });
  }
  return rows;
}

/** What a user reads back of each stored result: everything but when it was stored and how long it took. */
async function storedResults(db: Db) {
  const rows = await db.select().from(evaluations).orderBy(asc(evaluations.modelId), asc(evaluations.symbol));
  const outputs = await db.select().from(evaluationOutputs).orderBy(asc(evaluationOutputs.modelId), asc(evaluationOutputs.symbol));
  return {
    results: rows.map(({ createdAt: _c, seconds: _s, ...r }) => r),
    outputs: outputs.map(({ createdAt: _c, ...o }) => o),
  };
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`waited too long for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!redisUrl || !pgUrl)('evaluation jobs on BullMQ with two worker processes', () => {
  const queueName = randomQueueName();
  let app: TestApp;
  let env: Record<string, string>;
  const workers: RunningCli[] = [];
  let stdout: string[] = [];

  const startWorker = async () => {
    const w = startCli(['worker', '--concurrency', '1', '--queue', queueName, '--lock-duration', '3000', '--stalled-interval', '1000'], { env });
    const i = workers.push(w) - 1;
    stdout[i] = '';
    w.child.stdout.on('data', (d) => (stdout[i] += d));
    await waitFor('a worker to start', () => stdout[i]!.includes('taking evaluation jobs') || w.child.exitCode !== null);
    expect(w.child.exitCode).toBeNull();
    return w;
  };

  beforeAll(async () => {
    // The producer's app: a fresh PostgreSQL database, migrated and seeded before any worker opens it.
    app = await createTestApp({ DATABASE_URL: pgUrl!, REDIS_URL: redisUrl! });
    await app.bars.upsertBars('SPXH', '1d', 'csv', secondSymbolRows());
    const dbUrl = (app.db as { url?: string }).url!;
    env = { DATABASE_URL: dbUrl, REDIS_URL: redisUrl!, MLTRAINER_HOME: app.home, MLTRAINER_LOG_LEVEL: 'warn' };
    await Promise.all([startWorker(), startWorker()]);
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    if (redisUrl) await removeQueue(redisUrl, queueName);
    await app?.close();
  }, 60_000);

  it('stores, through `mltrainer evaluate` and the workers, exactly what the in-process run stores', async () => {
    const run = await runCli(['evaluate', '--models', MODELS.join(','), '--symbols', SYMBOLS.join(','), '--queue', queueName, '--json'], { env, timeoutMs: 240_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { evaluated: number; failed: number; reports: { status: string }[] };
    expect({ evaluated: summary.evaluated, failed: summary.failed }).toEqual({ evaluated: MODELS.length * 2, failed: 0 });
    const queued = await storedResults(app.db.db);

    const local = await createTestApp();
    try {
      await local.bars.upsertBars('SPXH', '1d', 'csv', secondSymbolRows());
      const inProcess = await runEvaluation({ db: local.db.db, bars: local.bars, series: local.series, models: MODELS, symbols: SYMBOLS });
      expect(inProcess.evaluated).toBe(MODELS.length * 2);
      const expected = await storedResults(local.db.db);
      expect(queued.results).toHaveLength(MODELS.length * 2);
      expect(queued).toEqual(expected);
    } finally {
      await local.close();
    }
  }, 300_000);

  it('finishes a run whose worker is killed mid-job, with one row per result', async () => {
    const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    const queue = new Queue(queueName, { connection });
    const victim = workers[0]!;
    const summaryP = runEvaluation({ db: app.db.db, bars: app.bars, series: app.series, models: SLOW, symbols: ['SPX'], runner: new QueueEvaluationRunner({ url: redisUrl!, queueName }) });
    try {
      // Both workers busy: the victim is in the middle of a job.
      await waitFor('both workers to be busy', async () => (await queue.getActiveCount()) === 2, 120_000);
      victim.child.kill('SIGKILL');
      expect((await victim.exited).code).toBeNull();
      const summary = await summaryP;
      expect({ evaluated: summary.evaluated, failed: summary.failed }).toEqual({ evaluated: SLOW.length, failed: 0 });
      const rows = (await storedResults(app.db.db)).results.filter((r) => SLOW.includes(r.modelId));
      expect(rows.map((r) => r.modelId).sort()).toEqual([...SLOW].sort());
      // The job the victim held was taken over after its lock ran out.
      const stalledOnce = (await queue.getCompleted()).filter((j) => SLOW.includes(j.data.modelId) && j.stalledCounter > 0);
      expect(stalledOnce.length).toBeGreaterThanOrEqual(1);
    } finally {
      await summaryP.catch(() => undefined);
      await queue.close();
      connection.disconnect();
    }
  }, 300_000);

  it('on SIGTERM, finishes the job in hand, stores it, and exits 0', async () => {
    const worker = workers[1]!;
    const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    const queue = new Queue(queueName, { connection });
    const summaryP = runEvaluation({ db: app.db.db, bars: app.bars, series: app.series, models: ['nn-lstm-4-lags10'], symbols: ['SPXH'], runner: new QueueEvaluationRunner({ url: redisUrl!, queueName }) });
    try {
      await waitFor('the job to start', async () => (await queue.getActiveCount()) === 1, 60_000);
      worker.child.kill('SIGTERM');
      const exited = await worker.exited;
      expect(exited.code).toBe(0);
      expect(exited.stdout).toContain('mltrainer worker: stopped');
      const summary = await summaryP;
      expect(summary.reports).toEqual([{ modelId: 'nn-lstm-4-lags10', symbol: 'SPXH', status: 'evaluated', seconds: expect.any(Number) }]);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }, 120_000);
});
