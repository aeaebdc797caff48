// Failing evaluation jobs: a model that throws is retried with backoff up to the bound, then reported with its error;
// a model refusing the data (too little history) and a job planned on other data fail at once, since a retry would
// fail the same. The worker runs in this process (on an in-memory database) with the test models module; skipped
// without a Redis server (TEST_REDIS_URL or REDIS_URL).
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BarSeries } from '../../../src/registry/model.ts';
import { dataHash } from '../../../src/engine/evaluate/data-hash.ts';
import type { EvaluationBatch, TaskReport } from '../../../src/engine/evaluate/evaluation-runner.ts';
import { EvaluationStore } from '../../../src/engine/evaluate/evaluation-store.ts';
import { SCORING_VERSION } from '../../../src/engine/evaluate/run-evaluation.ts';
import { startEvaluationWorker, type RunningEvaluationWorker } from '../../../src/engine/jobs/evaluation-job-worker.ts';
import { QueueEvaluationRunner } from '../../../src/engine/jobs/queue-evaluation-runner.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { randomQueueName, removeQueue, testRedisUrl } from '../../support/test-redis.ts';

const TEST_MODELS = new URL('../evaluate/test-models.ts', import.meta.url).href;
const redisUrl = testRedisUrl;

describe.skipIf(!redisUrl)('failing evaluation jobs', () => {
  const queueName = randomQueueName();
  let app: TestApp;
  let worker: RunningEvaluationWorker;
  let spx: BarSeries;
  let tiny: BarSeries;
  const fingerprint = (bars: BarSeries) => `${dataHash(bars)}-s${SCORING_VERSION}`;

  beforeAll(async () => {
    app = await createTestApp(); // its own database, read by the worker below in this process
    spx = await app.bars.readBars('SPX', '1d');
    const rows = Array.from({ length: 10 }, (_, i) => ({ time: spx.time[i]!, open: spx.open[i]!, high: spx.high[i]!, low: spx.low[i]!, close: spx.close[i]!, volume: spx.volume[i]! }));
    await app.bars.upsertBars('TINY', '1d', 'csv', rows);
    tiny = await app.bars.readBars('TINY', '1d');
    worker = await startEvaluationWorker({ db: app.db.db, bars: app.bars, series: app.series, queue: { url: redisUrl!, queueName }, concurrency: 2, modelsModule: TEST_MODELS });
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    if (redisUrl) await removeQueue(redisUrl, queueName);
    await app?.close();
  }, 60_000);

  const run = async (tasks: EvaluationBatch['tasks'], hashes: Record<string, string>) => {
    const reports: TaskReport[] = [];
    const runner = new QueueEvaluationRunner({ url: redisUrl!, queueName, attempts: 3, backoffMs: 50 });
    await runner.run(
      { tasks, timeframe: '1d', hashes: new Map(Object.entries(hashes)), keepPredictions: 0, bars: new Map(), series: {} },
      (r) => reports.push(r),
    );
    return reports.sort((a, b) => (a.modelId + a.symbol < b.modelId + b.symbol ? -1 : 1));
  };

  /** How many times the queue tried each failed job. */
  const attempts = async () => {
    const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    const queue = new Queue(queueName, { connection });
    try {
      return Object.fromEntries((await queue.getFailed()).map((j) => [`${j.data.modelId} ${j.data.symbol}`, j.attemptsMade]));
    } finally {
      await queue.close();
      connection.disconnect();
    }
  };

  it('retries a model that throws three times, then reports its error; the others are stored', async () => {
    const reports = await run(
      [
        { modelId: 'broken', symbol: 'SPX' },
        { modelId: 'sma-cross-20-50', symbol: 'SPX' },
        { modelId: 'sma-cross-20-50', symbol: 'TINY' },
      ],
      { SPX: fingerprint(spx), TINY: fingerprint(tiny) },
    );
    expect(reports).toEqual([
      { modelId: 'broken', symbol: 'SPX', status: 'failed', error: 'broken model cannot read 5105 bars' },
      { modelId: 'sma-cross-20-50', symbol: 'SPX', status: 'evaluated', seconds: expect.any(Number) },
      { modelId: 'sma-cross-20-50', symbol: 'TINY', status: 'failed', error: 'sma-cross-20-50 needs more than 50 bars of history to be evaluated; there are 10.' },
    ]);
    expect(await attempts()).toEqual({ 'broken SPX': 3, 'sma-cross-20-50 TINY': 1 });
    const stored = await new EvaluationStore(app.db.db).latest({ symbol: 'SPX' });
    expect(stored.map((r) => [r.modelId, r.dataHash, r.metrics.trades])).toEqual([['sma-cross-20-50', fingerprint(spx), 114]]);
  }, 60_000);

  it('fails at once a job planned on other bars than the stored ones', async () => {
    const reports = await run([{ modelId: 'rolling-vol-20', symbol: 'SPX' }], { SPX: 'an-older-fingerprint' });
    expect(reports).toEqual([
      {
        modelId: 'rolling-vol-20',
        symbol: 'SPX',
        status: 'failed',
        error: `SPX 1d bars are not those the run was planned on (${fingerprint(spx)} here, an-older-fingerprint planned); run the evaluation again.`,
      },
    ]);
    expect((await attempts())['rolling-vol-20 SPX']).toBe(1);
  }, 60_000);

  it('says so when no worker is connected, and the jobs wait for one', async () => {
    const lonely = randomQueueName();
    const notices: string[] = [];
    const reports: TaskReport[] = [];
    const runner = new QueueEvaluationRunner({ url: redisUrl!, queueName: lonely, onNotice: (line) => notices.push(line) });
    const done = runner.run(
      { tasks: [{ modelId: 'rolling-vol-20', symbol: 'SPX' }], timeframe: '1d', hashes: new Map([['SPX', fingerprint(spx)]]), keepPredictions: 0, bars: new Map(), series: {} },
      (r) => reports.push(r),
    );
    let late: RunningEvaluationWorker | undefined;
    try {
      const until = Date.now() + 20_000;
      while (notices.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(notices).toEqual([
        '1 evaluation job is queued, but no `mltrainer worker` is connected to take it yet; start one with the same DATABASE_URL and REDIS_URL.',
      ]);
      late = await startEvaluationWorker({ db: app.db.db, bars: app.bars, queue: { url: redisUrl!, queueName: lonely }, concurrency: 1, modelsModule: TEST_MODELS });
      await done;
      expect(reports).toEqual([{ modelId: 'rolling-vol-20', symbol: 'SPX', status: 'evaluated', seconds: expect.any(Number) }]);
    } finally {
      await done.catch(() => undefined);
      await late?.close();
      await removeQueue(redisUrl!, lonely);
    }
  }, 60_000);

  it('runs a batch on its fallback when no worker is connected, queueing nothing (the bot\'s own runs)', async () => {
    const lonely = randomQueueName();
    const ranHere: string[] = [];
    const fallback = {
      workers: 1,
      run: async (batch: EvaluationBatch, onReport: (r: TaskReport) => void) => {
        for (const t of batch.tasks) {
          ranHere.push(`${t.modelId} ${t.symbol}`);
          onReport({ ...t, status: 'evaluated', seconds: 0 });
        }
      },
    };
    const reports: TaskReport[] = [];
    try {
      await new QueueEvaluationRunner({ url: redisUrl!, queueName: lonely, fallback }).run(
        { tasks: [{ modelId: 'rolling-vol-20', symbol: 'SPX' }], timeframe: '1d', hashes: new Map([['SPX', fingerprint(spx)]]), keepPredictions: 0, bars: new Map(), series: {} },
        (r) => reports.push(r),
      );
      expect(ranHere).toEqual(['rolling-vol-20 SPX']);
      expect(reports).toEqual([{ modelId: 'rolling-vol-20', symbol: 'SPX', status: 'evaluated', seconds: 0 }]);
      const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
      const queue = new Queue(lonely, { connection });
      expect(await queue.getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0 });
      await queue.close();
      connection.disconnect();
    } finally {
      await removeQueue(redisUrl!, lonely);
    }
  }, 60_000);
});
