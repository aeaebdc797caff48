// Yield-curve timing: long the market unless the Treasury curve has been inverted for N trading days in a row.
import { defineFamily, defineModel, grid } from '../../family.ts';
import { alignFred, fredInputs, needsSentence } from './fred-inputs.ts';
import { belowZeroFor } from './observation-transforms.ts';
import { CURVE_SPREADS, spreadObservations } from './yield-curve.ts';

export const yieldCurveTimingFamily = defineFamily({
  name: 'yield-curve-timing',
  grid: grid({ spread: CURVE_SPREADS, days: [1, 20, 60] }),
  create: ({ spread, days }) => {
    const ids = [spread.long, spread.short];
    return defineModel(
      {
        id: `yield-curve-timing-${spread.name}-${days}`,
        name: `Yield-curve timing ${spread.label}, ${days} day${days > 1 ? 's' : ''}`,
        category: 'macro',
        description:
          `Long (w=1) unless the ${spread.label} Treasury spread (${spread.long} - ${spread.short}) has been below zero on ` +
          `the last ${days} daily observation${days > 1 ? 's' : ''} known at the bar, flat (w=0) then; flat while the ` +
          `spread is unknown. ${needsSentence(ids)}`,
        params: { spread: spread.name, long: spread.long, short: spread.short, days },
        inputs: fredInputs(ids),
        output: 'position',
        minHistory: 1,
        requiresSeries: ids,
      },
      (ctx) => {
        const w = new Float64Array(ctx.bars.length);
        const obs = spreadObservations(ctx, spread);
        if (!obs) return w;
        const inverted = alignFred(ctx, spread.long, belowZeroFor(obs, days));
        for (let t = 0; t < w.length; t++) w[t] = inverted[t] === 0 ? 1 : 0;
        return w;
      },
    );
  },
});
