// Z-score reversion: buy when the close is more than Z rolling standard deviations below its rolling mean, exit at the mean.
import { defineFamily, defineModel, grid } from '../../family.ts';
import { latch } from '../../indicators/latch.ts';
import { zscore } from '../../indicators/zscore.ts';

export const zscoreReversionFamily = defineFamily({
  name: 'zscore-reversion',
  grid: grid({ period: [20, 50, 100], z: [1, 1.5, 2] }),
  create: ({ period, z }) =>
    defineModel(
      {
        id: `zscore-reversion-${period}-${z}`,
        name: `Z-score(${period}) < -${z} reversion`,
        category: 'mean-reversion',
        description: `Rolling ${period}-bar z-score of the close: goes long when it is below -${z}, back to flat when it rises above 0.`,
        params: { period, z },
        inputs: ['close'],
        output: 'position',
        minHistory: period,
      },
      ({ bars }) => {
        const s = zscore(bars.close, period);
        return latch(
          bars.length,
          (t) => s[t] === s[t],
          (t) => s[t]! < -z,
          (t) => s[t]! > 0,
        );
      },
    ),
});
