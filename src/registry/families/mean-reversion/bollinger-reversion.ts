// Bollinger band reversion: buy a close below the lower band, exit once the close is back above the middle.
import { defineFamily, defineModel, grid } from '../../family.ts';
import { bollinger } from '../../indicators/bollinger.ts';
import { latch } from '../../indicators/latch.ts';
import { exceeds, SMA_TIE_ULPS } from '../../indicators/ties.ts';

export const bollingerReversionFamily = defineFamily({
  name: 'bollinger-reversion',
  grid: grid({ period: [20, 50], k: [1.5, 2, 2.5] }),
  create: ({ period, k }) =>
    defineModel(
      {
        id: `bollinger-reversion-${period}-${k}`,
        name: `Bollinger(${period}, ${k}) reversion`,
        category: 'mean-reversion',
        description: `Goes long when the close falls below SMA(${period}) - ${k} population standard deviations, back to flat when it rises above the SMA.`,
        params: { period, k },
        inputs: ['close'],
        output: 'position',
        minHistory: period,
      },
      ({ bars }) => {
        const b = bollinger(bars.close, period, k);
        const c = bars.close;
        return latch(
          bars.length,
          (t) => b.lower[t] === b.lower[t] && c[t] === c[t],
          // strictly beyond the band or the mean: a close equal to either up to rounding is a tie (ties.ts)
          (t) => exceeds(b.lower[t]!, c[t]!, SMA_TIE_ULPS),
          (t) => exceeds(c[t]!, b.middle[t]!, SMA_TIE_ULPS),
        );
      },
    ),
});
