// The worker thread of the evaluation pool: imports the models module once and evaluates tasks sent to it.
import { parentPort, workerData } from 'node:worker_threads';
import type { EvaluationInput } from './evaluate-model.ts';
import { importModels, runEvaluationTask, type ModelsModule } from './evaluation-task.ts';
import type { WorkerReply, WorkerRequest } from './worker-messages.ts';

const port = parentPort;
if (!port) throw new Error('evaluate-worker.ts must run in a worker thread');
const { modelsModule } = workerData as { modelsModule: string };

let models: Promise<ModelsModule> | undefined;
// Each symbol's data arrives once per worker and is kept for the following tasks.
const inputs = new Map<string, EvaluationInput>();

port.on('message', async (msg: WorkerRequest) => {
  if (msg.input) inputs.set(msg.task.symbol, msg.input);
  let reply: WorkerReply;
  try {
    models ??= importModels(modelsModule);
    const input = inputs.get(msg.task.symbol);
    if (!input) throw new Error(`no data sent for ${msg.task.symbol}`);
    reply = { taskIndex: msg.taskIndex, outcome: runEvaluationTask(await models, msg.task, input, msg.opts) };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    reply = { taskIndex: msg.taskIndex, outcome: { ...msg.task, ok: false, error } };
  }
  port.postMessage(reply);
});
