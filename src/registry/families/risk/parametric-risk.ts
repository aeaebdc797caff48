// Parametric value at risk and expected shortfall from rolling moments: Gaussian and Cornish-Fisher (skew/kurtosis-adjusted).
import { defineFamily, defineModel, grid } from '../../family.ts';
import { simpleReturns } from '../../indicators/simple-returns.ts';
import { normalPdf, normalQuantile } from './normal-distribution.ts';
import { rollingMoments } from './rolling-moments.ts';

type Method = 'gauss' | 'cf';

export const parametricRiskFamily = defineFamily({
  name: 'parametric-risk',
  grid: [
    ...grid({ measure: ['var'], method: ['gauss', 'cf'] as Method[], level: [95, 99], window: [250, 500] }),
    ...grid({ measure: ['es'], method: ['gauss'] as Method[], level: [95, 97.5, 99], window: [250, 500] }),
  ],
  create: ({ measure, method, level, window }) => {
    const p = level / 100;
    const z = normalQuantile(1 - p); // negative
    const isVar = measure === 'var';
    const title = method === 'gauss' ? 'Gaussian' : 'Cornish-Fisher';
    return defineModel(
      {
        id: `${measure}-${method}-${level}-${window}`,
        name: `${title} ${isVar ? 'VaR' : 'expected shortfall'} ${level}% (${window} bars)`,
        category: 'risk',
        description: !isVar
          ? `Gaussian ${level}% one-bar expected shortfall from the mean m and sample std s of the last ${window} daily returns: -m + s phi(z)/(1-${p}), z the normal ${level}% quantile.`
          : method === 'gauss'
            ? `Gaussian ${level}% one-bar value at risk from the mean m and sample std s of the last ${window} daily returns: -(m + s z), z the normal ${(100 - level).toFixed(0)}% quantile.`
            : `Cornish-Fisher ${level}% one-bar value at risk: the Gaussian quantile corrected for the skewness and excess kurtosis of the last ${window} daily returns.`,
        params: { measure, level: p, window, method },
        inputs: ['close'],
        output: 'risk',
        minHistory: window + 1,
      },
      ({ bars }) => {
        const m = rollingMoments(simpleReturns(bars.close), window);
        const out = new Float64Array(bars.length);
        const esFactor = normalPdf(z) / (1 - p);
        for (let t = 0; t < out.length; t++) {
          const mu = m.mean[t]!;
          const sd = m.std[t]!;
          if (!isVar) {
            out[t] = -mu + sd * esFactor;
          } else if (method === 'gauss') {
            out[t] = -(mu + sd * z);
          } else {
            const s = m.skew[t]!;
            const k = m.exKurt[t]!;
            const zcf = z + ((z * z - 1) * s) / 6 + ((z * z * z - 3 * z) * k) / 24 - ((2 * z * z * z - 5 * z) * s * s) / 36;
            out[t] = -(mu + sd * zcf);
          }
        }
        return out;
      },
    );
  },
});
