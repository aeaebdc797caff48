// Williams %R reversion: buy when %R is oversold (below -LO), sell when overbought (above -HI).
import { defineFamily, defineModel, grid } from '../../family.ts';
import { latch } from '../../indicators/latch.ts';
import { williamsR } from '../../indicators/williams-r.ts';

export const williamsRReversionFamily = defineFamily({
  name: 'williams-r-reversion',
  grid: grid({
    period: [10, 14],
    band: [
      [80, 20],
      [90, 10],
    ] as const,
  }),
  create: ({ period, band: [lo, hi] }) =>
    defineModel(
      {
        id: `williams-r-${period}-${lo}-${hi}`,
        name: `Williams %R(${period}) -${lo}/-${hi} reversion`,
        category: 'mean-reversion',
        description: `Williams %R over ${period} bars (-100 at the low, 0 at the high): goes long when %R < -${lo}, back to flat when %R > -${hi}, otherwise holds.`,
        params: { period, enter: -lo, exit: -hi },
        inputs: ['high', 'low', 'close'],
        output: 'position',
        minHistory: period,
      },
      ({ bars }) => {
        const r = williamsR(bars.high, bars.low, bars.close, period);
        return latch(
          bars.length,
          (t) => r[t] === r[t],
          (t) => r[t]! < -lo,
          (t) => r[t]! > -hi,
        );
      },
    ),
});
