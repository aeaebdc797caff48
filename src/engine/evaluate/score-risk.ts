// Scores a value-at-risk model: how often the next bar's loss exceeded it, and Kupiec's proportion-of-failures test.
import type { BarSeries } from '../../registry/model.ts';
import { chiSquareSurvival } from './chi-square.ts';
import { nextReturn, scoreWindow, type ScoreOptions } from './score-window.ts';

export interface RiskScore {
  /** Bars t in [from, to-1] with a finite VaR. */
  count: number;
  /** Bars whose next-bar loss -r[t+1] exceeded VaR[t]. */
  breaches: number;
  breachRate: number;
  /** 1 - level: the breach rate a correct VaR has. */
  expectedRate: number;
  /** Kupiec's POF likelihood ratio, chi-square with 1 degree of freedom under a correct model. */
  kupiecLR: number;
  /** P(chi2(1) > kupiecLR): small values reject the model's coverage. */
  kupiecPValue: number;
}

/** x ln y with 0 ln 0 = 0 (the limit), as the likelihood needs when there are no breaches or only breaches. */
function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

/**
 * LR = -2 ln[(1-p)^(n-x) p^x] + 2 ln[(1-x/n)^(n-x) (x/n)^x] for x breaches in n bars, expected rate p.
 */
export function kupiecPof(n: number, x: number, p: number): { lr: number; pValue: number } {
  if (n <= 0) return { lr: NaN, pValue: NaN };
  const phat = x / n;
  const lr = Math.max(0, -2 * (xlogy(n - x, 1 - p) + xlogy(x, p)) + 2 * (xlogy(n - x, 1 - phat) + xlogy(x, phat)));
  return { lr, pValue: chiSquareSurvival(lr, 1) };
}

export function scoreRisk(valueAtRisk: Float64Array, bars: BarSeries, opts: ScoreOptions = {}): RiskScore {
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new Error(`VaR level must be in (0, 1), got ${level}`);
  const { from, to } = scoreWindow(bars, valueAtRisk, opts);
  const close = bars.close;
  let count = 0;
  let breaches = 0;
  for (let t = from; t < to; t++) {
    const v = valueAtRisk[t]!;
    if (!Number.isFinite(v)) continue;
    count++;
    if (-nextReturn(close, t) > v) breaches++;
  }
  const expectedRate = 1 - level;
  const { lr, pValue } = kupiecPof(count, breaches, expectedRate);
  return { count, breaches, breachRate: count > 0 ? breaches / count : NaN, expectedRate, kupiecLR: lr, kupiecPValue: pValue };
}
