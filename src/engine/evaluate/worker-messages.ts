// The messages between the evaluation pool and its workers.
import type { EvaluateOptions, EvaluationInput } from './evaluate-model.ts';
import type { EvaluationTask, TaskOutcome } from './evaluation-task.ts';

export interface WorkerRequest {
  taskIndex: number;
  task: EvaluationTask;
  /** Sent only the first time this worker sees the symbol. */
  input?: EvaluationInput;
  opts: EvaluateOptions;
}

export interface WorkerReply {
  taskIndex: number;
  outcome: TaskOutcome;
}
