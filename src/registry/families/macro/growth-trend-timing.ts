// Growth-trend timing: long the market unless both the price trend and the labour market turn down, i.e. flat only
// while the close is below its moving average AND unemployment is above its trailing average.
import { defineFamily, defineModel } from '../../family.ts';
import { sma } from '../../indicators/sma.ts';
import { exceeds, SMA_TIE_ULPS } from '../../indicators/ties.ts';
import { fredInputs, needsSentence } from './fred-inputs.ts';
import { UNEMPLOYMENT_SERIES, unemploymentAboveTrend } from './unemployment-trend.ts';

export const growthTrendTimingFamily = defineFamily({
  name: 'growth-trend-timing',
  grid: [{ months: 12, period: 200 }],
  create: ({ months, period }) =>
    defineModel(
      {
        id: `growth-trend-timing-${months}-${period}`,
        name: `Growth-trend timing ${months}m / SMA(${period})`,
        category: 'macro',
        description:
          `Long (w=1) unless the close is below its ${period}-bar simple moving average while the latest published ` +
          `unemployment rate (UNRATE) is above its ${months}-month average, flat (w=0) then: a price downtrend alone, ` +
          `without a weakening labour market, does not sell. Flat while either is unknown. ${needsSentence([UNEMPLOYMENT_SERIES])}`,
        params: { months, period },
        inputs: ['close', ...fredInputs([UNEMPLOYMENT_SERIES])],
        output: 'position',
        minHistory: period,
        requiresSeries: [UNEMPLOYMENT_SERIES],
      },
      (ctx) => {
        const w = new Float64Array(ctx.bars.length);
        const above = unemploymentAboveTrend(ctx, months);
        if (!above) return w;
        const close = ctx.bars.close;
        const m = sma(close, period);
        for (let t = 0; t < w.length; t++) {
          if (m[t] !== m[t] || above[t] !== above[t] || close[t] !== close[t]) continue;
          // below the average strictly: equal up to rounding is not a downtrend (ties.ts)
          w[t] = exceeds(m[t]!, close[t]!, SMA_TIE_ULPS) && above[t] === 1 ? 0 : 1;
        }
        return w;
      },
    ),
});
