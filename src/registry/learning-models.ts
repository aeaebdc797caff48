// The learned models: regression forecasters, mljs machine learning, brain.js neural nets and ensembles.
import type { Model } from './model.ts';

export function learningModels(): Model[] {
  return [];
}
