// Every recognised export layout, read from small real-price fixtures, plus the real vega-datasets S&P 500 file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBarCsv } from '../../../../src/engine/data/csv/parse-bar-csv.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../../fixtures/csv/${name}`, import.meta.url));
const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);

describe('parseBarCsv formats', () => {
  it('reads Yahoo with Close, not Adj Close', () => {
    const r = parseBarCsv(fixture('yahoo.csv'), { timeframe: '1d' });
    expect(r.format).toBe('yahoo');
    expect(r.errors).toEqual([]);
    expect(r.total).toBe(5);
    expect(r.rows[0]).toEqual({
      time: day(1995, 1, 3),
      open: 2.179012,
      high: 2.191358,
      low: 2.117284,
      close: 2.117284,
      volume: 36301200,
    });
    expect(r.rows.map((b) => b.close)).toEqual([2.117284, 2.135803, 2.092592, 2.117284, 2.179012]);
    expect(r.rows[4]?.time).toBe(day(1995, 1, 9));
  });

  it('reads an unnamed first date column (backtesting.py)', () => {
    const r = parseBarCsv(fixture('unnamed-date.csv'), { timeframe: '1d' });
    expect(r.format).toBe('unnamed-date');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((b) => b.time)).toEqual([
      day(2004, 8, 19),
      day(2004, 8, 20),
      day(2004, 8, 23),
      day(2004, 8, 24),
      day(2004, 8, 25),
    ]);
    expect(r.rows[0]).toEqual({ time: day(2004, 8, 19), open: 100, high: 104.06, low: 95.96, close: 100.34, volume: 22351900 });
  });

  it('reads zipline with times and zones in the date, ignoring dividend and split', () => {
    const r = parseBarCsv(fixture('zipline.csv'), { timeframe: '1d' });
    expect(r.format).toBe('zipline');
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(4);
    expect(r.rows[0]).toEqual({
      time: day(2012, 1, 3),
      open: 58.485714,
      high: 58.92857,
      low: 58.42857,
      close: 58.747143,
      volume: 75555200,
    });
    expect(r.rows[3]?.time).toBe(day(2012, 1, 6));
  });

  it('reads Stooq daily downloads, with and without volume', () => {
    const r = parseBarCsv(fixture('stooq.csv'), { timeframe: '1d' });
    expect(r.format).toBe('stooq');
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toEqual({ time: day(2000, 1, 3), open: 1469.25, high: 1478, low: 1438.359985, close: 1455.219971, volume: 931800000 });
    expect(r.rows[4]?.close).toBe(1441.469971);

    const nv = parseBarCsv(fixture('stooq-no-volume.csv'), { timeframe: '1d' });
    expect(nv.format).toBe('stooq');
    expect(nv.errors).toEqual([]);
    expect(nv.rows.map((b) => b.volume)).toEqual([0, 0, 0]);
    expect(nv.rows[2]).toEqual({ time: day(2000, 1, 5), open: 1399.420044, high: 1413.27002, low: 1377.680054, close: 1402.109985, volume: 0 });
  });

  it('reads the Stooq <TICKER>,<PER>,<DATE>,... layout with compact dates', () => {
    const r = parseBarCsv(fixture('stooq-ticker.csv'), { timeframe: '1d' });
    expect(r.format).toBe('stooq-ticker');
    expect(r.errors).toEqual([]);
    // The same S&P 500 days as stooq.csv, so the same bars.
    expect(r.rows).toEqual(parseBarCsv(fixture('stooq.csv'), { timeframe: '1d' }).rows);
  });

  it('reads Alpaca bars as New York dates across the daylight-saving switch', () => {
    const r = parseBarCsv(fixture('alpaca.csv'), { timeframe: '1d' });
    expect(r.format).toBe('alpaca');
    expect(r.errors).toEqual([]);
    // 2019-03-08T05:00:00Z (EST) and 2019-03-11T04:00:00Z (EDT) are both midnight in New York.
    expect(r.rows.map((b) => b.time)).toEqual([day(2019, 3, 7), day(2019, 3, 8), day(2019, 3, 11), day(2019, 3, 12)]);
    expect(r.rows[2]).toEqual({ time: day(2019, 3, 11), open: 2747.610107, high: 2784, low: 2747.610107, close: 2783.300049, volume: 3749030000 });

    const short = parseBarCsv(fixture('alpaca-short.csv'), { timeframe: '1d' });
    expect(short.format).toBe('alpaca-short');
    expect(short.errors).toEqual([]);
    expect(short.rows).toEqual(r.rows);
  });

  it('keeps the instant of an Alpaca bar for intraday timeframes', () => {
    const r = parseBarCsv(fixture('alpaca.csv'), { timeframe: '1h' });
    expect(r.rows.map((b) => new Date(b.time).toISOString())).toEqual([
      '2019-03-07T05:00:00.000Z',
      '2019-03-08T05:00:00.000Z',
      '2019-03-11T04:00:00.000Z',
      '2019-03-12T04:00:00.000Z',
    ]);
  });

  it('takes the New York date of an Alpaca timestamp written late in the UTC day', () => {
    const text = 't,o,h,l,c,v,n,vw\n2019-03-12T02:00:00Z,2747.610107,2784.000000,2747.610107,2783.300049,3749030000,,\n';
    // 02:00 UTC on the 12th is still the evening of the 11th in New York.
    expect(parseBarCsv(text, { timeframe: '1d' }).rows[0]?.time).toBe(day(2019, 3, 11));
  });

  it('reads the real vega-datasets sp500-2000.csv: 5105 rows, no errors', () => {
    const url = new URL('../data/sp500-2000.csv', import.meta.resolve('vega-datasets'));
    const r = parseBarCsv(readFileSync(url), { timeframe: '1d' });
    expect(r.format).toBe('vega-datasets');
    expect(r.errors).toEqual([]);
    expect(r.total).toBe(5105);
    expect(r.rows).toHaveLength(5105);
    expect(r.rows[0]).toEqual({ time: day(2000, 1, 3), open: 1469.25, high: 1478, low: 1438.359985, close: 1455.219971, volume: 931800000 });
    const last = r.rows[5104];
    expect(last?.time).toBe(day(2020, 4, 17));
    expect(last?.close).toBe(2874.560059);
    expect(last?.volume).toBe(5792140000);
  });

  it('matches headers case-insensitively, with spaces around names and extra columns', () => {
    const text = ' DATE , OPEN ,High,low, CLOSE ,adj close,VOLUME,Note\n1995-01-03,2.179012,2.191358,2.117284,2.117284,1.883304,36301200,first\n';
    const r = parseBarCsv(text, { timeframe: '1d' });
    expect(r.format).toBe('yahoo');
    expect(r.rows).toEqual([{ time: day(1995, 1, 3), open: 2.179012, high: 2.191358, low: 2.117284, close: 2.117284, volume: 36301200 }]);
  });

  it('reads a file whose fields are all quoted', () => {
    const quoted = fixture('yahoo.csv')
      .toString()
      .split('\n')
      .map((line) => (line === '' ? line : line.split(',').map((f) => `"${f}"`).join(',')))
      .join('\n');
    const r = parseBarCsv(quoted, { timeframe: '1d' });
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual(parseBarCsv(fixture('yahoo.csv'), { timeframe: '1d' }).rows);
  });

  it('reads weekly and monthly bars at 00:00 UTC of their date', () => {
    const r = parseBarCsv(fixture('yahoo.csv'), { timeframe: '1wk' });
    expect(r.rows[0]?.time).toBe(day(1995, 1, 3));
    expect(parseBarCsv(fixture('zipline.csv'), { timeframe: '1mo' }).rows[0]?.time).toBe(day(2012, 1, 3));
  });
});
