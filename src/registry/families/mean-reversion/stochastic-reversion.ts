// Stochastic oscillator reversion: buy when %D is oversold (< LO), sell when it is overbought (> HI).
import { defineFamily, defineModel, grid } from '../../family.ts';
import { latch } from '../../indicators/latch.ts';
import { stochastic } from '../../indicators/stochastic.ts';

export const stochasticReversionFamily = defineFamily({
  name: 'stochastic-reversion',
  grid: grid({
    period: [5, 14],
    band: [
      [20, 80],
      [10, 90],
    ] as const,
  }),
  create: ({ period, band: [lo, hi] }) =>
    defineModel(
      {
        id: `stochastic-${period}-${lo}-${hi}`,
        name: `Stochastic(${period}, 3) ${lo}/${hi} reversion`,
        category: 'mean-reversion',
        description: `Fast stochastic %D (3-bar SMA of %K over ${period} bars): goes long when %D < ${lo}, back to flat when %D > ${hi}, otherwise holds.`,
        params: { period, dPeriod: 3, lo, hi },
        inputs: ['high', 'low', 'close'],
        output: 'position',
        minHistory: period + 2,
      },
      ({ bars }) => {
        const { d } = stochastic(bars.high, bars.low, bars.close, period, 3);
        return latch(
          bars.length,
          (t) => d[t] === d[t],
          (t) => d[t]! < lo,
          (t) => d[t]! > hi,
        );
      },
    ),
});
