// Rate-of-change with a dead band: long when ROC(n) > T%, flat when ROC(n) < -T%, hold in between (fewer whipsaws).
import { defineFamily, defineModel, grid } from '../../family.ts';
import { latch } from '../../indicators/latch.ts';
import { roc } from '../../indicators/roc.ts';

export const rocThresholdFamily = defineFamily({
  name: 'roc-threshold',
  grid: grid({ period: [10, 21, 63], threshold: [1, 3] }),
  create: ({ period, threshold }) =>
    defineModel(
      {
        id: `roc-${period}-${threshold}`,
        name: `ROC(${period}) +-${threshold}%`,
        category: 'momentum',
        description: `Rate of change over ${period} bars in percent: goes long above +${threshold}%, back to flat below -${threshold}%, holds in between.`,
        params: { period, threshold },
        inputs: ['close'],
        output: 'position',
        minHistory: period + 1,
      },
      ({ bars }) => {
        const r = roc(bars.close, period);
        return latch(
          bars.length,
          (t) => r[t] === r[t],
          (t) => r[t]! > threshold,
          (t) => r[t]! < -threshold,
        );
      },
    ),
});
