// Donchian (turtle-style) breakout: enter on a close above the prior N-bar high, exit on a close below the prior M-bar low.
import { defineFamily, defineModel } from '../../family.ts';
import { latch } from '../../indicators/latch.ts';
import { rollingMax, rollingMin } from '../../indicators/rolling-extremes.ts';

export const donchianBreakoutFamily = defineFamily({
  name: 'donchian-breakout',
  grid: [
    { entry: 20, exit: 10 },
    { entry: 55, exit: 20 },
    { entry: 100, exit: 50 },
  ],
  create: ({ entry, exit }) =>
    defineModel(
      {
        id: `donchian-breakout-${entry}`,
        name: `Donchian breakout ${entry}/${exit}`,
        category: 'trend',
        description: `Goes long when the close breaks above the highest high of the previous ${entry} bars, back to flat when it falls below the lowest low of the previous ${exit} bars.`,
        params: { entry, exit },
        inputs: ['high', 'low', 'close'],
        output: 'position',
        minHistory: entry + 1,
      },
      ({ bars }) => {
        const hi = rollingMax(bars.high, entry);
        const lo = rollingMin(bars.low, exit);
        const c = bars.close;
        // channels of the bars before t: breaking out means beating them
        return latch(
          bars.length,
          (t) => t > 0 && hi[t - 1] === hi[t - 1] && lo[t - 1] === lo[t - 1] && c[t] === c[t],
          (t) => c[t]! > hi[t - 1]!,
          (t) => c[t]! < lo[t - 1]!,
        );
      },
    ),
});
