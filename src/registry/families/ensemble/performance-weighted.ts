// Performance-weighted ensembles: members weighted by their own realised returns over a trailing window.
import { defineFamily, defineModel, type ModelFamily } from '../../family.ts';
import { simpleReturns } from '../../indicators/simple-returns.ts';
import type { Model } from '../../model.ts';
import { memberFields, memberPositions, resolveMembers, type MemberSet } from './member-sets.ts';

export interface PerformanceWeightedParams {
  readonly set: MemberSet;
  readonly members: readonly Model[];
  readonly window: number;
}

/**
 * A record within this of zero is zero. A member that held nothing over the window has a record of exactly 0, but a
 * running sum leaves a residual of its older earnings (2.2e-16 seen on real data), which was enough to give it weight,
 * all of it when the other members were losing. 1e-12 is a 63-bar return far below a basis point of a basis point,
 * and far above any residual (the scores are compensated sums, within an ulp of the exact window sum).
 */
export const ZERO_RECORD = 1e-12;

/**
 * Member i earns p_i[s-1] * r[s] on bar s (the weight decided at the previous close, held over the close-to-close
 * return). At t, each member's score is its summed earnings over bars t-window+1..t, all known at the close of t;
 * the blend weights members by their positive scores (a losing member, or one whose record is within ZERO_RECORD of
 * zero, gets nothing; none positive: flat). Decisions start once the window lies where every member decides (from bar
 * `first`, the members' common start).
 */
export function performanceWeighted(
  close: Float64Array,
  positions: readonly Float64Array[],
  window: number,
  first = 0,
): Float64Array {
  const n = close.length;
  const m = positions.length;
  const out = new Float64Array(n);
  const r = simpleReturns(close);
  // rolling sums of each member's earnings, error-free (TwoSum: `err` keeps each add's rounding error, as in sma.ts)
  // so they do not drift over a long series; a missing return earns nothing
  const score = new Float64Array(m);
  const err = new Float64Array(m);
  const add = (i: number, v: number): void => {
    const sum = score[i]!;
    const s = sum + v;
    const bv = s - sum;
    err[i]! += sum - (s - bv) + (v - bv);
    score[i] = s;
  };
  const earn = (i: number, s: number): number => {
    if (s < 1) return 0;
    const v = positions[i]![s - 1]! * r[s]!;
    return Number.isFinite(v) ? v : 0;
  };
  for (let t = 0; t < n; t++) {
    for (let i = 0; i < m; i++) {
      add(i, earn(i, t));
      if (t - window >= 0) add(i, -earn(i, t - window));
    }
    if (t < window || t - window + 1 < first) continue;
    let total = 0;
    let blend = 0;
    for (let i = 0; i < m; i++) {
      const record = score[i]! + err[i]!;
      const w = record > ZERO_RECORD ? record : 0;
      total += w;
      blend += w * positions[i]![t]!;
    }
    out[t] = total > 0 ? blend / total : 0;
  }
  return out;
}

export function performanceWeightedFamily(
  sets: readonly MemberSet[],
  pool: readonly Model[],
  windows: readonly number[],
): ModelFamily<PerformanceWeightedParams> {
  const points: PerformanceWeightedParams[] = [];
  for (const set of sets) {
    const members = resolveMembers(set, pool);
    if (members === undefined) continue;
    for (const window of windows) points.push({ set, members, window });
  }
  return defineFamily<PerformanceWeightedParams>({
    name: 'ensemble-performance-weighted',
    grid: points,
    create(p) {
      const { inputs, memberHistory } = memberFields(p.members);
      return defineModel(
        {
          id: `ens-perf-${p.set.name}-${p.window}`,
          name: `Performance-weighted blend of ${p.set.label}, ${p.window} bars`,
          category: 'ensemble',
          description:
            `Blend of ${p.set.label} (${p.set.ids.join(', ')}) weighted by each member's realised return over the ` +
            `last ${p.window} bars (its previous target weight times each bar's close-to-close return, known at ` +
            'the close); members with a non-positive record (within 1e-12 of zero counts as zero) get no weight, and when ' +
            'all have one the blend is flat.',
          params: { members: [...p.set.ids], window: p.window },
          inputs,
          output: 'position',
          minHistory: memberHistory + p.window,
        },
        (ctx) => performanceWeighted(ctx.bars.close, memberPositions(p.members, ctx), p.window, memberHistory),
      );
    },
  });
}
