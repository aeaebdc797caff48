// The macro families on SPX bars with economic series of known shape: the regimes and positions switch on the bars
// the publication calendar says, nothing looks ahead, and without their series the models answer neutrally.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelCard, searchModels, getModel } from '../../src/registry/catalog.ts';
import { sma } from '../../src/registry/indicators/sma.ts';
import type { BarSeries, ExtraSeries } from '../../src/registry/model.ts';
import { syntheticObservations } from '../fakes/synthetic-market.ts';
import { loadSpx, sliceBars } from '../fixtures/spx.ts';

const DAY = 86_400_000;
const ms = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);

const spx = loadSpx();
const indexOf = (date: string): number => spx.time.findIndex((t) => t >= ms(date));
// 2005-01-03 .. 2008-12-31: the 2006-07 inversion, the 2007 rise in unemployment and the 2008 crash
const bars = sliceBars(spx, indexOf('2005-01-01'), indexOf('2009-01-01'));

/** Weekday observations from..to with `value(date)` (NaN for missing). */
function daily(from: string, to: string, value: (date: string) => number): ExtraSeries {
  const time: number[] = [];
  const values: number[] = [];
  for (let t = ms(from); t <= ms(to); t += DAY) {
    const wd = new Date(t).getUTCDay();
    if (wd === 0 || wd === 6) continue;
    time.push(t);
    values.push(value(iso(t)));
  }
  return { time: Float64Array.from(time), value: Float64Array.from(values) };
}

/** Monthly observations dated the 1st, from the first month, with `value(yyyy-mm)`. */
function monthly(from: string, to: string, value: (month: string) => number): ExtraSeries {
  const time: number[] = [];
  const values: number[] = [];
  for (let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7)); `${y}-${String(m).padStart(2, '0')}` <= to; m === 12 ? (y++, (m = 1)) : m++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    time.push(ms(`${month}-01`));
    values.push(value(month));
  }
  return { time: Float64Array.from(time), value: Float64Array.from(values) };
}

// The curve: 10-year at 4.80, 3-month at 4.60, except inverted (5.10) from 2006-08-01 to 2007-05-31; 2-year at 4.50,
// except inverted (4.90) in 2007's first quarter.
// Independence Day and Christmas are missing (".").
const holiday = (d: string): boolean => d.endsWith('-07-04') || d.endsWith('-12-25');
const DGS10 = daily('2004-01-01', '2008-12-31', (d) => (holiday(d) ? NaN : 4.8));
const DGS3MO = daily('2004-01-01', '2008-12-31', (d) => (holiday(d) ? NaN : d >= '2006-08-01' && d <= '2007-05-31' ? 5.1 : 4.6));
const DGS2 = daily('2004-01-01', '2008-12-31', (d) => (d >= '2007-01-01' && d <= '2007-03-31' ? 4.9 : 4.5));
// Unemployment flat at 5.0, then rising 0.1 a month from July 2007; October 2006 is missing
const UNRATE = monthly('2004-01', '2008-12', (m) => (m === '2006-10' ? NaN : m < '2007-07' ? 5 : 5 + 0.1 * (Number(m.slice(0, 4)) * 12 + Number(m.slice(5)) - (2007 * 12 + 6))));
// Prices flat at 100 through 2005, 106 from January 2006: 6% inflation over 2006 (above the 4.8% yield), none after
const CPIAUCSL = monthly('2004-01', '2008-12', (m) => (m < '2006-01' ? 100 : 106));
const series = { DGS10, DGS3MO, DGS2, UNRATE, CPIAUCSL };

const macro = searchModels({ category: 'macro' });
const run = (id: string, s: Record<string, ExtraSeries> = series, b: BarSeries = bars): Float64Array => getModel(id)!.run({ bars: b, series: s });
const at = (out: Float64Array, date: string): number => out[bars.time.indexOf(ms(date))]!;
/** The dates where the output changes, with the new value ("NaN" for unknown). */
function changes(out: Float64Array): string[] {
  const got: string[] = [];
  for (let t = 0; t < out.length; t++) if (t === 0 || !Object.is(out[t], out[t - 1])) got.push(`${iso(bars.time[t]!)}=${out[t]}`);
  return got;
}

describe('the macro cards', () => {
  it('lists the macro models, each naming the FRED series it needs', () => {
    expect(macro.map((m) => m.id)).toEqual([
      'yield-curve-regime-10y3m',
      'yield-curve-regime-10y2y',
      'yield-curve-timing-10y3m-1',
      'yield-curve-timing-10y3m-20',
      'yield-curve-timing-10y3m-60',
      'yield-curve-timing-10y2y-1',
      'yield-curve-timing-10y2y-20',
      'yield-curve-timing-10y2y-60',
      'unemployment-trend-regime-6',
      'unemployment-trend-regime-12',
      'unemployment-trend-timing-6',
      'unemployment-trend-timing-12',
      'growth-trend-timing-12-200',
      'real-rate-regime',
    ]);
    for (const m of macro) {
      expect(m.requiresSeries?.length, m.id).toBeGreaterThan(0);
      for (const id of m.requiresSeries!) {
        expect(m.inputs, m.id).toContain(`fred:${id}`);
        expect(m.description, m.id).toContain(id);
      }
      if (m.output === 'regime') expect(m.regimeLabels?.length, m.id).toBe(2);
    }
    const card = modelCard(getModel('yield-curve-regime-10y3m')!);
    expect(card.category).toBe('macro');
    expect(card.inputs).toEqual(['fred:DGS10', 'fred:DGS3MO']);
    expect(card.output).toBe('regime');
    expect(card.description).toContain('Needs the FRED series DGS10 and DGS3MO');
    expect(getModel('growth-trend-timing-12-200')!.inputs).toEqual(['close', 'fred:UNRATE']);
    expect(searchModels({ search: 'CPIAUCSL' }).map((m) => m.id)).toEqual(['real-rate-regime']);
  });
});

describe('the yield-curve models', () => {
  it('are inverted from the day after the first inverted close to the day after the last', () => {
    // 2006-08-01 is the first inverted day, known on 08-02; 2007-05-31 the last, so 06-01 (a Friday) still sees it
    expect(changes(run('yield-curve-regime-10y3m'))).toEqual(['2005-01-03=1', '2006-08-02=0', '2007-06-04=1']);
    expect(at(run('yield-curve-regime-10y3m'), '2007-06-01')).toBe(0);
    // 2007-01-01's inversion is known on the 2nd, a day the market was closed (President Ford's funeral)
    expect(changes(run('yield-curve-regime-10y2y'))).toEqual(['2005-01-03=1', '2007-01-03=0', '2007-04-03=1']);
  });

  it('go flat only after N inverted days in a row', () => {
    expect(changes(run('yield-curve-timing-10y3m-1'))).toEqual(['2005-01-03=1', '2006-08-02=0', '2007-06-04=1']);
    // the 20th inverted weekday is 2006-08-28, known on the 29th
    expect(changes(run('yield-curve-timing-10y3m-20'))).toEqual(['2005-01-03=1', '2006-08-29=0', '2007-06-04=1']);
    // the 60th: 2006-10-23 (Labor Day's observation counts: FRED has it)
    expect(changes(run('yield-curve-timing-10y3m-60'))).toEqual(['2005-01-03=1', '2006-10-24=0', '2007-06-04=1']);
  });

  it('carry the spread over missing days instead of reading them as 0', () => {
    // 2006-12-25 is missing in both legs: the inversion before it holds on the 26th
    expect(at(run('yield-curve-regime-10y3m'), '2006-12-26')).toBe(0);
    expect(at(run('yield-curve-timing-10y3m-20'), '2006-12-27')).toBe(0);
  });
});

describe('the unemployment-trend models', () => {
  it('turn when the first rate above its average is published', () => {
    // the 12-month average first exists with December 2004, released January 2005 (known from the 11th); July 2007's
    // 5.1 is the first above it, known from 2007-08-11 (a Saturday), so the first bar is the 13th
    expect(changes(run('unemployment-trend-regime-12'))).toEqual(['2005-01-03=NaN', '2005-01-11=0', '2007-08-13=1']);
    expect(changes(run('unemployment-trend-timing-12'))).toEqual(['2005-01-03=0', '2005-01-11=1', '2007-08-13=0']);
    // with 6 months the average exists from June 2004, known before the bars start
    expect(changes(run('unemployment-trend-regime-6'))).toEqual(['2005-01-03=0', '2007-08-13=1']);
  });

  it('skip a missing month rather than averaging in a 0', () => {
    // October 2006 is missing: the November value (5.0) against the 12 values before it, all 5.0, is not above
    expect(at(run('unemployment-trend-regime-12'), '2006-12-29')).toBe(0);
    // a 0 in the average would have put 5.0 above it from November's release on
    const zeroed = { ...series, UNRATE: { time: UNRATE.time, value: UNRATE.value.map((v) => (Number.isNaN(v) ? 0 : v)) } };
    expect(at(run('unemployment-trend-regime-12', zeroed), '2006-12-29')).toBe(1);
  });

  it('growth-trend timing sells only when the price trend and the labour market both turn down', () => {
    const w = run('growth-trend-timing-12-200');
    const trend = sma(bars.close, 200);
    let belowTrendButHeld = 0;
    for (let t = 200; t < bars.length; t++) {
      const date = iso(bars.time[t]!);
      const below = bars.close[t]! < trend[t]!;
      if (date < '2007-08-13' && below) {
        expect(w[t], date).toBe(1);
        belowTrendButHeld++;
      }
      if (date >= '2007-08-13') expect(w[t], date).toBe(below ? 0 : 1);
    }
    // mid-2006 dipped below the 200-day average while unemployment was flat: the rule held on
    expect(belowTrendButHeld).toBeGreaterThan(20);
    expect(at(w, '2008-10-10')).toBe(0);
    expect(at(w, '2007-10-09')).toBe(1);
    // flat before the 200-bar average exists
    expect(Array.from(w.subarray(0, 199)).every((v) => v === 0)).toBe(true);
  });
});

describe('the real-rate regime', () => {
  it('is negative while 12-month inflation (published) exceeds the 10-year yield', () => {
    // January 2005 is the first 12-month change (0%), known 2005-02-22; January 2006's +6% from 2006-02-22; January
    // 2007's 0% from 2007-02-22
    expect(changes(run('real-rate-regime'))).toEqual(['2005-01-03=NaN', '2005-02-22=1', '2006-02-22=0', '2007-02-22=1']);
    // 4% inflation stays under the 4.8% yield
    const mild = { ...series, CPIAUCSL: monthly('2004-01', '2008-12', (m) => (m < '2006-01' ? 100 : 104)) };
    expect(changes(run('real-rate-regime', mild))).toEqual(['2005-01-03=NaN', '2005-02-22=1']);
  });
});

describe('the macro models without their series', () => {
  it('return one neutral value per bar (0 for positions, NaN otherwise) and never throw', () => {
    for (const m of macro) {
      const partial: (Record<string, ExtraSeries> | undefined)[] = [undefined, {}, { DGS10 }, { DGS10: { time: new Float64Array(0), value: new Float64Array(0) }, DGS3MO, DGS2, UNRATE: { time: new Float64Array(0), value: new Float64Array(0) } }];
      for (const s of partial) {
        const out = m.run({ bars, series: s });
        expect(out.length, m.id).toBe(bars.length);
        const neutral = m.output === 'position' ? 0 : NaN;
        expect(
          out.every((v) => Object.is(v, neutral)),
          `${m.id} with ${Object.keys(s ?? {}).join(',') || 'no series'}`,
        ).toBe(true);
      }
    }
  });

  it('return outputs for no bars', () => {
    for (const m of macro) expect(m.run({ bars: sliceBars(bars, 0, 0), series }).length).toBe(0);
  });
});

/** The series cut after time t (observations dated after the bar are not yet in the store). */
function cutSeries(s: Record<string, ExtraSeries>, t: number): Record<string, ExtraSeries> {
  const out: Record<string, ExtraSeries> = {};
  for (const [id, x] of Object.entries(s)) {
    let n = 0;
    while (n < x.time.length && x.time[n]! <= t) n++;
    out[id] = { time: x.time.slice(0, n), value: x.value.slice(0, n) };
  }
  return out;
}

function firstDifference(a: Float64Array, b: Float64Array, t: number): number {
  for (let i = 0; i <= t; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

// the fake FRED's seeded walks, over SPX's whole history: real curve crossings, holidays missing
function fakeFred(id: string): ExtraSeries {
  const rows = syntheticObservations(id, '1990-01-01', '2020-12-31');
  return { time: Float64Array.from(rows.map((r) => ms(r.date))), value: Float64Array.from(rows.map((r) => (r.value === '.' ? NaN : Number(r.value)))) };
}
const walks = { DGS10: fakeFred('DGS10'), DGS3MO: fakeFred('DGS3MO'), DGS2: fakeFred('DGS3MO'), UNRATE: fakeFred('UNRATE'), CPIAUCSL: fakeFred('CPIAUCSL') };

describe('no macro model looks ahead (bars and series cut after t give the same outputs up to t)', () => {
  const cases: [string, Record<string, ExtraSeries>, BarSeries][] = [
    ['shaped series', series, bars],
    ['the fake FRED walks', walks, sliceBars(spx, indexOf('1995-01-01'), indexOf('2004-01-01'))],
  ];
  for (const [label, s, b] of cases) {
    for (const m of macro) {
      it(`${m.id} on ${label}`, () => {
        const full = m.run({ bars: b, series: s });
        const check = (t: number): void => {
          const cut = m.run({ bars: sliceBars(b, 0, t + 1), series: cutSeries(s, b.time[t]!) });
          expect(cut.length).toBe(t + 1);
          expect(firstDifference(full, cut, t), `first differing bar when cut after ${iso(b.time[t]!)}`).toBe(-1);
        };
        fc.assert(fc.property(fc.integer({ min: 0, max: b.length - 2 }), check), { numRuns: 12, seed: 20240417 });
        // and right at every switch, where a value published a day early would show
        for (let t = 1; t < b.length - 1; t++) if (!Object.is(full[t], full[t - 1])) for (const u of [t - 1, t]) check(u);
      });
    }
  }

  it('the cut points cross both states of every model on the shaped series, and of the unemployment models on the walks', () => {
    for (const m of macro) {
      const states = new Set(Array.from(m.run({ bars, series })).filter((v) => !Number.isNaN(v)));
      expect([...states].sort(), m.id).toEqual([0, 1]);
    }
    // the fake's curve is inverted and its real rate positive through these years: only the labour market turns
    for (const m of macro.filter((x) => x.requiresSeries?.includes('UNRATE'))) {
      const states = new Set(Array.from(m.run({ bars: cases[1]![2], series: walks })).filter((v) => !Number.isNaN(v)));
      expect([...states].sort(), m.id).toEqual([0, 1]);
    }
  });
});
