// Ensembles of the rule models: equal-weight and majority votes, performance-weighted blends and stacking.
import { describe, expect, it } from 'vitest';
import { memberSets } from '../../src/registry/families/ensemble/member-sets.ts';
import { performanceWeighted } from '../../src/registry/families/ensemble/performance-weighted.ts';
import { stackingFamily } from '../../src/registry/families/ensemble/stacking.ts';
import { defineModel, expandFamilies } from '../../src/registry/family.ts';
import { ensembleFamilies } from '../../src/registry/learning-models.ts';
import type { Model } from '../../src/registry/model.ts';
import { ruleModels } from '../../src/registry/rule-models.ts';
import { mulberry32 } from '../../src/registry/seeded-random.ts';
import { loadSpx, sliceBars } from '../fixtures/spx.ts';
import { ar1Returns, barsFromReturns, firstDifference } from './learning-synthetic.ts';

const pool = ruleModels();
const models = expandFamilies(...ensembleFamilies(pool));
const byId = (id: string): Model => {
  const m = models.find((x) => x.id === id);
  if (!m) throw new Error(`no model ${id}`);
  return m;
};
const rule = (id: string): Model => {
  const m = pool.find((x) => x.id === id);
  if (!m) throw new Error(`no rule model ${id}`);
  return m;
};
const bars = sliceBars(loadSpx(), 1500, 2700);

describe('ensemble family', () => {
  it('finds every member among the rule models: 5 sets x 6 ensembles', () => {
    for (const set of memberSets) for (const id of set.ids) expect(rule(id).output, id).toBe('position');
    expect(models).toHaveLength(30);
    for (const m of models) {
      expect(m.category).toBe('ensemble');
      expect(m.output).toBe('position');
    }
    expect(byId('ens-vote-trend').params.members).toEqual(memberSets[1]!.ids);
  });

  it('the vote is the mean of the members, the majority is long when more than half are', () => {
    const ids = memberSets[1]!.ids;
    const members = ids.map((id) => rule(id).run({ bars }));
    const vote = byId('ens-vote-trend').run({ bars });
    const majority = byId('ens-majority-trend').run({ bars });
    const start = byId('ens-vote-trend').minHistory - 1;
    for (let t = 0; t < bars.length; t++) {
      if (t < start) {
        expect(vote[t]).toBe(0);
        continue;
      }
      const ws = members.map((w) => w[t]!);
      expect(vote[t]).toBeCloseTo(ws.reduce((s, w) => s + w, 0) / ws.length, 12);
      expect(majority[t]).toBe(ws.filter((w) => w > 0).length >= 3 ? 1 : 0);
    }
    // the members disagree sometimes: the vote takes values between 0 and 1
    expect(new Set(vote).size).toBeGreaterThan(3);
  });

  it('performance weights come from trailing realised member returns only', () => {
    const close = Float64Array.from([100, 101, 102, 103, 102, 101, 100, 99, 100, 101]);
    const up = new Float64Array(10).fill(1); // long all the time
    const half = new Float64Array(10).fill(0.5);
    const out = performanceWeighted(close, [up, half], 2);
    // t=2: both earned on rising bars 1..2 (1 x and 0.5 x): weights 2:1 -> (2*1 + 1*0.5)/3
    expect(out[2]).toBeCloseTo((2 * 1 + 1 * 0.5) / 3, 12);
    expect(out[3]).toBeCloseTo(2.5 / 3, 12);
    // t=5: bars 4 and 5 fell, both members lost: flat
    expect(out[5]).toBe(0);
    // t=9: bars 8 and 9 rose again
    expect(out[9]).toBeCloseTo(2.5 / 3, 12);
    expect(out[0]).toBe(0);
    expect(out[1]).toBe(0);
    // a member weighted by the positive record alone: a flat member earns nothing and gets no weight
    const flat = new Float64Array(10);
    expect(performanceWeighted(close, [up, flat], 3)[3]).toBe(1);
  });

  it('a member whose record is exactly zero gets no weight (no running-sum residual)', () => {
    const window = 63;
    const n = 200;
    // Member A is long through a 40-bar rally whose returns sum past 1 (where a running sum's ulp is 2.2e-16 and the
    // falling days' returns no longer fit it exactly), then holds nothing for more than 63 bars: its record at the
    // last bar is exactly 0, and it wants to go long there. Member B is always long 0.5.
    const scenario = (seed: number, trend: number) => {
      const rand = mulberry32(seed);
      const close = new Float64Array(n);
      close[0] = 100;
      for (let s = 1; s < n; s++) {
        const rally = s >= 50 && s < 90 ? (s % 2 ? 1.05 + 0.05 * rand() : 0.97 + 0.02 * rand()) : 0;
        close[s] = close[s - 1]! * (rally || (s < 130 ? 1 + (rand() - 0.5) * 0.02 : 1 + trend));
      }
      const a = new Float64Array(n);
      for (let s = 49; s < 90; s++) a[s] = 1;
      a[n - 1] = 1;
      const b = new Float64Array(n).fill(0.5);
      return { close, a, b };
    };
    const t = n - 1;
    let residualPositive = 0;
    for (let seed = 1; seed <= 20; seed++) {
      // B loses over the window: A's zero record must not make the blend follow A (the old sums did, to w = 1)
      const falling = scenario(seed, -0.001);
      const earn = (s: number) => falling.a[s - 1]! * (falling.close[s]! / falling.close[s - 1]! - 1);
      let old = 0; // the old running sum of A's earnings
      for (let s = 1; s <= t; s++) {
        old += earn(s);
        if (s - window >= 1) old -= earn(s - window);
      }
      if (old > 0) residualPositive++;
      expect(performanceWeighted(falling.close, [falling.a, falling.b], window)[t]).toBe(0);
      // B wins over the window: the blend is B's position exactly, A's zero record dilutes nothing
      const rising = scenario(seed, 0.001);
      expect(performanceWeighted(rising.close, [rising.a, rising.b], window)[t]).toBe(0.5);
    }
    expect(residualPositive).toBeGreaterThan(0); // the old sums left A a positive residual (2.2e-16) on some of these
  });

  it('a stacked meta-model learns which member to follow', () => {
    // AR(1) returns: a member long after up days is informative, its mirror is wrong, a third is noise
    const r = ar1Returns(1300, 0.6, 0.01, 8);
    const synthetic = barsFromReturns(r);
    const member = (id: string, w: (t: number) => number): Model =>
      defineModel(
        { id, name: id, category: 'trend', description: id, params: {}, inputs: ['close'], output: 'position', minHistory: 2 },
        (ctx) => Float64Array.from({ length: ctx.bars.length }, (_, t) => (t < 1 ? 0 : w(t))),
      );
    const fakePool = [
      member('follow', (t) => (r[t]! > 0 ? 1 : 0)),
      member('mirror', (t) => (r[t]! > 0 ? 0 : 1)),
      member('alternate', (t) => t % 2),
    ];
    const set = { name: 'test', label: 'test members', ids: ['follow', 'mirror', 'alternate'] };
    for (const stacked of expandFamilies(stackingFamily([set], fakePool))) {
      const out = stacked.run({ bars: synthetic, seed: 1 });
      let hits = 0;
      let total = 0;
      for (let t = stacked.minHistory; t + 1 < r.length; t++) {
        total++;
        if ((out[t] === 1) === r[t + 1]! > 0) hits++;
      }
      expect(hits / total, stacked.id).toBeGreaterThan(0.65);
    }
  });

  it('every ensemble keeps positions in [-1, 1] on SPX, flat before its history', () => {
    for (const m of models) {
      const out = m.run({ bars, seed: 42 });
      expect(out.length).toBe(bars.length);
      for (let t = 0; t < Math.min(m.minHistory - 1, out.length); t++) expect(out[t], `${m.id} at ${t}`).toBe(0);
      // only vol-scaled-momentum-126 (in the momentum set) goes short
      const lo = m.id.includes('momentum') ? -1 : 0;
      for (const w of out) expect(w >= lo && w <= 1, m.id).toBe(true);
      if (m.id.startsWith('ens-stack')) for (const w of out) expect(w === 0 || w === 1).toBe(true);
    }
  });

  it('is deterministic and does not look ahead (ens-stack-logistic-diversified, ens-perf-trend-63)', () => {
    for (const id of ['ens-stack-logistic-diversified', 'ens-perf-trend-63']) {
      const full = byId(id).run({ bars, seed: 4 });
      expect(firstDifference(full, byId(id).run({ bars, seed: 4 }), bars.length - 1)).toBe(-1);
      for (const t of [600, 700, 1000]) {
        const cut = byId(id).run({ bars: sliceBars(bars, 0, t + 1), seed: 4 });
        expect(firstDifference(full, cut, t), `${id} cut after ${t}`).toBe(-1);
      }
    }
  });

  it('copes with short data and missing closes', () => {
    const close = Float64Array.from(bars.close);
    for (const t of [10, 400, 401, 900]) close[t] = NaN;
    for (const m of models) {
      // fewer bars than the model's history: flat throughout
      const len = Math.min(40, m.minHistory - 1);
      expect(Array.from(m.run({ bars: sliceBars(bars, 0, len) }))).toEqual(new Array(len).fill(0));
      const out = m.run({ bars: { ...bars, close }, seed: 1 });
      for (const w of out) expect(w >= -1 && w <= 1, m.id).toBe(true);
    }
  });
});
