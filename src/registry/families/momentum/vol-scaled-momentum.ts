// Volatility-scaled momentum, long-short: the weight is the L-bar return in units of its own volatility, clipped to [-1, 1].
import { defineFamily, defineModel } from '../../family.ts';
import { rollingStd } from '../../indicators/rolling-std.ts';
import { simpleReturns } from '../../indicators/simple-returns.ts';

const volWindow = 63;

export const volScaledMomentumFamily = defineFamily({
  name: 'vol-scaled-momentum',
  grid: [63, 126, 252].map((lookback) => ({ lookback })),
  create: ({ lookback }) =>
    defineModel(
      {
        id: `vol-scaled-momentum-${lookback}`,
        name: `Volatility-scaled momentum ${lookback}`,
        category: 'momentum',
        description: `Long-short, weight in [-1, 1]: w = (close[t]/close[t-${lookback}] - 1) / (sigma_${volWindow} * sqrt(${lookback})), clipped, where sigma_${volWindow} is the sample std of the last ${volWindow} daily returns. A one-sigma move gives a full position.`,
        params: { lookback, volWindow },
        inputs: ['close'],
        output: 'position',
        minHistory: Math.max(lookback, volWindow) + 1,
      },
      ({ bars }) => {
        const c = bars.close;
        const sigma = rollingStd(simpleReturns(c), volWindow, 1);
        const scale = Math.sqrt(lookback);
        const w = new Float64Array(bars.length);
        for (let t = lookback; t < w.length; t++) {
          const s = sigma[t]!;
          if (!(s > 0)) continue;
          w[t] = (c[t]! / c[t - lookback]! - 1) / (s * scale); // clipped to [-1, 1] by defineModel
        }
        return w;
      },
    ),
});
