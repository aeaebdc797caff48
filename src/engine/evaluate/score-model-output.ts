// One entry point scoring any model output by its kind, as a flat record of named numbers (what gets stored and ranked).
import type { BarSeries, OutputKind } from '../../registry/model.ts';
import { scoreExpectedShortfall } from './score-expected-shortfall.ts';
import { scoreForecast } from './score-forecast.ts';
import { scorePosition } from './score-position.ts';
import { scoreRegime } from './score-regime.ts';
import { scoreRisk } from './score-risk.ts';
import { scoreVolatility } from './score-volatility.ts';
import type { ScoreOptions } from './score-window.ts';

/** What a risk output measures; an expected shortfall comes with its VaR (same method, window, level) when known. */
export type RiskMeasure = { measure: 'var' } | { measure: 'es'; valueAtRisk?: Float64Array };

/**
 * Metric names by kind (NaN where undefined, e.g. a hit rate without a single nonzero forecast):
 * - position: totalReturn, cagr, sharpe, maxDrawdown, trades, exposure
 * - forecast: count, hitRate, rmse, rankIc, and the long/short sign backtest's totalReturn ... exposure
 * - volatility: count, rmse, qlike
 * - risk (value at risk): count, breaches, breachRate, expectedRate, kupiecLR, kupiecPValue
 * - risk (expected shortfall, `risk.measure` 'es'): count, breaches, breachRate, then expectedRate, kupiecLR and
 *   kupiecPValue all NaN (no breach rate is promised), tailCount, varBreaches, z2 (Acerbi-Szekely, NaN without a
 *   VaR), lossToEs
 * - regime: states, and per state k: regime<k>Count, regime<k>MeanReturn, regime<k>Volatility (annualised)
 */
export function scoreModelOutput(
  kind: OutputKind,
  output: Float64Array,
  bars: BarSeries,
  opts: ScoreOptions = {},
  regimeLabels: readonly string[] = [],
  risk: RiskMeasure = { measure: 'var' },
): Record<string, number> {
  switch (kind) {
    case 'position':
      return { ...scorePosition(output, bars, opts) };
    case 'forecast': {
      const { signBacktest, ...rest } = scoreForecast(output, bars, opts);
      return { ...rest, ...signBacktest };
    }
    case 'volatility':
      return { ...scoreVolatility(output, bars, opts) };
    case 'risk':
      return risk.measure === 'es' ? { ...scoreExpectedShortfall(output, risk.valueAtRisk, bars, opts) } : { ...scoreRisk(output, bars, opts) };
    case 'regime': {
      const stats = scoreRegime(output, bars, opts, regimeLabels);
      const rec: Record<string, number> = { states: stats.length };
      for (const s of stats) {
        rec[`regime${s.state}Count`] = s.count;
        rec[`regime${s.state}MeanReturn`] = s.meanReturn;
        rec[`regime${s.state}Volatility`] = s.volatility;
      }
      return rec;
    }
  }
}
