// Yield-curve regime: inverted while the long Treasury yield is below the short one, normal otherwise.
import { defineFamily, defineModel } from '../../family.ts';
import { CURVE_SPREADS, spreadObservations } from './yield-curve.ts';
import { alignFred, fredInputs, needsSentence } from './fred-inputs.ts';

export const yieldCurveRegimeFamily = defineFamily({
  name: 'yield-curve-regime',
  grid: CURVE_SPREADS.map((spread) => ({ spread })),
  create: ({ spread }) => {
    const ids = [spread.long, spread.short];
    return defineModel(
      {
        id: `yield-curve-regime-${spread.name}`,
        name: `Yield-curve regime ${spread.label}`,
        category: 'macro',
        description:
          `State 0 (inverted) while the ${spread.label} Treasury spread (${spread.long} - ${spread.short}) known at the bar is ` +
          `below zero, state 1 (normal) otherwise; each day's yields count from the next day. ${needsSentence(ids)}`,
        params: { spread: spread.name, long: spread.long, short: spread.short },
        inputs: fredInputs(ids),
        output: 'regime',
        minHistory: 1,
        requiresSeries: ids,
        regimeLabels: ['inverted', 'normal'],
      },
      (ctx) => {
        const out = new Float64Array(ctx.bars.length).fill(NaN);
        const obs = spreadObservations(ctx, spread);
        if (!obs) return out;
        const s = alignFred(ctx, spread.long, obs);
        for (let t = 0; t < out.length; t++) if (s[t] === s[t]) out[t] = s[t]! < 0 ? 0 : 1;
        return out;
      },
    );
  },
});
