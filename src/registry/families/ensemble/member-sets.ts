// The member sets the ensembles combine: rule-based position models picked by id, and how to run them.
import type { Model, ModelContext } from '../../model.ts';

export interface MemberSet {
  readonly name: string;
  readonly label: string;
  readonly ids: readonly string[];
}

export const memberSets: readonly MemberSet[] = [
  {
    name: 'canonical',
    label: 'the canonical models',
    ids: ['buy-and-hold', 'sma-cross-20-50', 'ema-cross-12-26', 'momentum-252', 'rsi-14-30-70'],
  },
  {
    name: 'trend',
    label: 'trend followers',
    ids: ['sma-cross-20-50', 'ema-cross-12-26', 'price-above-sma-200', 'macd-12-26-9', 'donchian-breakout-55'],
  },
  {
    name: 'momentum',
    label: 'momentum models',
    ids: ['momentum-63', 'momentum-126', 'momentum-252', 'momentum-252-21', 'vol-scaled-momentum-126'],
  },
  {
    name: 'reversion',
    label: 'mean-reversion models',
    ids: ['rsi-14-30-70', 'rsi-2-10-90', 'bollinger-reversion-20-2', 'zscore-reversion-20-2', 'stochastic-14-20-80'],
  },
  {
    name: 'diversified',
    label: 'a mix of trend, momentum and mean-reversion models',
    ids: ['sma-cross-50-200', 'macd-12-26-9', 'donchian-breakout-20', 'momentum-252', 'rsi-2-10-90', 'bollinger-reversion-20-2'],
  },
];

/** The set's members found among `pool` (position models only), or undefined when any is missing. */
export function resolveMembers(set: MemberSet, pool: readonly Model[]): Model[] | undefined {
  const members: Model[] = [];
  for (const id of set.ids) {
    const m = pool.find((p) => p.id === id && p.output === 'position');
    if (m === undefined) return undefined;
    members.push(m);
  }
  return members;
}

/** Each member's target weights over the bars (each computed from bars up to t only, as every model is). */
export function memberPositions(members: readonly Model[], ctx: ModelContext): Float64Array[] {
  return members.map((m) => m.run(ctx));
}

/** What every ensemble card shares. */
export function memberFields(members: readonly Model[]): { inputs: string[]; memberHistory: number } {
  const inputs = [...new Set(members.flatMap((m) => m.inputs))];
  return { inputs, memberHistory: Math.max(...members.map((m) => m.minHistory)) };
}
