// CCI reversion: buy when the commodity channel index is deeply negative, sell when it is as far positive.
import { defineFamily, defineModel, grid } from '../../family.ts';
import { cci } from '../../indicators/cci.ts';
import { latch } from '../../indicators/latch.ts';

export const cciReversionFamily = defineFamily({
  name: 'cci-reversion',
  grid: grid({ period: [14, 20], threshold: [100, 150] }),
  create: ({ period, threshold }) =>
    defineModel(
      {
        id: `cci-${period}-${threshold}`,
        name: `CCI(${period}) +-${threshold} reversion`,
        category: 'mean-reversion',
        description: `Commodity channel index over ${period} bars: goes long when CCI < -${threshold}, back to flat when CCI > ${threshold}, otherwise holds.`,
        params: { period, threshold },
        inputs: ['high', 'low', 'close'],
        output: 'position',
        minHistory: period,
      },
      ({ bars }) => {
        const c = cci(bars.high, bars.low, bars.close, period);
        return latch(
          bars.length,
          (t) => c[t] === c[t],
          (t) => c[t]! < -threshold,
          (t) => c[t]! > threshold,
        );
      },
    ),
});
