// Keltner channel breakout: enter on a close above the upper band, exit on a close below the middle (EMA).
import { defineFamily, defineModel, grid } from '../../family.ts';
import { keltner } from '../../indicators/keltner.ts';
import { latch } from '../../indicators/latch.ts';

export const keltnerBreakoutFamily = defineFamily({
  name: 'keltner-breakout',
  grid: grid({ period: [20, 50], multiplier: [1.5, 2] }),
  create: ({ period, multiplier }) =>
    defineModel(
      {
        id: `keltner-breakout-${period}-${multiplier}`,
        name: `Keltner breakout ${period}/${multiplier}`,
        category: 'trend',
        description: `Goes long when the close rises above EMA(${period}) + ${multiplier} x ATR(${period}), back to flat when it falls below the EMA.`,
        params: { period, multiplier },
        inputs: ['high', 'low', 'close'],
        output: 'position',
        minHistory: period + 1,
      },
      ({ bars }) => {
        const k = keltner(bars.high, bars.low, bars.close, period, multiplier, period);
        const c = bars.close;
        return latch(
          bars.length,
          (t) => k.upper[t] === k.upper[t] && c[t] === c[t],
          (t) => c[t]! > k.upper[t]!,
          (t) => c[t]! < k.middle[t]!,
        );
      },
    ),
});
