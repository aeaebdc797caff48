// Real-rate regime: the 10-year Treasury yield minus trailing 12-month CPI inflation, negative or positive.
import { defineFamily, defineModel } from '../../family.ts';
import { alignFred, fredInputs, fredSeries, needsSentence } from './fred-inputs.ts';
import { yearOverYearChange } from './observation-transforms.ts';

const YIELD = 'DGS10';
const PRICES = 'CPIAUCSL';

export const realRateRegimeFamily = defineFamily({
  name: 'real-rate-regime',
  grid: [{ yieldSeries: YIELD, priceSeries: PRICES }],
  create: ({ yieldSeries, priceSeries }) =>
    defineModel(
      {
        id: 'real-rate-regime',
        name: 'Real-rate regime',
        category: 'macro',
        description:
          `State 0 (negative real rate) while the 10-year Treasury yield (${yieldSeries}) known at the bar is below the ` +
          `latest published 12-month CPI inflation (${priceSeries}), state 1 (positive real rate) otherwise; a month's ` +
          `CPI counts from the 22nd of the next month, after its release. ${needsSentence([yieldSeries, priceSeries])}`,
        params: { yieldSeries, priceSeries },
        inputs: fredInputs([yieldSeries, priceSeries]),
        output: 'regime',
        minHistory: 1,
        requiresSeries: [yieldSeries, priceSeries],
        regimeLabels: ['negative real rate', 'positive real rate'],
      },
      (ctx) => {
        const out = new Float64Array(ctx.bars.length).fill(NaN);
        const nominal = fredSeries(ctx, yieldSeries);
        const prices = fredSeries(ctx, priceSeries);
        if (!nominal || !prices) return out;
        const y = alignFred(ctx, yieldSeries, nominal);
        const inflation = alignFred(ctx, priceSeries, yearOverYearChange(prices));
        for (let t = 0; t < out.length; t++) {
          const real = y[t]! - 100 * inflation[t]!;
          if (real === real) out[t] = real < 0 ? 0 : 1;
        }
        return out;
      },
    ),
});
