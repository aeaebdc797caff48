// Volatility regime: turbulent while realised volatility is above its own rolling median, calm otherwise.
import { defineFamily, defineModel } from '../../family.ts';
import { rollingQuantile } from '../../indicators/rolling-quantile.ts';
import { closeToCloseVolatility } from '../volatility/close-to-close.ts';

export const volRegimeFamily = defineFamily({
  name: 'vol-regime',
  grid: [
    { window: 21, medianWindow: 252 },
    { window: 21, medianWindow: 504 },
    { window: 63, medianWindow: 504 },
  ],
  create: ({ window, medianWindow }) =>
    defineModel(
      {
        id: `vol-regime-${window}-${medianWindow}`,
        name: `Volatility regime ${window}/${medianWindow}`,
        category: 'regime',
        description: `State 1 (turbulent) while the ${window}-bar close-to-close volatility is above its median over the last ${medianWindow} bars, state 0 (calm) otherwise.`,
        params: { window, medianWindow },
        inputs: ['close'],
        output: 'regime',
        minHistory: window + medianWindow,
        regimeLabels: ['calm', 'turbulent'],
      },
      ({ bars }) => {
        const vol = closeToCloseVolatility(bars.close, window);
        const median = rollingQuantile(vol, medianWindow, 0.5);
        const out = new Float64Array(bars.length).fill(NaN);
        for (let t = 0; t < out.length; t++) if (median[t] === median[t] && vol[t] === vol[t]) out[t] = vol[t]! > median[t]! ? 1 : 0;
        return out;
      },
    ),
});
