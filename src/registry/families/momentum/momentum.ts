// Time-series momentum: long while the close is above its level L bars ago, flat otherwise (skip-momentum, skip 0).
import { defineFamily } from '../../family.ts';
import { skipMomentumModel } from './skip-momentum.ts';

export const momentumFamily = defineFamily({
  name: 'momentum',
  grid: [21, 42, 63, 126, 189, 252].map((lookback) => ({ lookback })),
  create: ({ lookback }) => skipMomentumModel(lookback, 0),
});
