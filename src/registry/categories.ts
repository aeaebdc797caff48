// The registry's categories, in the order lists show them: a leaf, so a command can name them without loading the models.
import type { Category } from './model.ts';

export const categories: readonly Category[] = [
  'benchmark',
  'trend',
  'mean-reversion',
  'momentum',
  'regression',
  'machine-learning',
  'neural',
  'volatility',
  'risk',
  'regime',
  'ensemble',
  'macro',
];
