// `mltrainer worker [--concurrency N]`: with REDIS_URL and DATABASE_URL, takes the queued evaluation jobs (from
// `mltrainer evaluate` on any machine sharing both) until stopped; SIGTERM or Ctrl-C lets the jobs in hand finish.
import os from 'node:os';
import { Option, type Command } from 'commander';
import { cliIo } from '../cli-io.ts';
import { fail, withApp } from '../run-command.ts';

interface WorkerOptions {
  concurrency?: string;
  queue?: string;
  modelsModule?: string;
  lockDuration?: string;
  stalledInterval?: string;
}

function whole(raw: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) fail(`${flag}: "${raw}" is not a whole number from ${min} to ${max}`);
  return n;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('with REDIS_URL and DATABASE_URL: run queued evaluation jobs until stopped (SIGTERM finishes the jobs in hand)')
    .option('--concurrency <n>', 'jobs run at once, each on its own thread (default: the number of CPUs)')
    // For tests: their own queue, a models module with a failing model, and short locks so a killed worker's job is
    // taken over within seconds.
    .addOption(new Option('--queue <name>').hideHelp())
    .addOption(new Option('--models-module <url>').hideHelp())
    .addOption(new Option('--lock-duration <ms>').hideHelp())
    .addOption(new Option('--stalled-interval <ms>').hideHelp())
    .action(async (opts: WorkerOptions) => {
      const concurrency = whole(opts.concurrency, '--concurrency', 1, 256) ?? Math.max(1, os.availableParallelism());
      const lockDurationMs = whole(opts.lockDuration, '--lock-duration', 100, 3_600_000);
      const stalledIntervalMs = whole(opts.stalledInterval, '--stalled-interval', 100, 3_600_000);
      const env = cliIo().env;
      // Refused before anything is opened, each in one line saying why.
      if (!env.DATABASE_URL?.trim()) {
        fail('worker needs DATABASE_URL: workers and the evaluating process share one PostgreSQL database (the embedded one cannot be shared between processes)');
      }
      if (!env.REDIS_URL?.trim()) fail('worker needs REDIS_URL: the evaluation jobs come through a Redis queue');
      await withApp(async (app) => {
        const { startEvaluationWorker } = await import('../../engine/jobs/evaluation-job-worker.ts');
        const { safeRedisUrl } = await import('../../engine/jobs/evaluation-queue.ts');
        const url = app.config.redisUrl!; // checked above, and validated by the config
        const worker = await startEvaluationWorker({
          db: app.db.db,
          bars: app.bars,
          series: app.series,
          queue: { url, queueName: opts.queue },
          concurrency,
          modelsModule: opts.modelsModule,
          lockDurationMs,
          stalledIntervalMs,
        });
        cliIo().stdout.write(`mltrainer worker: taking evaluation jobs from ${safeRedisUrl(url)} on ${concurrency} thread${concurrency === 1 ? '' : 's'}; stop with SIGTERM or Ctrl-C\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        cliIo().stdout.write('mltrainer worker: stopping after the jobs in hand\n');
        await worker.close();
        cliIo().stdout.write('mltrainer worker: stopped\n');
      });
    });
}
