// The rule-based models: benchmark, trend, mean reversion, momentum, volatility, risk and regime families.
import { buyAndHoldFamily } from './families/benchmark/buy-and-hold.ts';
import { growthTrendTimingFamily } from './families/macro/growth-trend-timing.ts';
import { realRateRegimeFamily } from './families/macro/real-rate-regime.ts';
import { unemploymentTrendRegimeFamily } from './families/macro/unemployment-trend-regime.ts';
import { unemploymentTrendTimingFamily } from './families/macro/unemployment-trend-timing.ts';
import { yieldCurveRegimeFamily } from './families/macro/yield-curve-regime.ts';
import { yieldCurveTimingFamily } from './families/macro/yield-curve-timing.ts';
import { bollingerReversionFamily } from './families/mean-reversion/bollinger-reversion.ts';
import { cciReversionFamily } from './families/mean-reversion/cci-reversion.ts';
import { rsiReversionFamily } from './families/mean-reversion/rsi-reversion.ts';
import { stochasticReversionFamily } from './families/mean-reversion/stochastic-reversion.ts';
import { williamsRReversionFamily } from './families/mean-reversion/williams-r-reversion.ts';
import { zscoreReversionFamily } from './families/mean-reversion/zscore-reversion.ts';
import { momentumFamily } from './families/momentum/momentum.ts';
import { rocThresholdFamily } from './families/momentum/roc-threshold.ts';
import { skipMomentumFamily } from './families/momentum/skip-momentum.ts';
import { volScaledMomentumFamily } from './families/momentum/vol-scaled-momentum.ts';
import { bocpdRegimeFamily } from './families/regime/bocpd-regime.ts';
import { cusumRegimeFamily } from './families/regime/cusum-regime.ts';
import { hmmRegimeFamily } from './families/regime/hmm-regime.ts';
import { trendRegimeFamily } from './families/regime/trend-regime.ts';
import { volRegimeFamily } from './families/regime/vol-regime.ts';
import { ewmaVarFamily } from './families/risk/ewma-var.ts';
import { historicalRiskFamily } from './families/risk/historical-risk.ts';
import { parametricRiskFamily } from './families/risk/parametric-risk.ts';
import { adxTrendFamily } from './families/trend/adx-trend.ts';
import { donchianBreakoutFamily } from './families/trend/donchian-breakout.ts';
import { emaCrossFamily } from './families/trend/ema-cross.ts';
import { keltnerBreakoutFamily } from './families/trend/keltner-breakout.ts';
import { macdCrossFamily } from './families/trend/macd-cross.ts';
import { parabolicSarFamily } from './families/trend/parabolic-sar-trend.ts';
import { priceAboveMaFamily } from './families/trend/price-above-ma.ts';
import { smaCrossFamily } from './families/trend/sma-cross.ts';
import { closeToCloseFamily } from './families/volatility/close-to-close.ts';
import { ewmaFamily } from './families/volatility/ewma.ts';
import { garchFamily } from './families/volatility/garch.ts';
import { rangeVolatilityFamily } from './families/volatility/range-volatility.ts';
import { volTargetFamily } from './families/volatility/vol-target.ts';
import { expandFamilies } from './family.ts';
import type { Model } from './model.ts';

/** Every rule family, in catalog order. */
export const ruleFamilies = [
  buyAndHoldFamily,
  smaCrossFamily,
  emaCrossFamily,
  priceAboveMaFamily,
  macdCrossFamily,
  donchianBreakoutFamily,
  adxTrendFamily,
  parabolicSarFamily,
  keltnerBreakoutFamily,
  rsiReversionFamily,
  bollingerReversionFamily,
  zscoreReversionFamily,
  stochasticReversionFamily,
  williamsRReversionFamily,
  cciReversionFamily,
  momentumFamily,
  skipMomentumFamily,
  rocThresholdFamily,
  volScaledMomentumFamily,
  closeToCloseFamily,
  ewmaFamily,
  garchFamily,
  rangeVolatilityFamily,
  volTargetFamily,
  historicalRiskFamily,
  parametricRiskFamily,
  ewmaVarFamily,
  volRegimeFamily,
  trendRegimeFamily,
  hmmRegimeFamily,
  cusumRegimeFamily,
  bocpdRegimeFamily,
  yieldCurveRegimeFamily,
  yieldCurveTimingFamily,
  unemploymentTrendRegimeFamily,
  unemploymentTrendTimingFamily,
  growthTrendTimingFamily,
  realRateRegimeFamily,
] as const;

let built: Model[] | undefined;

/** The rule models, built once (a fresh array each call, the models themselves shared and stateless). */
export function ruleModels(): Model[] {
  built ??= expandFamilies(...ruleFamilies);
  return [...built];
}
