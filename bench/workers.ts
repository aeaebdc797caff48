// `npm run bench:workers`: the registry's persisted walk-forward evaluation of SPX daily (what `mltrainer evaluate`
// runs) in one process on its 2 worker threads, beside the same run queued on BullMQ to 1, 2 and 3 `mltrainer worker`
// processes of one thread each (`npx tsx bench/workers.ts ID,ID` times only those models). Needs DATABASE_URL (a
// PostgreSQL server: a fresh database is made on it) and REDIS_URL; figures are printed, never asserted. The workers'
// start-up is not timed (they are long-lived services); their threads' start is, as the in-process run's is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { runEvaluation, type EvaluationSummary } from '../src/engine/evaluate/run-evaluation.ts';
import { QueueEvaluationRunner } from '../src/engine/jobs/queue-evaluation-runner.ts';
import { createApp } from '../src/main.ts';
import { startCli, type RunningCli } from '../tests/support/run-cli.ts';
import { openTestDb } from '../tests/support/test-db.ts';
import { randomQueueName, removeQueue } from '../tests/support/test-redis.ts';

export interface WorkersBenchRow {
  case: string;
  seconds: number;
  evaluated: number;
  failed: number;
}

async function startWorkers(n: number, env: Record<string, string>, queue: string): Promise<RunningCli[]> {
  const workers = Array.from({ length: n }, () => startCli(['worker', '--concurrency', '1', '--queue', queue], { env }));
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          let out = '';
          w.child.stdout.on('data', (d) => {
            out += d;
            if (out.includes('taking evaluation jobs')) resolve();
          });
          void w.exited.then((r) => reject(new Error(`a worker exited before starting: ${r.stderr.trim()}`)));
        }),
    ),
  );
  return workers;
}

/** `models`: a few ids for a quick look (default the whole registry). */
export async function benchWorkers(models?: string[]): Promise<WorkersBenchRow[] | undefined> {
  const redisUrl = process.env.REDIS_URL;
  if (!process.env.DATABASE_URL || !redisUrl) {
    console.log('workers: needs DATABASE_URL (a PostgreSQL server) and REDIS_URL: skipped');
    return undefined;
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-bench-workers-'));
  const db = await openTestDb(); // a fresh database on that server
  const app = await createApp(loadConfig({ MLTRAINER_HOME: home, MLTRAINER_LOG_LEVEL: 'warn' }), { db, terminalLogs: false });
  const env = { DATABASE_URL: db.url!, REDIS_URL: redisUrl, MLTRAINER_HOME: home, MLTRAINER_LOG_LEVEL: 'warn' };
  const rows: WorkersBenchRow[] = [];
  const timed = async (label: string, run: () => Promise<EvaluationSummary>) => {
    const started = performance.now();
    const s = await run();
    rows.push({ case: label, seconds: (performance.now() - started) / 1000, evaluated: s.evaluated, failed: s.failed });
    console.log(`workers: ${label}: ${rows.at(-1)!.seconds.toFixed(1)} s (${s.evaluated} evaluated, ${s.failed} failed)`);
  };
  try {
    const base = { db: app.db.db, bars: app.bars, series: app.series, models, symbols: ['SPX'], force: true };
    await timed('in-process, 2 worker threads', () => runEvaluation({ ...base, workers: 2 }));
    for (const n of [1, 2, 3]) {
      const queue = randomQueueName();
      const workers = await startWorkers(n, env, queue);
      try {
        await timed(`queued, ${n} worker process${n === 1 ? '' : 'es'}`, () => runEvaluation({ ...base, runner: new QueueEvaluationRunner({ url: redisUrl, queueName: queue }) }));
      } finally {
        for (const w of workers) w.child.kill('SIGTERM');
        await Promise.all(workers.map((w) => w.exited));
        await removeQueue(redisUrl, queue);
      }
    }
  } finally {
    await app.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
  const base = rows[0]!.seconds;
  console.log(`workers: registry evaluation of SPX daily on ${os.cpus().length} cores (lower is better; speed-up against the in-process run)`);
  console.log('case'.padEnd(32), 'wall s'.padStart(8), 'speed-up'.padStart(9), 'evaluated'.padStart(10), 'failed'.padStart(7));
  for (const r of rows) {
    console.log(r.case.padEnd(32), r.seconds.toFixed(1).padStart(8), `${(base / r.seconds).toFixed(2)}x`.padStart(9), String(r.evaluated).padStart(10), String(r.failed).padStart(7));
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchWorkers(process.argv[2]?.split(','));
}
