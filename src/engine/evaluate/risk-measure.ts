// What a risk model measures: value at risk or expected shortfall, and at which confidence level (from its params).
import type { Model } from '../../registry/model.ts';

/** Whether a risk model forecasts expected shortfall (`measure: 'es'`, ids `es-*`) rather than value at risk. */
export function isExpectedShortfall(model: Pick<Model, 'id' | 'output' | 'params'>): boolean {
  if (model.output !== 'risk') return false;
  const measure = model.params.measure;
  return typeof measure === 'string' ? measure === 'es' : model.id.startsWith('es-');
}

/**
 * The VaR or ES level a risk model states in its params (`level` or `confidence` as 0.99 or 99, or `alpha` 0.01);
 * undefined when it does not. For an ES it is the ES level, not a breach rate the ES promises.
 */
export function riskLevelOf(model: Pick<Model, 'params'>): number | undefined {
  const { level, confidence, alpha } = model.params;
  for (const v of [level, confidence]) if (typeof v === 'number') return v > 1 ? v / 100 : v;
  if (typeof alpha === 'number') return alpha < 0.5 ? 1 - alpha : alpha;
  return undefined;
}
