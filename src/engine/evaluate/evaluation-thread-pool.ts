// A long-lived pool of evaluation worker threads for a process that takes tasks one at a time as they come (the queue's
// `mltrainer worker`), beside evaluateMany's pool for a batch known in advance. Same worker entry and messages, so a
// task is evaluated by exactly the same code; the event loop stays free for the queue's lock renewals meanwhile.
import type { Worker } from 'node:worker_threads';
import { OWN_EXT, spawnModuleWorker } from '../workers/spawn-worker.ts';
import type { EvaluateOptions, EvaluationInput } from './evaluate-model.ts';
import type { EvaluationTask, TaskOutcome } from './evaluation-task.ts';
import type { WorkerReply, WorkerRequest } from './worker-messages.ts';

const DEFAULT_MODELS = new URL(`../../registry/catalog${OWN_EXT}`, import.meta.url).href;
const WORKER_ENTRY = new URL(`./evaluate-worker${OWN_EXT}`, import.meta.url).href;

interface Pending {
  id: number;
  task: EvaluationTask;
  input: EvaluationInput;
  /** Fingerprint of `input`: a thread gets a symbol's data again only when it changed. */
  dataKey: string;
  opts: EvaluateOptions;
  resolve(outcome: TaskOutcome): void;
}

interface Slot {
  worker: Worker;
  job: Pending | null;
  /** Symbol -> fingerprint of the data this thread holds for it. */
  holds: Map<string, string>;
}

export class EvaluationThreadPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private readonly modelsModule: string;
  private nextId = 1;
  private closed = false;

  constructor(
    readonly size: number,
    modelsModule?: string | URL,
  ) {
    this.modelsModule = String(modelsModule ?? DEFAULT_MODELS);
  }

  /** Evaluates one task on a free thread; a model that throws or a thread that dies gives `{ok: false, error}`. */
  run(task: EvaluationTask, input: EvaluationInput, dataKey: string, opts: EvaluateOptions): Promise<TaskOutcome> {
    if (this.closed) return Promise.resolve({ ...task, ok: false, error: 'the evaluation pool is closed' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, task, input, dataKey, opts, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve({ ...p.task, ok: false, error: 'the evaluation pool is closed' });
    const slots = [...this.slots];
    this.slots.clear();
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.job === null);
      if (!slot && this.slots.size < Math.max(1, this.size)) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      // The request's taskIndex is the job's id: replies are matched to the job in hand.
      const request: WorkerRequest = { taskIndex: job.id, task: job.task, opts: job.opts };
      if (slot.holds.get(job.task.symbol) !== job.dataKey) {
        request.input = job.input;
        slot.holds.set(job.task.symbol, job.dataKey);
      }
      slot.worker.postMessage(request);
    }
  }

  private spawn(): Slot {
    const worker = spawnModuleWorker(WORKER_ENTRY, { modelsModule: this.modelsModule }, [this.modelsModule]);
    const slot: Slot = { worker, job: null, holds: new Map() };
    this.slots.add(slot);
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.taskIndex) return;
      slot.job = null;
      job.resolve(reply.outcome);
      this.dispatch();
    });
    // A thread that dies fails only its task; a fresh one is spawned for the next.
    const onDeath = (reason: string) => {
      if (!this.slots.delete(slot)) return;
      const job = slot.job;
      slot.job = null;
      job?.resolve({ ...job.task, ok: false, error: `evaluation worker failed: ${reason}` });
      if (!this.closed) this.dispatch();
    };
    worker.on('error', (err) => onDeath(err.message));
    worker.on('exit', (code) => onDeath(`exited with code ${code}`));
    return slot;
  }
}
