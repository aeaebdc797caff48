// The data rules on crafted series: each planted fault raises exactly one anomaly of its rule, a clean series none,
// and only the bars from `checkFrom` on are judged.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findBarAnomalies } from '../../../src/engine/anomaly/bar-anomalies.ts';
import { utcMidnight, addDays } from '../../../src/calendar/dates.ts';
import { isSession } from '../../../src/calendar/nyse-sessions.ts';
import type { BarSeries } from '../../../src/registry/model.ts';

/** Daily bars on NYSE sessions from 2019-01-02, closes given; open = previous close, high/low around both. */
function series(closes: number[], sessions?: string[]): BarSeries {
  const dates = sessions ?? [];
  if (!sessions) for (let d = '2019-01-02'; dates.length < closes.length; d = addDays(d, 1)) if (isSession(d)) dates.push(d);
  const n = closes.length;
  const s = { length: n, time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(closes), volume: new Float64Array(n).fill(1e6) };
  for (let i = 0; i < n; i++) {
    s.time[i] = utcMidnight(dates[i]!);
    s.open[i] = i === 0 ? closes[0]! : closes[i - 1]!;
    s.high[i] = Math.max(s.open[i]!, closes[i]!) * 1.002;
    s.low[i] = Math.min(s.open[i]!, closes[i]!) * 0.998;
  }
  return s;
}

/** A calm random walk: daily moves of about 1% (a seeded sine-like pattern, no randomness). */
const calm = (n: number, start = 100) => Array.from({ length: n }, (_, i) => start * Math.exp(0.01 * Math.sin(i * 1.7) + 0.0002 * i));

describe('data anomaly rules', () => {
  it('a clean series raises nothing', () => {
    expect(findBarAnomalies('TEST', '1d', series(calm(300)))).toEqual([]);
  });

  it('a 60% one-day jump raises one return-outlier naming the date, the move and its size in robust sigmas', () => {
    const closes = calm(150);
    for (let i = 100; i < 150; i++) closes[i] = closes[i]! * 1.6;
    const found = findBarAnomalies('TEST', '1d', series(closes));
    expect(found).toHaveLength(1);
    expect(found[0]!.rule).toBe('return-outlier');
    expect(found[0]!.key).toMatch(/^outlier:TEST:1d:2019-05-2\d$/);
    expect(found[0]!.text).toMatch(/TEST 1d 2019-05-2\d: the close moved \+\d+\.\d% .* robust standard deviations from its last 60 returns/);
  });

  it('a bar whose high is below its low raises one ohlc-inconsistent', () => {
    const s = series(calm(80));
    s.high[50] = s.low[50]! * 0.9;
    const found = findBarAnomalies('TEST', '1d', s);
    expect(found.map((a) => a.rule)).toEqual(['ohlc-inconsistent']);
    expect(found[0]!.text).toContain('is below low');
  });

  it('a gap of 4 missing sessions raises one data-gap; 3 missing raise none', () => {
    const dates: string[] = [];
    for (let d = '2019-01-02'; dates.length < 100; d = addDays(d, 1)) if (isSession(d)) dates.push(d);
    const four = [...dates.slice(0, 50), ...dates.slice(54, 100)];
    const three = [...dates.slice(0, 50), ...dates.slice(53, 100)];
    const found = findBarAnomalies('TEST', '1d', series(calm(four.length), four));
    expect(found.map((a) => a.rule)).toEqual(['data-gap']);
    expect(found[0]!.text).toContain(`4 NYSE sessions without a bar between ${dates[49]} and ${dates[54]}`);
    expect(findBarAnomalies('TEST', '1d', series(calm(three.length), three))).toEqual([]);
  });

  it('the 9/11 closure is no gap: the calendar knows the special closings', () => {
    const dates = ['2001-09-04', '2001-09-05', '2001-09-06', '2001-09-07', '2001-09-10', '2001-09-17', '2001-09-18'];
    expect(findBarAnomalies('SPX', '1d', series(calm(dates.length), dates))).toEqual([]);
  });

  it('judges only the bars from checkFrom on', () => {
    const closes = calm(150);
    for (let i = 100; i < 150; i++) closes[i] = closes[i]! * 1.6;
    expect(findBarAnomalies('TEST', '1d', series(closes), 101)).toEqual([]);
    expect(findBarAnomalies('TEST', '1d', series(closes), 100)).toHaveLength(1);
  });

  it('a bar is judged on its past only: later bars never change the verdict on earlier ones', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.08, max: 0.08, noNaN: true }), { minLength: 40, maxLength: 120 }), fc.integer({ min: 1, max: 30 }), (moves, extra) => {
        const closes = moves.reduce<number[]>((acc, m) => [...acc, (acc.at(-1) ?? 100) * (1 + m)], []);
        const cut = closes.length - extra;
        const full = series(closes);
        const lastKept = new Date(full.time[cut - 1]!).toISOString().slice(0, 10);
        const early = findBarAnomalies('P', '1d', series(closes.slice(0, cut))).map((a) => a.key);
        const fullUpToCut = findBarAnomalies('P', '1d', full).map((a) => a.key).filter((k) => k.slice(-10) <= lastKept);
        expect(fullUpToCut).toEqual(early);
      }),
      { numRuns: 100 },
    );
  });
});
