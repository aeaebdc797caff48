// The worker thread of the heavy-work pool: imports the models module once and runs the tasks sent to it, one at a time.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { HeavyTaskError, runHeavyTask, transferablesOf, type HeavyTask, type ModelLookup } from './heavy-task.ts';
import type { HeavyReply } from './heavy-messages.ts';

const port = parentPort;
if (!port) throw new Error('heavy-worker.ts must run in a worker thread');
const { modelsModule } = workerData as { modelsModule: string };
const WORKER_NICENESS = 10;

// On Linux a priority is a thread's own (setpriority on pid 0 changes the calling thread only), so this worker yields
// the CPU to the event loop that answers the chats when cores are short; elsewhere it would lower the whole process.
if (process.platform === 'linux') {
  try {
    os.setPriority(WORKER_NICENESS);
  } catch {
    // not permitted here: the worker runs at the process's priority
  }
}

let models: Promise<ModelLookup> | undefined;

port.on('message', async (msg: { id: number; task: HeavyTask }) => {
  let reply: HeavyReply;
  let transfer: ArrayBuffer[] = [];
  try {
    models ??= import(modelsModule) as Promise<ModelLookup>;
    const value = await runHeavyTask(msg.task, await models);
    reply = { id: msg.id, ok: true, value };
    transfer = transferablesOf(value);
  } catch (err) {
    const e = err instanceof HeavyTaskError ? err : new HeavyTaskError(err instanceof Error ? (err.stack ?? err.message) : String(err), false);
    reply = { id: msg.id, ok: false, message: e.message, forUser: e.forUser, modelId: e.modelId };
  }
  port.postMessage(reply, transfer);
});
