// The rule-based models: benchmark, trend, mean reversion, momentum, volatility, risk and regime families.
import type { Model } from './model.ts';

export function ruleModels(): Model[] {
  return [];
}
