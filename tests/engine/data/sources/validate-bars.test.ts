// The bar checks every connector shares, and the calendar arithmetic behind their windows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BarRow } from '../../../../src/engine/data/bar.ts';
import { redact } from '../../../../src/engine/data/sources/redact.ts';
import { validateBars, windowFor } from '../../../../src/engine/data/sources/validate-bars.ts';
import { loadSpx } from '../../../fixtures/spx.ts';
import { newYorkDate, newYorkDay, newYorkMidnight } from '../../../../src/calendar/dates.ts';

const now = Date.parse('2024-07-01T20:00:00Z');
const at = (date: string) => Date.parse(`${date}T00:00:00Z`);
const bar = (date: string, o: number, h: number, l: number, c: number, v: number): BarRow => ({ time: at(date), open: o, high: h, low: l, close: c, volume: v });

describe('validateBars', () => {
  const window = windowFor('1d', '2024-01-02', '2024-01-31', now);

  it('keeps consistent bars and names what is wrong with the others', () => {
    const rows = [
      bar('2024-01-02', 10, 11, 9, 10.5, 1000),
      bar('2024-01-03', 10, 9, 11, 10, 1000), // high below low
      bar('2024-01-04', 12, 11, 9, 10, 1000), // open above high
      bar('2024-01-05', 10, 11, 9, 8, 1000), // close below low
      bar('2024-01-08', 0, 11, 0, 10, 1000), // a zero price
      bar('2024-01-09', 10, 11, 9, 10, Number.NaN),
      bar('2024-01-10', 10, 11, 9, 10, 0), // no trades: fine
      bar('2024-01-10', 10, 11, 9, 10, 5), // the same day again
      bar('2024-01-09', 10, 11, 9, 10, 5), // back in time
      bar('2023-12-29', 10, 11, 9, 10, 5), // before the window
      { ...bar('2024-01-11', 10, 11, 9, 10, 5), time: at('2024-01-11') + 5 * 3_600_000 }, // a daily bar not at 00:00 UTC
    ];
    const { valid, rejected } = validateBars(rows, window);
    expect(valid.map((b) => new Date(b.time).toISOString().slice(0, 10))).toEqual(['2024-01-02', '2024-01-10']);
    expect(rejected).toEqual([
      { index: 1, time: at('2024-01-03'), reason: 'high 9 is below low 11' },
      { index: 2, time: at('2024-01-04'), reason: 'open 12 is outside low..high 9..11' },
      { index: 3, time: at('2024-01-05'), reason: 'close 8 is outside low..high 9..11' },
      { index: 4, time: at('2024-01-08'), reason: 'a price is zero or negative' },
      { index: 5, time: at('2024-01-09'), reason: 'volume is not a finite number' },
      { index: 7, time: at('2024-01-10'), reason: 'duplicate timestamp' },
      { index: 8, time: at('2024-01-09'), reason: 'timestamp goes back in time' },
      { index: 9, time: at('2023-12-29'), reason: 'timestamp 2023-12-29T00:00:00.000Z is outside the requested window' },
      { index: 10, time: at('2024-01-11') + 5 * 3_600_000, reason: 'daily timestamp 2024-01-11T05:00:00.000Z is not at 00:00 UTC' },
    ]);
  });

  it('refuses bars from the future', () => {
    const w = windowFor('1d', '2024-06-01', '2024-12-31', now);
    const { rejected } = validateBars([bar('2024-07-02', 10, 11, 9, 10, 1)], w);
    expect(rejected[0]!.reason).toBe('timestamp 2024-07-02T00:00:00.000Z is outside the requested window');
  });

  it('accepts every real SPX bar of 2019', () => {
    const spx = loadSpx();
    const rows: BarRow[] = [];
    for (let i = 0; i < spx.length; i++) {
      if (spx.time[i]! >= at('2019-01-01') && spx.time[i]! <= at('2019-12-31')) {
        rows.push({ time: spx.time[i]!, open: spx.open[i]!, high: spx.high[i]!, low: spx.low[i]!, close: spx.close[i]!, volume: spx.volume[i]! });
      }
    }
    const { valid, rejected } = validateBars(rows, windowFor('1d', '2019-01-01', '2019-12-31', now));
    expect(rejected).toEqual([]);
    expect(valid.length).toBe(252);
  });

  it('accepts any consistent bar and rejects it with high and low swapped', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1e9 }),
        (low, spread, fo, fc_, volume) => {
          const high = low * (1 + spread);
          const b = bar('2024-01-16', low + fo * (high - low), high, low, low + fc_ * (high - low), volume);
          expect(validateBars([b], window).valid.length).toBe(1);
          expect(validateBars([{ ...b, high: low, low: high }], window).rejected.length).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lets intraday bars run to the end of the last New York day', () => {
    const w = windowFor('1h', '2024-01-02', '2024-01-02', now);
    expect(new Date(w.earliest).toISOString()).toBe('2024-01-02T05:00:00.000Z');
    expect(new Date(w.latest).toISOString()).toBe('2024-01-03T04:59:59.999Z');
    expect(w.dailyStamps).toBe(false);
  });
});

describe('New York calendar', () => {
  it('finds midnight New York on both sides of the clock changes', () => {
    expect(new Date(newYorkMidnight('2024-03-09')).toISOString()).toBe('2024-03-09T05:00:00.000Z');
    expect(new Date(newYorkMidnight('2024-03-10')).toISOString()).toBe('2024-03-10T05:00:00.000Z'); // changes at 02:00
    expect(new Date(newYorkMidnight('2024-03-11')).toISOString()).toBe('2024-03-11T04:00:00.000Z');
    expect(new Date(newYorkMidnight('2024-11-03')).toISOString()).toBe('2024-11-03T04:00:00.000Z');
    expect(new Date(newYorkMidnight('2024-11-04')).toISOString()).toBe('2024-11-04T05:00:00.000Z');
  });

  it('stamps a provider day at 00:00 UTC of its New York date', () => {
    expect(newYorkDate(Date.parse('2024-01-03T03:00:00Z'))).toBe('2024-01-02'); // 22:00 the evening before
    expect(new Date(newYorkDay(Date.parse('2024-06-03T04:00:00Z'))).toISOString()).toBe('2024-06-03T00:00:00.000Z');
  });
});

describe('redact', () => {
  it('removes secrets and key parameters from text', () => {
    expect(redact('GET https://api.polygon.io/v2/aggs?apiKey=abc123&cursor=x failed', [])).toBe(
      'GET https://api.polygon.io/v2/aggs?apiKey=[redacted]&cursor=x failed',
    );
    expect(redact('key s3cr3t and again s3cr3t', ['s3cr3t'])).toBe('key [redacted] and again [redacted]');
    expect(redact('x?api_key=0123&file_type=json', [])).toBe('x?api_key=[redacted]&file_type=json');
  });
});
