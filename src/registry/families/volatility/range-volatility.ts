// Range-based volatility models: Parkinson, Garman-Klass, Rogers-Satchell and Yang-Zhang over rolling windows.
import { defineFamily, defineModel, grid } from '../../family.ts';
import { rangeVolatility, type RangeEstimator } from './range-estimators.ts';

const estimators: readonly RangeEstimator[] = ['parkinson', 'garman-klass', 'rogers-satchell', 'yang-zhang'];
const names: Record<RangeEstimator, string> = {
  parkinson: 'Parkinson',
  'garman-klass': 'Garman-Klass',
  'rogers-satchell': 'Rogers-Satchell',
  'yang-zhang': 'Yang-Zhang',
};
const explained: Record<RangeEstimator, string> = {
  parkinson: 'the high-low range (ln(H/L))^2 / (4 ln 2)',
  'garman-klass': 'high-low range and open-to-close move, 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2',
  'rogers-satchell': 'ln(H/C) ln(H/O) + ln(L/C) ln(L/O), unbiased under drift',
  'yang-zhang': 'overnight variance + k open-to-close variance + (1-k) Rogers-Satchell, robust to drift and opening jumps',
};

export const rangeVolatilityFamily = defineFamily({
  name: 'range-volatility',
  grid: grid({ estimator: estimators, window: [21, 63] }),
  create: ({ estimator, window }) =>
    defineModel(
      {
        id: `vol-${estimator}-${window}`,
        name: `${names[estimator]} volatility ${window}`,
        category: 'volatility',
        description: `${names[estimator]} estimator averaged over the last ${window} bars, from ${explained[estimator]}; its square root forecasts the next bar's return standard deviation.`,
        params: { estimator, window },
        inputs: estimator === 'parkinson' ? ['high', 'low'] : ['open', 'high', 'low', 'close'],
        output: 'volatility',
        minHistory: estimator === 'yang-zhang' ? window + 1 : window, // Yang-Zhang needs the previous close
      },
      ({ bars }) => rangeVolatility(bars, estimator, window),
    ),
});
