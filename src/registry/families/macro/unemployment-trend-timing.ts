// Unemployment-trend timing: long the market, flat while the unemployment rate is above its trailing average.
import { defineFamily, defineModel } from '../../family.ts';
import { fredInputs, needsSentence } from './fred-inputs.ts';
import { UNEMPLOYMENT_SERIES, unemploymentAboveTrend } from './unemployment-trend.ts';

export const unemploymentTrendTimingFamily = defineFamily({
  name: 'unemployment-trend-timing',
  grid: [6, 12].map((months) => ({ months })),
  create: ({ months }) =>
    defineModel(
      {
        id: `unemployment-trend-timing-${months}`,
        name: `Unemployment-trend timing ${months}m`,
        category: 'macro',
        description:
          `Long (w=1) while the latest published unemployment rate (UNRATE) is at or below its ${months}-month average, ` +
          `flat (w=0) while it is above (a deteriorating labour market) or unknown. ${needsSentence([UNEMPLOYMENT_SERIES])}`,
        params: { months },
        inputs: fredInputs([UNEMPLOYMENT_SERIES]),
        output: 'position',
        minHistory: 1,
        requiresSeries: [UNEMPLOYMENT_SERIES],
      },
      (ctx) => {
        const w = new Float64Array(ctx.bars.length);
        const above = unemploymentAboveTrend(ctx, months);
        if (!above) return w;
        for (let t = 0; t < w.length; t++) w[t] = above[t] === 0 ? 1 : 0;
        return w;
      },
    ),
});
