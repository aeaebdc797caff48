// The engine's front door for heavy work asked from chats: the admission queue (per-chat limit, bounded line) and the
// worker pool that runs model backtests and renders charts off the event loop. Built once by the composition root.
import type { EquityChartInput } from '../charts/equity-chart.ts';
import { backtestInThread, type BacktestRunner, type ModelBacktest } from '../use-cases/model-backtest.ts';
import { HeavyJobQueue, type HeavyJobLimits } from './heavy-job-queue.ts';
import type { BacktestRun } from './heavy-task.ts';
import { HeavyWorkerPool } from './heavy-worker-pool.ts';

export interface HeavyWorkOptions {
  /** Worker threads, and so jobs running at once (default 2); 0 runs everything in this thread. */
  workers?: number;
  /** The queue's other limits (waiting jobs, per chat). */
  limits?: Partial<Omit<HeavyJobLimits, 'running'>>;
  /** Module exporting `getModel(id)` for the workers; default the registry's catalog. */
  modelsModule?: string | URL;
  /** A pool to run on instead of one of its own (not closed by `close`); `workers` and `modelsModule` then do nothing. */
  pool?: HeavyWorkerPool;
}

let processPool: HeavyWorkerPool | undefined;

/**
 * The process's pool (two workers on the registry's catalog), shared by every app the process builds: `start` builds
 * one, the tests many, and a worker's start (loading the registry and the chart libraries) is paid once. Idle workers
 * never hold the process open.
 */
export function sharedHeavyPool(): HeavyWorkerPool {
  return (processPool ??= new HeavyWorkerPool({ size: 2 }));
}

export class HeavyWork {
  readonly queue: HeavyJobQueue;
  readonly pool: HeavyWorkerPool;

  private readonly ownsPool: boolean;

  constructor(opts: HeavyWorkOptions = {}) {
    this.ownsPool = !opts.pool;
    this.pool = opts.pool ?? new HeavyWorkerPool({ size: opts.workers ?? 2, modelsModule: opts.modelsModule });
    this.queue = new HeavyJobQueue({ ...opts.limits, running: Math.max(1, this.pool.size) });
  }

  /** Runs each model and its backtest on a worker; `what` starts the sentence of a failure ("The backtest of ..."). */
  backtestRunner(what: string): BacktestRunner {
    // Without workers the models given run as they are, in this thread.
    if (this.pool.size === 0) return backtestInThread;
    return async (models, data, fromIndex, req) => {
      const runs = (await this.pool.run({ kind: 'backtests', modelIds: models.map((m) => m.id), data, fromIndex, req }, what)) as BacktestRun[];
      return runs.map((r, i): ModelBacktest => {
        const bt: ModelBacktest = { model: models[i]!, symbol: data.symbol, timeframe: data.timeframe, bars: data.bars, result: r.result, benchmark: r.benchmark };
        if (r.fillNote) bt.fillNote = r.fillNote;
        if (r.warmUpNote) bt.warmUpNote = r.warmUpNote;
        return bt;
      });
    };
  }

  /** The equity chart's PNG, rendered on a worker (vega and resvg take most of a second on a long series). */
  async equityChartPng(input: EquityChartInput, what: string): Promise<Buffer> {
    const png = (await this.pool.run({ kind: 'equity-chart', input }, what)) as Uint8Array;
    return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  }

  /** Stops the pool when it is this one's own; a shared pool's idle workers are unreferenced and end with the process. */
  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.close();
  }
}
