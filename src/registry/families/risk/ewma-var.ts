// RiskMetrics value at risk: zero-mean Gaussian quantile scaled by the EWMA(0.94) volatility forecast.
import { defineFamily, defineModel } from '../../family.ts';
import { ewmaVolatility } from '../volatility/ewma.ts';
import { normalQuantile } from './normal-distribution.ts';

export const ewmaVarFamily = defineFamily({
  name: 'ewma-var',
  grid: [95, 99].map((level) => ({ level })),
  create: ({ level }) => {
    const z = normalQuantile(level / 100);
    return defineModel(
      {
        id: `var-ewma-${level}`,
        name: `RiskMetrics VaR ${level}%`,
        category: 'risk',
        description: `RiskMetrics ${level}% one-bar value at risk: ${z.toFixed(3)} x the EWMA (lambda 0.94) volatility forecast, zero mean.`,
        params: { level: level / 100, lambda: 0.94, method: 'riskmetrics' },
        inputs: ['close'],
        output: 'risk',
        minHistory: 21,
      },
      ({ bars }) => {
        const out = ewmaVolatility(bars.close, 0.94);
        for (let t = 0; t < out.length; t++) out[t]! *= z;
        return out;
      },
    );
  },
});
