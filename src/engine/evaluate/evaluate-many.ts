// Evaluates many (model, symbol) tasks on a pool of worker threads, each importing the model catalog and running by id.
import type { Worker } from 'node:worker_threads';
import { OWN_EXT, spawnModuleWorker } from '../workers/spawn-worker.ts';
import type { BarSeries } from '../../registry/model.ts';
import type { EvaluateOptions, EvaluationInput } from './evaluate-model.ts';
import { importModels, runEvaluationTask, type EvaluationTask, type TaskOutcome } from './evaluation-task.ts';
import type { WorkerReply, WorkerRequest } from './worker-messages.ts';

export type LoadInput = (symbol: string) => Promise<EvaluationInput | BarSeries>;

export interface EvaluateManyOptions {
  /** Worker threads (default 2); 0 runs every task in this thread. Never more workers than tasks. */
  workers?: number;
  /** Called after each task, in completion order. */
  onProgress?: (done: number, total: number, last: TaskOutcome) => void;
  /** Module exporting `getModel(id)`; default the registry's catalog (src/registry/catalog.ts). */
  modelsModule?: string | URL;
  /** Scoring options applied to every task (cost, capital, seed, keepPredictions...). */
  evaluation?: EvaluateOptions;
}

const DEFAULT_MODELS = new URL(`../../registry/catalog${OWN_EXT}`, import.meta.url).href;
const WORKER_ENTRY = new URL(`./evaluate-worker${OWN_EXT}`, import.meta.url).href;

function spawnWorker(modelsModule: string): Worker {
  return spawnModuleWorker(WORKER_ENTRY, { modelsModule }, [modelsModule]);
}

function toInput(loaded: EvaluationInput | BarSeries): EvaluationInput {
  return 'bars' in loaded ? loaded : { bars: loaded };
}

/**
 * Runs every task and resolves with one outcome per task, in the tasks' order. A failing task (unknown model, missing
 * data, a model that throws, a crashed worker) becomes `{ok: false, error}`; the others carry on.
 */
export async function evaluateMany(
  tasks: readonly EvaluationTask[],
  loadBars: LoadInput,
  opts: EvaluateManyOptions = {},
): Promise<TaskOutcome[]> {
  const total = tasks.length;
  const modelsModule = String(opts.modelsModule ?? DEFAULT_MODELS);
  const evaluation = opts.evaluation ?? {};
  const outcomes: TaskOutcome[] = new Array(total);
  let done = 0;
  const finish = (i: number, outcome: TaskOutcome) => {
    outcomes[i] = outcome;
    done++;
    opts.onProgress?.(done, total, outcome);
  };

  // Each symbol is loaded once, whatever the number of tasks on it.
  const loads = new Map<string, Promise<EvaluationInput>>();
  const inputFor = (symbol: string) => {
    let p = loads.get(symbol);
    if (!p) {
      p = loadBars(symbol).then(toInput);
      loads.set(symbol, p);
    }
    return p;
  };
  const failed = (task: EvaluationTask, err: unknown): TaskOutcome => ({
    ...task,
    ok: false,
    error: err instanceof Error ? err.message : String(err),
  });

  const workerCount = Math.min(opts.workers ?? 2, total);
  if (workerCount <= 0) {
    const models = total > 0 ? await importModels(modelsModule) : undefined;
    for (let i = 0; i < total; i++) {
      const task = tasks[i]!;
      try {
        finish(i, runEvaluationTask(models!, task, // imported above: total > 0 inside this loop
 await inputFor(task.symbol), evaluation));
      } catch (err) {
        finish(i, failed(task, err));
      }
    }
    return outcomes;
  }

  let next = 0;
  return new Promise<TaskOutcome[]>((resolve) => {
    const live = new Set<Worker>();
    const closeAll = () => {
      for (const w of live) void w.terminate();
      live.clear();
      resolve(outcomes);
    };

    const startWorker = () => {
      const worker = spawnWorker(modelsModule);
      const sent = new Set<string>();
      let current = -1; // task index in flight, -1 when idle
      live.add(worker);

      const dispatch = async (): Promise<void> => {
        while (next < total) {
          const i = next++;
          const task = tasks[i]!;
          let input: EvaluationInput;
          try {
            input = await inputFor(task.symbol);
          } catch (err) {
            finish(i, failed(task, err));
            continue;
          }
          const request: WorkerRequest = { taskIndex: i, task, opts: evaluation };
          if (!sent.has(task.symbol)) {
            request.input = input;
            sent.add(task.symbol);
          }
          current = i;
          worker.postMessage(request);
          return;
        }
        current = -1;
        if (done === total) closeAll();
      };

      // A worker that dies fails its task; a fresh one takes over if work remains.
      const onDeath = (reason: string) => {
        if (!live.delete(worker)) return;
        if (current >= 0) finish(current, failed(tasks[current]!, new Error(`evaluation worker failed: ${reason}`)));
        current = -1;
        if (next < total) startWorker();
        else if (done === total) closeAll();
      };

      worker.on('message', (reply: WorkerReply) => {
        current = -1;
        finish(reply.taskIndex, reply.outcome);
        void dispatch();
      });
      worker.on('error', (err) => onDeath(err.message));
      worker.on('exit', (code) => onDeath(`exited with code ${code}`));
      void dispatch();
    };

    if (total === 0) resolve(outcomes);
    else for (let k = 0; k < workerCount; k++) startWorker();
  });
}
