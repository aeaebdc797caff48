// RSI mean reversion: buy when Wilder's RSI is oversold (< LO), sell when overbought (> HI), otherwise hold.
import { defineFamily, defineModel, grid } from '../../family.ts';
import { latch } from '../../indicators/latch.ts';
import { rsi } from '../../indicators/rsi.ts';

export const rsiReversionFamily = defineFamily({
  name: 'rsi',
  grid: grid({
    period: [2, 7, 14, 21],
    band: [
      [30, 70],
      [20, 80],
      [10, 90],
      [25, 75],
    ] as const,
  }),
  create: ({ period, band: [lo, hi] }) =>
    defineModel(
      {
        id: `rsi-${period}-${lo}-${hi}`,
        name: `RSI(${period}) ${lo}/${hi} reversion`,
        category: 'mean-reversion',
        description: `Wilder RSI(${period}) of the close: goes long when RSI < ${lo}, back to flat when RSI > ${hi}, otherwise keeps the previous weight; 0 before RSI exists.`,
        params: { period, lo, hi },
        inputs: ['close'],
        output: 'position',
        minHistory: period + 1,
      },
      ({ bars }) => {
        const r = rsi(bars.close, period);
        return latch(
          bars.length,
          (t) => r[t] === r[t],
          (t) => r[t]! < lo,
          (t) => r[t]! > hi,
        );
      },
    ),
});
