// Volatility targeting, long only: hold min(1, target annual vol / forecast annual vol) of the asset.
import { defineFamily, defineModel, grid } from '../../family.ts';
import type { BarSeries } from '../../model.ts';
import { closeToCloseVolatility } from './close-to-close.ts';
import { ewmaVolatility } from './ewma.ts';
import { garchFirstFit, garchVolatility } from './garch.ts';
import { rangeVolatility } from './range-estimators.ts';

interface Forecaster {
  readonly label: string;
  readonly inputs: readonly string[];
  readonly minHistory: number;
  readonly forecast: (bars: BarSeries) => Float64Array;
}

const forecasters: Record<string, Forecaster> = {
  'ewma-94': { label: 'EWMA(0.94)', inputs: ['close'], minHistory: 21, forecast: (b) => ewmaVolatility(b.close, 0.94) },
  'ewma-97': { label: 'EWMA(0.97)', inputs: ['close'], minHistory: 21, forecast: (b) => ewmaVolatility(b.close, 0.97) },
  'close-21': { label: '21-bar close-to-close', inputs: ['close'], minHistory: 22, forecast: (b) => closeToCloseVolatility(b.close, 21) },
  'close-63': { label: '63-bar close-to-close', inputs: ['close'], minHistory: 64, forecast: (b) => closeToCloseVolatility(b.close, 63) },
  'yang-zhang-21': {
    label: '21-bar Yang-Zhang',
    inputs: ['open', 'high', 'low', 'close'],
    minHistory: 22,
    forecast: (b) => rangeVolatility(b, 'yang-zhang', 21),
  },
  garch: { label: 'GARCH(1,1)', inputs: ['close'], minHistory: garchFirstFit + 1, forecast: (b) => garchVolatility(b.close, false) },
};

const periodsPerYear = 252;

export const volTargetFamily = defineFamily({
  name: 'vol-target',
  grid: grid({ forecaster: Object.keys(forecasters), target: [10, 15] }),
  create: ({ forecaster, target }) => {
    const f = forecasters[forecaster]!;
    return defineModel(
      {
        id: `vol-target-${forecaster}-${target}`,
        name: `Vol target ${target}% (${f.label})`,
        category: 'volatility',
        description: `Long only, weight in [0, 1]: w = min(1, ${target}% / (${f.label} forecast of daily volatility x sqrt(${periodsPerYear}))); 0 before the forecast exists.`,
        params: { forecaster, targetAnnualVol: target / 100, periodsPerYear },
        inputs: f.inputs,
        output: 'position',
        minHistory: f.minHistory,
      },
      ({ bars }) => {
        const sigma = f.forecast(bars);
        const annualTarget = target / 100;
        const scale = Math.sqrt(periodsPerYear);
        const w = new Float64Array(bars.length);
        for (let t = 0; t < w.length; t++) {
          const s = sigma[t]! * scale;
          w[t] = s > 0 ? Math.min(1, annualTarget / s) : 0;
        }
        return w;
      },
    );
  },
});
