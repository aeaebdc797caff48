// The model catalog: every rule and learned model, built once, with lookup, search, "did you mean" and model cards.
import { learningModels } from './learning-models.ts';
import type { Model, ModelSpec } from './model.ts';
import { ruleModels } from './rule-models.ts';

/** Every category a model can have, in display order. */
export { categories } from './categories.ts';
import { editDistance } from './edit-distance.ts';
export { editDistance } from './edit-distance.ts';

/** Measured figures attached to a card (backtest or evaluation metrics), or null when none are stored. */
export type ModelMetrics = Readonly<Record<string, number | string | null>> | null;

/** Exactly the contract's model card: the spec's public fields, in this order, and the measured metrics. */
export interface ModelCard extends Pick<ModelSpec, CardField> {
  readonly metrics: ModelMetrics;
}
type CardField = 'id' | 'name' | 'category' | 'description' | 'params' | 'inputs' | 'output' | 'minHistory';

let all: readonly Model[] | undefined;
let byId: ReadonlyMap<string, Model> | undefined;

/** Rule models then learned models; throws at build if two share an id (a programming error, caught by tests). */
export function allModels(): readonly Model[] {
  if (all) return all;
  const models = [...ruleModels(), ...learningModels()];
  const index = new Map<string, Model>();
  for (const m of models) {
    if (index.has(m.id)) throw new Error(`duplicate model id in the registry: ${m.id}`);
    index.set(m.id, m);
  }
  all = Object.freeze(models);
  byId = index;
  return all;
}

/**
 * How a model's out-of-sample figures come about: a rule model has nothing to fit, so its walk-forward result is a
 * backtest; a learned model (regression, machine learning, neural, ensemble) refits on past data only (walk-forward).
 */
export function evaluationKind(id: string): 'backtest' | 'walk-forward' {
  allModels();
  learned ??= new Set(learningModels().map((m) => m.id));
  return learned.has(id) ? 'walk-forward' : 'backtest';
}
let learned: Set<string> | undefined;

export function getModel(id: string): Model | undefined {
  allModels();
  return byId?.get(id);
}

export interface ModelQuery {
  readonly category?: string;
  /** Case-insensitive substring of the id, name or description. */
  readonly search?: string;
}

export function searchModels({ category, search }: ModelQuery = {}): Model[] {
  const cat = category?.trim().toLowerCase();
  const needle = search?.trim().toLowerCase();
  return allModels().filter(
    (m) =>
      (!cat || m.category === cat) &&
      (!needle ||
        m.id.toLowerCase().includes(needle) ||
        m.name.toLowerCase().includes(needle) ||
        m.description.toLowerCase().includes(needle)),
  );
}

/** The `n` ids nearest to `query` by edit distance (ties by id), for "did you mean ...?". */
export function closestModelIds(query: string, n = 3): string[] {
  const q = query.trim().toLowerCase();
  return allModels()
    .map((m) => ({ id: m.id, d: editDistance(q, m.id) }))
    .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, n)
    .map((x) => x.id);
}


export function modelCard(model: Model, metrics: ModelMetrics = null): ModelCard {
  return {
    id: model.id,
    name: model.name,
    category: model.category,
    description: model.description,
    params: model.params,
    inputs: [...model.inputs],
    output: model.output,
    minHistory: model.minHistory,
    metrics,
  };
}
