// Unemployment-trend regime: deteriorating while the unemployment rate is above its trailing average, improving otherwise.
import { defineFamily, defineModel } from '../../family.ts';
import { fredInputs, needsSentence } from './fred-inputs.ts';
import { UNEMPLOYMENT_SERIES, unemploymentAboveTrend } from './unemployment-trend.ts';

export const unemploymentTrendRegimeFamily = defineFamily({
  name: 'unemployment-trend-regime',
  grid: [6, 12].map((months) => ({ months })),
  create: ({ months }) =>
    defineModel(
      {
        id: `unemployment-trend-regime-${months}`,
        name: `Unemployment-trend regime ${months}m`,
        category: 'macro',
        description:
          `State 1 (deteriorating) while the latest published unemployment rate (UNRATE) is above its ${months}-month ` +
          `average, state 0 (improving) otherwise; a month's rate counts from the 11th of the next month, after its ` +
          `release. ${needsSentence([UNEMPLOYMENT_SERIES])}`,
        params: { months },
        inputs: fredInputs([UNEMPLOYMENT_SERIES]),
        output: 'regime',
        minHistory: 1,
        requiresSeries: [UNEMPLOYMENT_SERIES],
        regimeLabels: ['improving', 'deteriorating'],
      },
      (ctx) => unemploymentAboveTrend(ctx, months) ?? new Float64Array(ctx.bars.length).fill(NaN),
    ),
});
