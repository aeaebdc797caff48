// Moving-average crossover on exponential averages (SMA-seeded): long while EMA(fast) > EMA(slow), flat otherwise.
import { defineFamily, defineModel, grid } from '../../family.ts';
import { ema } from '../../indicators/ema.ts';

export const emaCrossFamily = defineFamily({
  name: 'ema-cross',
  grid: [...grid({ fast: [5, 10, 20, 50], slow: [20, 50, 100, 200] }, (p) => p.fast < p.slow), { fast: 12, slow: 26 }],
  create: ({ fast, slow }) =>
    defineModel(
      {
        id: `ema-cross-${fast}-${slow}`,
        name: `EMA cross ${fast}/${slow}`,
        category: 'trend',
        description: `Long (w=1) while the ${fast}-bar exponential moving average of the close is above the ${slow}-bar one, flat otherwise. EMAs are seeded with the SMA at their n-th bar; 0 until both exist.`,
        params: { fast, slow },
        inputs: ['close'],
        output: 'position',
        minHistory: slow,
      },
      ({ bars }) => {
        const f = ema(bars.close, fast);
        const s = ema(bars.close, slow);
        const w = new Float64Array(bars.length);
        for (let t = 0; t < w.length; t++) w[t] = f[t]! > s[t]! ? 1 : 0;
        return w;
      },
    ),
});
