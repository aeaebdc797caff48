// Moving-average crossover on simple averages: long while SMA(fast) > SMA(slow), flat otherwise.
import { defineFamily, defineModel, grid } from '../../family.ts';
import { sma } from '../../indicators/sma.ts';
import { exceeds, SMA_TIE_ULPS } from '../../indicators/ties.ts';

export const smaCrossFamily = defineFamily({
  name: 'sma-cross',
  grid: grid({ fast: [5, 10, 20, 50], slow: [20, 50, 100, 200] }, (p) => p.fast < p.slow),
  create: ({ fast, slow }) =>
    defineModel(
      {
        id: `sma-cross-${fast}-${slow}`,
        name: `SMA cross ${fast}/${slow}`,
        category: 'trend',
        description: `Long (w=1) while the ${fast}-bar simple moving average of the close is above the ${slow}-bar one, flat (w=0) otherwise, and on a tie (equal averages, to within rounding); 0 until both averages exist.`,
        params: { fast, slow },
        inputs: ['close'],
        output: 'position',
        minHistory: slow,
      },
      ({ bars }) => {
        const f = sma(bars.close, fast);
        const s = sma(bars.close, slow);
        const w = new Float64Array(bars.length);
        // strict >: a tie within rounding (ties.ts) is flat, as the contract's rule says
        for (let t = 0; t < w.length; t++) w[t] = exceeds(f[t]!, s[t]!, SMA_TIE_ULPS) ? 1 : 0;
        return w;
      },
    ),
});
