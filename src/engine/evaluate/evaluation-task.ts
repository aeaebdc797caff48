// One task of the evaluation pool (a model id on a symbol's data), run the same way in a worker or in-process.
import type { Model } from '../../registry/model.ts';
import { UserError } from '../user-error.ts';
import { evaluateModel, type EvaluateOptions, type EvaluationInput, type EvaluationResult } from './evaluate-model.ts';

export interface EvaluationTask {
  modelId: string;
  symbol: string;
}

export type TaskOutcome =
  | { modelId: string; symbol: string; ok: true; result: EvaluationResult }
  /** `userError`: the model refused the data with a UserError (too little history...): running it again gives the same. */
  | { modelId: string; symbol: string; ok: false; error: string; userError?: boolean };

/** What a models module (the registry's catalog) must export for the pool to find models by id. */
export interface ModelsModule {
  getModel(id: string): Model | undefined;
}

export function runEvaluationTask(
  models: ModelsModule,
  task: EvaluationTask,
  input: EvaluationInput,
  opts: EvaluateOptions,
): TaskOutcome {
  const { modelId, symbol } = task;
  try {
    const model = models.getModel(modelId);
    if (!model) return { modelId, symbol, ok: false, error: `Unknown model "${modelId}".` };
    return { modelId, symbol, ok: true, result: evaluateModel(model, input, opts, (id) => models.getModel(id)) };
  } catch (err) {
    const failed = { modelId, symbol, ok: false as const, error: err instanceof Error ? err.message : String(err) };
    return err instanceof UserError ? { ...failed, userError: true } : failed;
  }
}

/** Loads a models module by URL and checks its shape. */
export async function importModels(moduleUrl: string): Promise<ModelsModule> {
  const mod = (await import(moduleUrl)) as Partial<ModelsModule>;
  if (typeof mod.getModel !== 'function') throw new Error(`${moduleUrl} does not export getModel(id)`);
  return mod as ModelsModule;
}
