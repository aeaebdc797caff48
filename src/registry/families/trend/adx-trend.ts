// ADX trend filter: long only while a trend is strong (ADX above a threshold) and pointing up (+DI > -DI).
import { defineFamily, defineModel, grid } from '../../family.ts';
import { adx } from '../../indicators/adx.ts';

export const adxTrendFamily = defineFamily({
  name: 'adx-trend',
  grid: grid({ period: [14, 20], threshold: [20, 25] }),
  create: ({ period, threshold }) =>
    defineModel(
      {
        id: `adx-trend-${period}-${threshold}`,
        name: `ADX(${period}) > ${threshold} uptrend`,
        category: 'trend',
        description: `Long while Wilder's ADX(${period}) is above ${threshold} and +DI is above -DI (a strong uptrend), flat otherwise.`,
        params: { period, threshold },
        inputs: ['high', 'low', 'close'],
        output: 'position',
        minHistory: 2 * period,
      },
      ({ bars }) => {
        const d = adx(bars.high, bars.low, bars.close, period);
        const w = new Float64Array(bars.length);
        for (let t = 0; t < w.length; t++) w[t] = d.adx[t]! > threshold && d.plusDI[t]! > d.minusDI[t]! ? 1 : 0;
        return w;
      },
    ),
});
