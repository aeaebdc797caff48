// A small pool of worker threads for the heavy work a chat asks for, so the event loop keeps answering other chats.
// The database stays on the main thread (PGlite has one connection): the caller loads the bars and sends them; a
// worker runs the models (by id, from the registry's catalog) and the backtests, or renders a chart, and sends the
// result back. A worker that dies fails only its task, with a sentence for the user, and a fresh one takes its place.
import type { Worker } from 'node:worker_threads';
import { logger } from '../../log.ts';
import { UserError } from '../user-error.ts';
import { OWN_EXT, spawnModuleWorker } from '../workers/spawn-worker.ts';
import type { HeavyReply, HeavyRequest } from './heavy-messages.ts';
import { HeavyTaskError, runHeavyTask, type HeavyTask, type HeavyValue, type ModelLookup } from './heavy-task.ts';

const log = logger('heavy');

const DEFAULT_MODELS = new URL(`../../registry/catalog${OWN_EXT}`, import.meta.url).href;
const WORKER_ENTRY = new URL(`./heavy-worker${OWN_EXT}`, import.meta.url).href;

export interface HeavyPoolOptions {
  /** Worker threads (default 2); 0 runs every task in this thread (blocking it). */
  size?: number;
  /** Module exporting `getModel(id)`; default the registry's catalog. */
  modelsModule?: string | URL;
}

interface Pending {
  id: number;
  task: HeavyTask;
  /** Starts the user's sentence when the task fails, e.g. "The backtest of sma-cross-20-50 on SPX". */
  what: string;
  resolve(value: HeavyValue): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  job: Pending | null;
}

export class HeavyWorkerPool {
  readonly size: number;
  private readonly modelsModule: string;
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private inThreadModels: Promise<ModelLookup> | undefined;

  constructor(opts: HeavyPoolOptions = {}) {
    this.size = Math.max(0, Math.floor(opts.size ?? 2));
    this.modelsModule = String(opts.modelsModule ?? DEFAULT_MODELS);
  }

  /** Runs one task; a failure is a UserError whose sentence starts with `what` (nothing of a stack reaches a chat). */
  run(task: HeavyTask, what: string): Promise<HeavyValue> {
    if (this.closed) return Promise.reject(new UserError(`${what} was not run: mlTrainer is shutting down.`));
    if (this.size === 0) return this.runInThread(task, what);
    return new Promise<HeavyValue>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, what, resolve, reject });
      this.dispatch();
    });
  }

  /** Workers alive now (for tests and /status). */
  get workers(): number {
    return this.slots.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new UserError(`${p.what} was not run: mlTrainer is shutting down.`));
    const slots = [...this.slots];
    this.slots.clear();
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }

  private async runInThread(task: HeavyTask, what: string): Promise<HeavyValue> {
    this.inThreadModels ??= import(this.modelsModule) as Promise<ModelLookup>;
    try {
      return await runHeavyTask(task, await this.inThreadModels);
    } catch (err) {
      if (err instanceof HeavyTaskError) throw failure(what, err.message, err.forUser, err.modelId);
      throw err;
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.job === null);
      if (!slot && this.slots.size < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, task: job.task } satisfies HeavyRequest);
    }
  }

  private spawn(): Slot {
    const worker = spawnModuleWorker(WORKER_ENTRY, { modelsModule: this.modelsModule }, [this.modelsModule]);
    const slot: Slot = { worker, job: null };
    this.slots.add(slot);
    worker.on('message', (reply: HeavyReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      slot.job = null;
      // An idle worker must not keep the process alive (a one-shot `mltrainer chat` ends when its answer is out).
      worker.unref();
      if (reply.ok) job.resolve(reply.value);
      else job.reject(failure(job.what, reply.message, reply.forUser, reply.modelId));
      this.dispatch();
    });
    const onDeath = (reason: string) => {
      if (!this.slots.delete(slot)) return;
      const job = slot.job;
      slot.job = null;
      if (this.closed) return;
      log.error({ reason, task: job?.task.kind }, 'a heavy-work worker died; a fresh one takes its place');
      job?.reject(new UserError(`${job.what} stopped: the worker running it crashed. Nothing was changed; try again, and if it happens again the details are in the log.`));
      this.dispatch();
    };
    worker.on('error', (err) => onDeath(err.stack ?? err.message));
    worker.on('exit', (code) => onDeath(`exited with code ${code}`));
    return slot;
  }
}

/** The user's sentence for a failed task; a model's own error is logged whole and named in one line. */
function failure(what: string, message: string, forUser: boolean, modelId?: string): UserError {
  if (forUser) return new UserError(message);
  log.error({ model: modelId, err: message }, `${what} failed`);
  const first = (message.split('\n')[0] ?? '').replace(/^\w*Error:\s*/, '').slice(0, 200);
  const who = modelId ? `the model ${modelId} failed` : 'it failed';
  return new UserError(`${what} stopped: ${who}${first ? ` (${first})` : ''}. The details are in the log.`);
}
