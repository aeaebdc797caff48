// Scores an expected-shortfall model with the Acerbi-Szekely Z2 backtest, not Kupiec's VaR test: an ES at level p is
// by design exceeded less often than 1 - p, so a breach-count test at 1 - p would reject a correct ES.
import type { BarSeries } from '../../registry/model.ts';
import type { RiskScore } from './score-risk.ts';
import { nextReturn, scoreWindow, type ScoreOptions } from './score-window.ts';

/**
 * The breach figures of a VaR score, read for an ES: `count` is the bars with a finite, positive ES and `breaches` those
 * whose next-bar loss exceeded ES[t], for information only; `expectedRate`, `kupiecLR` and `kupiecPValue` are always NaN
 * (stored as null): an ES promises no breach rate, so there is no Kupiec test at 1 - level.
 */
export interface ExpectedShortfallScore extends RiskScore {
  /** Bars with a finite VaR (of the same method, window and level) as well: the T of Z2. NaN without a VaR. */
  tailCount: number;
  /** Of those, the bars whose next-bar loss exceeded VaR[t]: the tail Z2 averages over. NaN without a VaR. */
  varBreaches: number;
  /**
   * Acerbi-Szekely (2014) Z2 = 1 - sum_t L[t+1] 1{L[t+1] > VaR[t]} / (T alpha ES[t]), alpha = 1 - level, L the next
   * bar's loss. Its expectation is 0 when ES (and VaR) are right; negative when the ES is too small (risk
   * underestimated), positive when it is too large. NaN without a VaR.
   */
  z2: number;
  /** Mean of L[t+1] / ES[t] over the bars whose loss exceeded the ES (how far past it they went); NaN with none. */
  lossToEs: number;
}

/**
 * @param expectedShortfall ES[t]: the model's expected loss of bar t+1 beyond its VaR, a positive fraction.
 * @param valueAtRisk VaR[t] at the same level (the same method and window), or undefined when there is none: then
 *   only the breach figures and lossToEs are computed.
 * @param opts.level the ES level p (alpha = 1 - p); default 0.975, the Basel level.
 */
export function scoreExpectedShortfall(
  expectedShortfall: Float64Array,
  valueAtRisk: Float64Array | undefined,
  bars: BarSeries,
  opts: ScoreOptions = {},
): ExpectedShortfallScore {
  const level = opts.level ?? 0.975;
  if (!(level > 0 && level < 1)) throw new Error(`ES level must be in (0, 1), got ${level}`);
  if (valueAtRisk && valueAtRisk.length !== expectedShortfall.length) {
    throw new Error(`VaR has ${valueAtRisk.length} values for ${expectedShortfall.length} ES values`);
  }
  const { from, to } = scoreWindow(bars, expectedShortfall, opts);
  const alpha = 1 - level;
  const close = bars.close;
  let count = 0;
  let breaches = 0;
  let ratioSum = 0;
  let tailCount = 0;
  let varBreaches = 0;
  let tailSum = 0; // sum of L / (alpha ES) over the VaR breaches
  for (let t = from; t < to; t++) {
    const es = expectedShortfall[t]!;
    if (!(es > 0 && es < Infinity)) continue;
    const loss = -nextReturn(close, t);
    if (!Number.isFinite(loss)) continue;
    count++;
    if (loss > es) {
      breaches++;
      ratioSum += loss / es;
    }
    const v = valueAtRisk?.[t];
    if (v === undefined || !Number.isFinite(v)) continue;
    tailCount++;
    if (loss > v) {
      varBreaches++;
      tailSum += loss / (alpha * es);
    }
  }
  const withVar = valueAtRisk !== undefined && tailCount > 0;
  return {
    count,
    breaches,
    breachRate: count > 0 ? breaches / count : NaN,
    expectedRate: NaN,
    kupiecLR: NaN,
    kupiecPValue: NaN,
    tailCount: withVar ? tailCount : NaN,
    varBreaches: withVar ? varBreaches : NaN,
    z2: withVar ? 1 - tailSum / tailCount : NaN,
    lossToEs: breaches > 0 ? ratioSum / breaches : NaN,
  };
}
