// Pairs an expected-shortfall model with the value-at-risk model of the same method, window and level, which the ES
// backtest (Acerbi-Szekely Z2) needs to know which bars fell in the tail.
import type { ModelFamily } from '../../registry/family.ts';
import type { Model } from '../../registry/model.ts';
import { ruleFamilies } from '../../registry/rule-models.ts';
import { isExpectedShortfall, riskLevelOf } from './risk-measure.ts';

export type ModelLookup = (id: string) => Model | undefined;

function isVarAtLevel(candidate: Model | undefined, level: number | undefined): candidate is Model {
  if (!candidate || candidate.output !== 'risk' || isExpectedShortfall(candidate)) return false;
  const l = riskLevelOf(candidate);
  return level === undefined || (l !== undefined && Math.abs(l - level) < 1e-9);
}

/**
 * The VaR paired with an ES model, or undefined when there is none. First the id with `es-` replaced by `var-` in
 * `lookup` (the caller's catalog); else the VaR its own registry family generates at the same grid point with
 * `measure: 'var'` (es-hist-97.5-250 -> var-hist-97.5-250 even though the catalog's VaR grid stops at 95 and 99).
 */
export function matchingVarModel(es: Model, lookup?: ModelLookup): Model | undefined {
  if (!isExpectedShortfall(es)) return undefined;
  const level = riskLevelOf(es);
  const varId = es.id.startsWith('es-') ? `var-${es.id.slice(3)}` : undefined;
  const listed = varId ? lookup?.(varId) : undefined;
  if (isVarAtLevel(listed, level)) return listed;
  for (const family of ruleFamilies as readonly ModelFamily<unknown>[]) {
    for (const point of family.grid) {
      const p = point as Record<string, unknown>;
      if (p.measure !== 'es' || family.create(p).id !== es.id) continue;
      const sibling = family.create({ ...p, measure: 'var' });
      return isVarAtLevel(sibling, level) && (varId === undefined || sibling.id === varId) ? sibling : undefined;
    }
  }
  return undefined;
}
