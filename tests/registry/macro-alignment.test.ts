// The as-of join of economic series onto bars: publication lags, carried values over gaps, staleness, month arithmetic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExtraSeries } from '../../src/registry/model.ts';
import { addMonths, alignSeriesToBars, publicationLag } from '../../src/registry/series-alignment.ts';

const DAY = 86_400_000;
const ms = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const times = (...dates: string[]): Float64Array => Float64Array.from(dates.map(ms));
/** Observations as FRED writes them: a number, or "." for missing. */
function fred(rows: [string, string][]): ExtraSeries {
  return {
    time: Float64Array.from(rows.map(([d]) => ms(d))),
    value: Float64Array.from(rows.map(([, v]) => (v === '.' ? NaN : Number(v)))),
  };
}
const plain = (a: Float64Array): (number | null)[] => Array.from(a, (v) => (Number.isNaN(v) ? null : v));

describe('alignSeriesToBars', () => {
  it('sees a daily yield from the next day on, and carries it over a missing day (".")', () => {
    const dgs10 = fred([
      ['2024-01-02', '3.95'],
      ['2024-01-03', '.'],
      ['2024-01-04', '3.99'],
      ['2024-01-05', '4.05'],
    ]);
    const bars = times('2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08');
    const aligned = alignSeriesToBars(bars, dgs10, publicationLag('DGS10'));
    // 01-02: that day's yield is not known yet; 01-04: the 3rd is missing, the 2nd's value stays; never 0
    expect(plain(aligned)).toEqual([null, 3.95, 3.95, 3.99, 4.05]);
  });

  it("sees a month's unemployment rate only from the 11th of the next month, and skips a missing month", () => {
    const unrate = fred([
      ['2024-01-01', '3.7'],
      ['2024-02-01', '3.9'],
      ['2024-03-01', '.'],
      ['2024-04-01', '4.0'],
    ]);
    const bars = times('2024-02-02', '2024-02-09', '2024-02-12', '2024-03-08', '2024-03-11', '2024-04-15', '2024-05-10', '2024-05-13');
    const aligned = alignSeriesToBars(bars, unrate, publicationLag('UNRATE'));
    // January (released 2024-02-02) counts from 02-11; February from 03-11; March is missing, so February stays
    expect(plain(aligned)).toEqual([null, null, 3.7, 3.7, 3.9, 3.9, 3.9, 4.0]);
  });

  it('sees CPI from the 22nd of the next month', () => {
    const cpi = fred([
      ['2024-01-01', '309.685'],
      ['2024-02-01', '311.054'],
    ]);
    const bars = times('2024-02-13', '2024-02-21', '2024-02-22', '2024-03-21', '2024-03-22');
    expect(plain(alignSeriesToBars(bars, cpi, publicationLag('CPIAUCSL')))).toEqual([null, null, 309.685, 309.685, 311.054]);
  });

  it('gives NaN, never 0, where nothing with a value is known', () => {
    const gone = fred([
      ['2024-01-02', '.'],
      ['2024-01-03', '.'],
    ]);
    const bars = times('2024-01-03', '2024-01-04', '2024-01-05');
    expect(plain(alignSeriesToBars(bars, gone, { lagDays: 1 }))).toEqual([null, null, null]);
    expect(plain(alignSeriesToBars(bars, { time: new Float64Array(0), value: new Float64Array(0) }, { lagDays: 1 }))).toEqual([null, null, null]);
    expect(alignSeriesToBars(new Float64Array(0), gone, { lagDays: 1 }).length).toBe(0);
  });

  it('stops carrying a value older than maxAgeDays (a series that ended is not stretched)', () => {
    const s = fred([['2024-01-02', '5.1']]);
    const bars = times('2024-01-03', '2024-02-02', '2024-02-03', '2024-06-28');
    // known from 01-03; 30 days later still carried, 31 days later dropped
    expect(plain(alignSeriesToBars(bars, s, { lagDays: 1, maxAgeDays: 30 }))).toEqual([5.1, 5.1, null, null]);
    expect(plain(alignSeriesToBars(bars, s, { lagDays: 1 }))).toEqual([5.1, 5.1, 5.1, 5.1]);
  });

  it('matches a brute-force as-of join on random series, gaps and bar times (no value used before its publication)', () => {
    const arb = fc.record({
      obs: fc.array(fc.record({ step: fc.integer({ min: 1, max: 5 }), v: fc.option(fc.integer({ min: -50, max: 50 }), { nil: undefined }) }), { maxLength: 60 }),
      bars: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 80 }),
      lagDays: fc.integer({ min: 0, max: 9 }),
      maxAge: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(arb, ({ obs, bars, lagDays, maxAge }) => {
        const start = ms('2020-01-01');
        let d = 0;
        const series: ExtraSeries = {
          time: Float64Array.from(obs.map((o) => start + (d += o.step) * DAY)),
          value: Float64Array.from(obs.map((o) => (o.v === undefined ? NaN : o.v / 10))),
        };
        let b = -3;
        const barTime = Float64Array.from(bars.map((step) => start + (b += step) * DAY));
        const got = alignSeriesToBars(barTime, series, { lagDays, maxAgeDays: maxAge });
        for (let t = 0; t < barTime.length; t++) {
          let want = NaN;
          for (let i = 0; i < series.time.length; i++) {
            const published = series.time[i]! + lagDays * DAY;
            const v = series.value[i]!;
            const fresh = maxAge === undefined || barTime[t]! - published <= maxAge * DAY;
            if (published <= barTime[t]! && !Number.isNaN(v)) want = fresh ? v : NaN;
          }
          expect(Object.is(got[t], want) || (Number.isNaN(got[t]) && Number.isNaN(want))).toBe(true);
        }
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});

describe('publication lags and month arithmetic', () => {
  it('has a lag per known series, and by frequency for others', () => {
    expect(publicationLag('DGS10')).toEqual({ lagDays: 1 });
    expect(publicationLag('T10Y3M')).toEqual({ lagDays: 1 });
    expect(publicationLag('UNRATE')).toEqual({ lagMonths: 1, lagDays: 10 });
    expect(publicationLag('CPIAUCSL')).toEqual({ lagMonths: 1, lagDays: 21 });
    expect(publicationLag('DEXUSEU', 'Daily')).toEqual({ lagDays: 1 });
    expect(publicationLag('INDPRO', 'Monthly')).toEqual({ lagMonths: 1, lagDays: 21 });
    expect(publicationLag('GDP', 'Quarterly')).toEqual({ lagMonths: 3, lagDays: 31 });
    expect(publicationLag('SOMETHING')).toEqual({ lagMonths: 1, lagDays: 21 });
  });

  it('adds calendar months, clamping the day to the month', () => {
    const iso = (x: number): string => new Date(x).toISOString().slice(0, 10);
    expect(iso(addMonths(ms('2024-01-31'), 1))).toBe('2024-02-29');
    expect(iso(addMonths(ms('2023-01-31'), 1))).toBe('2023-02-28');
    expect(iso(addMonths(ms('2024-12-15'), 1))).toBe('2025-01-15');
    expect(iso(addMonths(ms('2024-02-29'), -12))).toBe('2023-02-28');
    expect(iso(addMonths(ms('1969-12-01'), 2))).toBe('1970-02-01');
    expect(addMonths(ms('2024-03-10') + 5 * 3_600_000, 1)).toBe(ms('2024-04-10') + 5 * 3_600_000);
  });

  it('agrees with Date arithmetic for any day from 1900 to 2100 and any shift of up to four years', () => {
    fc.assert(
      fc.property(fc.integer({ min: ms('1900-01-01') / DAY, max: ms('2100-12-31') / DAY }), fc.integer({ min: -48, max: 48 }), (day, months) => {
        const d = new Date(day * DAY);
        const y = d.getUTCFullYear();
        const m = d.getUTCMonth() + months;
        const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
        const want = Date.UTC(y, m, Math.min(d.getUTCDate(), last));
        expect(addMonths(day * DAY, months)).toBe(want);
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
