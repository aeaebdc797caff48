// A model's neighbours in its family's parameter grid, read from the registry: the members of the same family that
// differ in exactly one numeric parameter by one step of that axis (the next smaller or larger value among the
// members that agree on every other parameter).
import { allModels, getModel } from '../../registry/catalog.ts';
import type { Model } from '../../registry/model.ts';

/** Family and parameter names: members of one family with other parameter shapes are not on the same grid. */
function familyKey(m: Model): string {
  return `${m.family ?? m.id}|${Object.keys(m.params).sort().join(',')}`;
}

let families: Map<string, Model[]> | null = null;

function family(m: Model): Model[] {
  if (!families) {
    families = new Map();
    for (const x of allModels()) {
      if (x.output !== 'position') continue;
      const k = familyKey(x);
      const list = families.get(k) ?? [];
      list.push(x);
      families.set(k, list);
    }
  }
  return families.get(familyKey(m)) ?? [];
}

/** Grid neighbours of a position model (empty for a model without a numeric grid), in registry order. */
export function gridNeighbours(id: string): Model[] {
  const m = getModel(id);
  if (!m || m.output !== 'position') return [];
  const members = family(m);
  const out: Model[] = [];
  for (const key of Object.keys(m.params)) {
    const v = m.params[key];
    if (typeof v !== 'number') continue;
    // Members that agree with m on every other parameter: the axis through m.
    const axis = members.filter((x) => x.id !== m.id && typeof x.params[key] === 'number' && Object.keys(m.params).every((k) => k === key || x.params[k] === m.params[k]));
    let below: Model | null = null;
    let above: Model | null = null;
    for (const x of axis) {
      const w = x.params[key] as number;
      if (w < v && (!below || w > (below.params[key] as number))) below = x;
      if (w > v && (!above || w < (above.params[key] as number))) above = x;
    }
    if (below) out.push(below);
    if (above) out.push(above);
  }
  return out;
}
