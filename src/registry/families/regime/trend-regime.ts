// Trend regime: bull while the close is above its long simple moving average, bear otherwise.
import { defineFamily, defineModel } from '../../family.ts';
import { sma } from '../../indicators/sma.ts';
import { exceeds, SMA_TIE_ULPS } from '../../indicators/ties.ts';

export const trendRegimeFamily = defineFamily({
  name: 'trend-regime',
  grid: [100, 200].map((period) => ({ period })),
  create: ({ period }) =>
    defineModel(
      {
        id: `trend-regime-${period}`,
        name: `Trend regime SMA(${period})`,
        category: 'regime',
        description: `State 1 (bull) while the close is above its ${period}-bar simple moving average, state 0 (bear) otherwise.`,
        params: { period },
        inputs: ['close'],
        output: 'regime',
        minHistory: period,
        regimeLabels: ['bear', 'bull'],
      },
      ({ bars }) => {
        const m = sma(bars.close, period);
        const out = new Float64Array(bars.length).fill(NaN);
        for (let t = 0; t < out.length; t++) if (m[t] === m[t] && bars.close[t] === bars.close[t]) out[t] = exceeds(bars.close[t]!, m[t]!, SMA_TIE_ULPS) ? 1 : 0;
        return out;
      },
    ),
});
