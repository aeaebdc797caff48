// Price filter: long while the close is above its moving average (simple or exponential), flat otherwise.
import { defineFamily, defineModel, grid } from '../../family.ts';
import { ema } from '../../indicators/ema.ts';
import { sma } from '../../indicators/sma.ts';
import { exceeds, SMA_TIE_ULPS } from '../../indicators/ties.ts';

export const priceAboveMaFamily = defineFamily({
  name: 'price-above-ma',
  grid: [...grid({ ma: ['sma'], period: [20, 50, 100, 150, 200] }), ...grid({ ma: ['ema'], period: [20, 50, 100, 200] })],
  create: ({ ma, period }) =>
    defineModel(
      {
        id: `price-above-${ma}-${period}`,
        name: `Price above ${ma.toUpperCase()}(${period})`,
        category: 'trend',
        description: `Long (w=1) while the close is above its ${period}-bar ${ma === 'sma' ? 'simple' : 'exponential'} moving average, flat otherwise.`,
        params: { ma, period },
        inputs: ['close'],
        output: 'position',
        minHistory: period,
      },
      ({ bars }) => {
        const m = ma === 'sma' ? sma(bars.close, period) : ema(bars.close, period);
        const w = new Float64Array(bars.length);
        // a close equal to its SMA up to rounding is a tie, flat; an EMA compares strictly (both reasons in ties.ts)
        const c = bars.close;
        if (ma === 'sma') for (let t = 0; t < w.length; t++) w[t] = exceeds(c[t]!, m[t]!, SMA_TIE_ULPS) ? 1 : 0;
        else for (let t = 0; t < w.length; t++) w[t] = c[t]! > m[t]! ? 1 : 0;
        return w;
      },
    ),
});
