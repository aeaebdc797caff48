// Date and time cells as real exports write them, read into bar times.
import { describe, expect, it } from 'vitest';
import { parseBarTime } from '../../../../src/engine/data/csv/parse-bar-time.ts';

const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);

describe('parseBarTime', () => {
  it('stamps a daily bar at 00:00 UTC of its written date', () => {
    expect(parseBarTime('2000-01-03', undefined, '1d', 'written')).toBe(day(2000, 1, 3));
    expect(parseBarTime('2012-01-03 00:00:00+00:00', undefined, '1d', 'written')).toBe(day(2012, 1, 3));
    // zipline's old bundles stamp the close in UTC; the written date is still the session.
    expect(parseBarTime('2012-01-03 21:00:00+00:00', undefined, '1d', 'written')).toBe(day(2012, 1, 3));
    expect(parseBarTime('20240102', '000000', '1d', 'written')).toBe(day(2024, 1, 2));
    expect(parseBarTime('2024-02-29', undefined, '1mo', 'written')).toBe(day(2024, 2, 29));
  });

  it('takes the New York date of an instant for Alpaca daily bars', () => {
    expect(parseBarTime('2024-01-02T05:00:00Z', undefined, '1d', 'new-york')).toBe(day(2024, 1, 2));
    expect(parseBarTime('2024-07-01T04:00:00Z', undefined, '1d', 'new-york')).toBe(day(2024, 7, 1));
    expect(parseBarTime('2024-01-02 05:00:00+00:00', undefined, '1d', 'new-york')).toBe(day(2024, 1, 2));
    expect(parseBarTime('2024-01-03T03:59:00Z', undefined, '1d', 'new-york')).toBe(day(2024, 1, 2));
    // Without an offset there is no instant to convert: the written date counts.
    expect(parseBarTime('2024-01-02 00:00:00', undefined, '1d', 'new-york')).toBe(day(2024, 1, 2));
  });

  it('keeps the instant for intraday bars, offsets applied, no offset read as UTC', () => {
    expect(parseBarTime('2024-01-02T14:30:00Z', undefined, '1h', 'new-york')).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(parseBarTime('2024-01-02 09:30:00-05:00', undefined, '1m', 'written')).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(parseBarTime('2024-01-02 09:30:00.250-0500', undefined, '1m', 'written')).toBe(Date.UTC(2024, 0, 2, 14, 30, 0, 250));
    expect(parseBarTime('2024-01-02T14:30', undefined, '1h', 'written')).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(parseBarTime('20240102', '153000', '1h', 'written')).toBe(Date.UTC(2024, 0, 2, 15, 30));
  });

  it('gives a short reason for dates that are not dates', () => {
    expect(parseBarTime('2023-02-29', undefined, '1d', 'written')).toBe('bad date "2023-02-29"');
    expect(parseBarTime('2024-13-01', undefined, '1d', 'written')).toBe('bad date "2024-13-01"');
    expect(parseBarTime('01/03/2000', undefined, '1d', 'written')).toBe('bad date "01/03/2000"');
    expect(parseBarTime('Jan 1 2000', undefined, '1d', 'written')).toBe('bad date "Jan 1 2000"');
    expect(parseBarTime('2024-01-02T24:00:00Z', undefined, '1h', 'written')).toBe('bad date "2024-01-02T24:00:00Z"');
    expect(parseBarTime('2024-01-02T10:00:00+25:00', undefined, '1h', 'written')).toBe('bad date "2024-01-02T10:00:00+25:00"');
    expect(parseBarTime('20240102', '1530x', '1h', 'written')).toBe('bad time "1530x"');
    expect(parseBarTime('2024-01-02', undefined, '1m', 'written')).toBe('no time of day in "2024-01-02" for 1m bars');
  });
});
