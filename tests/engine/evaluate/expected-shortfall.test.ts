// Expected-shortfall models are backtested with Acerbi-Szekely Z2 against the VaR of the same method, window and level,
// not with Kupiec's test at 1 - level (which rejects a correct ES: it is exceeded less often than 1 - level by design).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataHash } from '../../../src/engine/evaluate/data-hash.ts';
import { evaluateModel } from '../../../src/engine/evaluate/evaluate-model.ts';
import { runEvaluationTask } from '../../../src/engine/evaluate/evaluation-task.ts';
import { EvaluationStore } from '../../../src/engine/evaluate/evaluation-store.ts';
import { matchingVarModel } from '../../../src/engine/evaluate/matching-var.ts';
import { isExpectedShortfall } from '../../../src/engine/evaluate/risk-measure.ts';
import { scoreExpectedShortfall } from '../../../src/engine/evaluate/score-expected-shortfall.ts';
import * as catalog from '../../../src/registry/catalog.ts';
import { historicalRiskFamily } from '../../../src/registry/families/risk/historical-risk.ts';
import { normalPdf, normalQuantile } from '../../../src/registry/families/risk/normal-distribution.ts';
import type { BarSeries, Model } from '../../../src/registry/model.ts';
import { mulberry32 } from '../../../src/registry/seeded-random.ts';
import { loadSpx } from '../../fixtures/spx.ts';
import { openTestDb, type TestDb } from '../../support/test-db.ts';

const { getModel } = catalog;

function barsFromCloses(close: Float64Array): BarSeries {
  const n = close.length;
  return {
    length: n,
    time: Float64Array.from({ length: n }, (_, i) => Date.UTC(2000, 0, 3) + i * 86_400_000),
    open: Float64Array.from(close),
    high: Float64Array.from(close),
    low: Float64Array.from(close),
    close,
    volume: new Float64Array(n),
  };
}

/** Closes whose simple returns are i.i.d. N(0, sigma^2) (Box-Muller on a seeded generator). */
function normalReturnBars(n: number, sigma: number, seed: number): BarSeries {
  const rand = mulberry32(seed);
  const close = new Float64Array(n);
  close[0] = 100;
  for (let t = 1; t < n; t++) {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    close[t] = close[t - 1]! * (1 + sigma * z);
  }
  return barsFromCloses(close);
}

const constant = (n: number, v: number) => new Float64Array(n).fill(v);

describe('scoreExpectedShortfall (Acerbi-Szekely Z2)', () => {
  // Losses -r ~ N(0, sigma^2): VaR = sigma z, ES = sigma phi(z) / alpha, z the normal quantile at the level.
  const level = 0.975;
  const alpha = 1 - level;
  const sigma = 0.01;
  const z = normalQuantile(level);
  const trueVar = sigma * z;
  const trueEs = (sigma * normalPdf(z)) / alpha;
  const n = 40_001;
  const bars = normalReturnBars(n, sigma, 20240517);

  it('is close to 0 for the true ES, and clearly negative for an ES 30% too small', () => {
    const right = scoreExpectedShortfall(constant(n, trueEs), constant(n, trueVar), bars, { level });
    // Z2's standard error here is about sqrt((E[L^2; L > VaR] / (alpha ES)^2 - 1) / T) = 0.032.
    expect(right.tailCount).toBe(n - 1);
    expect(Math.abs(right.z2)).toBeLessThan(0.1);
    expect(right.varBreaches / right.tailCount).toBeCloseTo(alpha, 2);

    const small = scoreExpectedShortfall(constant(n, 0.7 * trueEs), constant(n, trueVar), bars, { level });
    expect(small.z2).toBeLessThan(-0.3); // 1 - 1/0.7 = -0.43 in expectation
    expect(small.z2).toBeCloseTo(1 - (1 - right.z2) / 0.7, 12); // same tail days, every term scaled by 1/0.7

    const large = scoreExpectedShortfall(constant(n, 1.3 * trueEs), constant(n, trueVar), bars, { level });
    expect(large.z2).toBeGreaterThan(0.15); // 1 - 1/1.3 = 0.23: risk overestimated
  });

  it('reports the ES breach rate for information, with no expected rate and no Kupiec test at 1 - level', () => {
    const right = scoreExpectedShortfall(constant(n, trueEs), constant(n, trueVar), bars, { level });
    // A correct 97.5% ES is exceeded with probability 1 - Phi(phi(z)/alpha) = 0.97%, far below 2.5%.
    expect(right.breachRate).toBeGreaterThan(0.007);
    expect(right.breachRate).toBeLessThan(0.0125);
    expect(right.expectedRate).toBeNaN();
    expect(right.kupiecLR).toBeNaN();
    expect(right.kupiecPValue).toBeNaN();
  });

  it('compares the forecasts at t with the loss over bar t+1 (hand-computed)', () => {
    // Next-bar losses: 10%, 0%, -10% (a gain), 5%; VaR 4% and ES 8% at 97.5% (alpha 2.5%).
    const b = barsFromCloses(Float64Array.from([100, 90, 90, 99, 94.05]));
    const s = scoreExpectedShortfall(constant(5, 0.08), constant(5, 0.04), b, { level });
    // Tail days t = 0 (loss 0.10) and t = 3 (loss 0.05): Z2 = 1 - (0.10 + 0.05) / (4 * 0.025 * 0.08).
    expect(s).toMatchObject({ count: 4, breaches: 1, tailCount: 4, varBreaches: 2 });
    expect(s.z2).toBeCloseTo(1 - 0.15 / (4 * 0.025 * 0.08), 12);
    expect(s.lossToEs).toBeCloseTo(0.1 / 0.08, 12);
    // A forecast at the last bar has no next bar and is not scored; NaN forecasts are skipped.
    const gaps = scoreExpectedShortfall(Float64Array.from([0.08, NaN, 0.08, 0.08, 0.08]), Float64Array.from([0.04, 0.04, NaN, 0.04, 0.04]), b, { level });
    expect(gaps).toMatchObject({ count: 3, breaches: 1, tailCount: 2, varBreaches: 2 });
  });

  it('falls back to the mean loss-to-ES ratio past the ES when there is no VaR', () => {
    const s = scoreExpectedShortfall(constant(n, trueEs), undefined, bars, { level });
    expect(s.z2).toBeNaN();
    expect(s.tailCount).toBeNaN();
    expect(s.lossToEs).toBeGreaterThan(1);
    expect(s.breaches).toBeGreaterThan(0);
  });
});

describe('matchingVarModel', () => {
  it("pairs each registry ES with the VaR of its family's same method, window and level", () => {
    const es = catalog.allModels().filter(isExpectedShortfall);
    expect(es.length).toBeGreaterThan(0);
    for (const m of es) {
      const v = matchingVarModel(m, getModel);
      expect(v?.id).toBe(m.id.replace(/^es-/, 'var-'));
      expect(v!.params).toEqual({ ...m.params, measure: 'var' });
      expect(isExpectedShortfall(v!)).toBe(false);
    }
    // The catalog's own VaR where it has one; the family's where the catalog's VaR grid has no such level (97.5%).
    expect(matchingVarModel(getModel('es-gauss-99-500')!, getModel)).toBe(getModel('var-gauss-99-500'));
    expect(getModel('var-hist-97.5-250')).toBeUndefined();
    expect(matchingVarModel(getModel('es-hist-97.5-250')!)!.id).toBe('var-hist-97.5-250');
    expect(matchingVarModel(getModel('var-hist-99-250')!)).toBeUndefined();
  });
});

describe('evaluating an ES model', () => {
  const spx = loadSpx();
  const es = getModel('es-hist-97.5-250')!;
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('scores es-hist-97.5-250 by Z2 against var-hist-97.5-250, and stores no Kupiec p-value at 1 - level', async () => {
    const outcome = runEvaluationTask(catalog, { modelId: es.id, symbol: 'SPX' }, { bars: spx }, {});
    if (!outcome.ok) throw new Error(outcome.error);
    const r = outcome.result;
    const varOut = historicalRiskFamily.create({ measure: 'var', level: 97.5, window: 250 }).run({ bars: spx });
    const expected = scoreExpectedShortfall(es.run({ bars: spx }), varOut, spx, { fromIndex: r.fromIndex, toIndex: r.toIndex, level: 0.975 });
    expect(r.metrics).toEqual({ ...expected });
    // The stored example of the issue: exceeded on 1.67% of days, which Kupiec at 2.5% rejected (p = 8e-5).
    expect(r.metrics.breachRate).toBeCloseTo(0.0167, 3);
    expect(Number.isFinite(r.metrics.z2)).toBe(true);
    expect(r.metrics.tailCount).toBe(r.metrics.count);

    const store = new EvaluationStore(db.db);
    await store.save([
      { modelId: es.id, symbol: 'SPX', timeframe: '1d', from: r.from, to: r.to, dataHash: dataHash(spx), output: r.output, bars: r.bars, metrics: r.metrics, seconds: 0 },
    ]);
    const [stored] = await store.forModel(es.id);
    expect(stored!.metrics.kupiecPValue).toBeNull();
    expect(stored!.metrics.kupiecLR).toBeNull();
    expect(stored!.metrics.expectedRate).toBeNull();
    expect(stored!.metrics.z2).toBeCloseTo(r.metrics.z2!, 12);
    expect(stored!.metrics.breachRate).toBeCloseTo(r.metrics.breachRate!, 12);
  });

  it('still scores a VaR with the breach rate and Kupiec at 1 - level', () => {
    const r = evaluateModel(getModel('var-hist-99-250')!, spx, {}, getModel);
    expect(r.metrics.expectedRate).toBeCloseTo(0.01, 12);
    expect(Number.isFinite(r.metrics.kupiecPValue)).toBe(true);
    expect(r.metrics).not.toHaveProperty('z2');
  });

  it('an ES with no VaR to pair with gets the breach figures and the loss-to-ES ratio, no Z2', () => {
    const lone: Model = { ...es, id: 'es-lonely-97.5', run: es.run };
    const r = evaluateModel(lone, spx);
    expect(r.metrics.z2).toBeNaN();
    expect(r.metrics.kupiecPValue).toBeNaN();
    expect(r.metrics.lossToEs).toBeGreaterThan(1);
  });
});
