// Equal-weight ensembles of position models: the average of the members' target weights, or their majority.
import { defineFamily, defineModel, type ModelFamily } from '../../family.ts';
import type { Model } from '../../model.ts';
import { memberFields, memberPositions, resolveMembers, type MemberSet } from './member-sets.ts';

export interface VoteParams {
  readonly set: MemberSet;
  readonly members: readonly Model[];
  readonly rule: 'mean' | 'majority';
}

/**
 * Mean: the average weight. Majority: 1 when more than half the members are long, -1 when more than half short.
 * Flat before `first`, the first bar at which every member can decide.
 */
export function combineVotes(positions: readonly Float64Array[], rule: 'mean' | 'majority', n: number, first = 0): Float64Array {
  const out = new Float64Array(n);
  const m = positions.length;
  for (let t = Math.max(0, first); t < n; t++) {
    let sum = 0;
    let longs = 0;
    let shorts = 0;
    for (const p of positions) {
      const w = p[t]!;
      sum += w;
      if (w > 0) longs++;
      else if (w < 0) shorts++;
    }
    out[t] = rule === 'mean' ? sum / m : longs * 2 > m ? 1 : shorts * 2 > m ? -1 : 0;
  }
  return out;
}

export function voteFamily(sets: readonly MemberSet[], pool: readonly Model[]): ModelFamily<VoteParams> {
  const points: VoteParams[] = [];
  for (const set of sets) {
    const members = resolveMembers(set, pool);
    if (members === undefined) continue;
    for (const rule of ['mean', 'majority'] as const) points.push({ set, members, rule });
  }
  return defineFamily<VoteParams>({
    name: 'ensemble-vote',
    grid: points,
    create(p) {
      const { inputs, memberHistory } = memberFields(p.members);
      return defineModel(
        {
          id: `ens-${p.rule === 'mean' ? 'vote' : 'majority'}-${p.set.name}`,
          name: `${p.rule === 'mean' ? 'Equal-weight vote' : 'Majority vote'} of ${p.set.label}`,
          category: 'ensemble',
          description:
            p.rule === 'mean'
              ? `Equal-weight blend of ${p.set.label} (${p.set.ids.join(', ')}): the target weight is the average of ` +
                "the members' target weights at each close."
              : `Majority vote of ${p.set.label} (${p.set.ids.join(', ')}): fully long when more than half of the ` +
                'members are long, short when more than half are short, flat otherwise.',
          params: { members: [...p.set.ids], rule: p.rule },
          inputs,
          output: 'position',
          minHistory: memberHistory,
        },
        (ctx) => combineVotes(memberPositions(p.members, ctx), p.rule, ctx.bars.length, memberHistory - 1),
      );
    },
  });
}
