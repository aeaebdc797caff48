// Historical (empirical) value at risk and expected shortfall of the next bar over a rolling window of returns.
import { defineFamily, defineModel, grid } from '../../family.ts';
import { simpleReturns } from '../../indicators/simple-returns.ts';
import { SortedWindow } from '../../indicators/sorted-window.ts';

export const historicalRiskFamily = defineFamily({
  name: 'historical-risk',
  grid: [
    ...grid({ measure: ['var'], level: [95, 99], window: [250, 500] }),
    ...grid({ measure: ['es'], level: [95, 97.5, 99], window: [250, 500] }),
  ],
  create: ({ measure, level, window }) => {
    const tail = 1 - level / 100;
    const tailCount = Math.ceil(window * tail - 1e-9);
    const isVar = measure === 'var';
    return defineModel(
      {
        id: `${measure}-hist-${level}-${window}`,
        name: `Historical ${isVar ? 'VaR' : 'expected shortfall'} ${level}% (${window} bars)`,
        category: 'risk',
        description: isVar
          ? `Empirical ${level}% one-bar value at risk: minus the ${(tail * 100).toFixed(1)}% quantile (linear interpolation) of the last ${window} daily returns, as a positive loss fraction.`
          : `Empirical ${level}% one-bar expected shortfall: minus the mean of the ${tailCount} worst of the last ${window} daily returns, as a positive loss fraction.`,
        params: { measure, level: level / 100, window, method: 'historical' },
        inputs: ['close'],
        output: 'risk',
        minHistory: window + 1,
      },
      ({ bars }) => {
        const r = simpleReturns(bars.close);
        const n = bars.length;
        const out = new Float64Array(n).fill(NaN);
        const win = new SortedWindow(window + 1);
        let lastBad = -1;
        for (let t = 0; t < n; t++) {
          const v = r[t]!;
          if (!Number.isFinite(v)) {
            lastBad = t;
            win.clear();
            continue;
          }
          win.insert(v);
          if (t - lastBad > window) win.remove(r[t - window]!);
          if (t - lastBad >= window) out[t] = isVar ? -win.quantile(tail) : -win.lowerTailMean(tailCount);
        }
        return out;
      },
    );
  },
});
