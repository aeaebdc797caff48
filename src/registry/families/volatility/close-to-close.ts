// Close-to-close historical volatility: the sample standard deviation of the last N daily returns.
import { defineFamily, defineModel } from '../../family.ts';
import { rollingStd } from '../../indicators/rolling-std.ts';
import { simpleReturns } from '../../indicators/simple-returns.ts';

export function closeToCloseVolatility(close: Float64Array, window: number): Float64Array {
  return rollingStd(simpleReturns(close), window, 1);
}

export const closeToCloseFamily = defineFamily({
  name: 'close-to-close',
  grid: [10, 21, 63, 126, 252].map((window) => ({ window })),
  create: ({ window }) =>
    defineModel(
      {
        id: `vol-close-${window}`,
        name: `Close-to-close volatility ${window}`,
        category: 'volatility',
        description: `Sample standard deviation of the last ${window} daily simple returns, used as the forecast of the next bar's return standard deviation.`,
        params: { window },
        inputs: ['close'],
        output: 'volatility',
        minHistory: window + 1,
      },
      ({ bars }) => closeToCloseVolatility(bars.close, window),
    ),
});
