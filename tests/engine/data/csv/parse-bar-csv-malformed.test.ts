// Malformed rows are reported by their line in the file; broken files are refused with a UserError.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBarCsv } from '../../../../src/engine/data/csv/parse-bar-csv.ts';
import { UserError } from '../../../../src/engine/user-error.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/csv/${name}`, import.meta.url), 'utf8');
const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);

// yahoo-malformed.csv: one rule broken per bad row; line 12 is blank.
const EXPECTED_ERRORS = [
  { line: 3, message: 'missing field: open' },
  { line: 4, message: 'not a number: low "abc"' },
  { line: 5, message: 'negative price: open -2.092592' },
  { line: 6, message: 'negative volume: -34639200' },
  { line: 7, message: 'high < low (2.185185 < 2.216049)' },
  { line: 8, message: 'open 2.303704 outside [low 2.098765, high 2.216049]' },
  { line: 9, message: 'close 2.204938 outside [low 2.08642, high 2.12963]' },
  { line: 10, message: 'bad date "1995-01-32"' },
  { line: 13, message: 'duplicate date 1995-01-16 (line 11)' },
  { line: 14, message: 'date not after the previous one (1995-01-16 on line 11)' },
  { line: 15, message: 'missing field: volume' },
  { line: 16, message: '6 fields, header has 7' },
  { line: 18, message: 'zero price: open' },
];
const GOOD_TIMES = [day(1995, 1, 3), day(1995, 1, 16), day(1995, 1, 19), day(1995, 1, 23)];

/** The same text with a byte-order mark, CRLF endings, no final newline and/or blank trailing lines. */
function variants(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const bom of [false, true]) {
    for (const crlf of [false, true]) {
      for (const ending of ['newline', 'none', 'blank lines'] as const) {
        let t = ending === 'none' ? text.replace(/\n$/, '') : ending === 'blank lines' ? `${text}\n\n` : text;
        if (crlf) t = t.replace(/\n/g, '\r\n');
        if (bom) t = `\uFEFF${t}`;
        out.push([`bom=${bom} crlf=${crlf} end=${ending}`, t]);
      }
    }
  }
  return out;
}

describe('parseBarCsv malformed rows', () => {
  it('reports every rule broken, with the exact line numbers, and keeps the good rows', () => {
    const r = parseBarCsv(fixture('yahoo-malformed.csv'), { timeframe: '1d' });
    expect(r.format).toBe('yahoo');
    expect(r.errors).toEqual(EXPECTED_ERRORS);
    expect(r.rows.map((b) => b.time)).toEqual(GOOD_TIMES);
    expect(r.rows.map((b) => b.close)).toEqual([2.117284, 2.067901, 2.209877, 2.123457]);
    expect(r.total).toBe(17);
  });

  it('gives the same rows and line numbers with a BOM, CRLF, no final newline or blank trailing lines', () => {
    const text = fixture('yahoo-malformed.csv');
    for (const [name, variant] of variants(text)) {
      const r = parseBarCsv(variant, { timeframe: '1d' });
      expect(r.errors, name).toEqual(EXPECTED_ERRORS);
      expect(r.rows.map((b) => b.time), name).toEqual(GOOD_TIMES);
      expect(r.total, name).toBe(17);
    }
    for (const [name, variant] of variants(fixture('yahoo.csv'))) {
      const r = parseBarCsv(Buffer.from(variant), { timeframe: '1d' });
      expect(r.format, name).toBe('yahoo');
      expect(r.errors, name).toEqual([]);
      expect(r.rows, name).toHaveLength(5);
      expect(r.rows[4]?.close, name).toBe(2.179012);
    }
  });

  it('counts lines through quoted fields and reports bad quoting as unreadable rows', () => {
    const text = [
      '"Date","Open","High","Low","Close","Adj Close","Volume"',
      '"1995-01-03","2.179012","2.191358","2.117284","2.117284","1.883304","36301200"',
      '1995-01-04,2.12"3457,2.148148,2.092592,2.135803,1.899776,46051600',
      '',
      '"1995-01-05","2.141975","2.148148","2.086420","2.092592","1.861340","37762800"',
      '1995-01-06,2.092592,2.154321,2.061728,2.117284,1.883304,4186440O',
      '1995-01-09,"2.135803"x,2.179012,2.129630,2.179012,1.938211,34639200',
      '1995-01-10,2.191358,2.216049,2.185185,2.185185,1.943701,42088000',
    ].join('\n');
    const r = parseBarCsv(text, { timeframe: '1d' });
    expect(r.errors).toEqual([
      { line: 3, message: 'unreadable CSV (Invalid Opening Quote)' },
      { line: 6, message: 'not a number: volume "4186440O"' },
      { line: 7, message: 'unreadable CSV (Invalid Closing Quote)' },
      // csv-parse resumes after a bad closing quote inside a quote, so the next row is lost too (and reported).
      { line: 8, message: 'unreadable CSV (Quote Not Closed)' },
    ]);
    expect(r.rows.map((b) => b.time)).toEqual([day(1995, 1, 3), day(1995, 1, 5)]);
    expect(r.total).toBe(6);
  });

  it('reports a quote left open as one unreadable row from where it starts', () => {
    const text = [
      'Date,Open,High,Low,Close',
      '2000-01-03,1469.250000,1478.000000,1438.359985,1455.219971',
      '',
      '2000-01-04,"1455.219971,1455.219971,1397.430054,1399.420044',
      '2000-01-05,1399.420044,1413.270020,1377.680054,1402.109985',
    ].join('\n');
    const r = parseBarCsv(text, { timeframe: '1d' });
    expect(r.errors).toEqual([{ line: 4, message: 'unreadable CSV (Quote Not Closed, through line 5)' }]);
    expect(r.rows.map((b) => b.time)).toEqual([day(2000, 1, 3)]);
  });

  it('reports Alpaca timestamps that are not times, and intraday rows without a time of day', () => {
    const text = fixture('alpaca.csv').replace('2019-03-08T05:00:00Z', '2019-03-08T25:00:00Z');
    const r = parseBarCsv(text, { timeframe: '1d' });
    expect(r.errors).toEqual([{ line: 3, message: 'bad date "2019-03-08T25:00:00Z"' }]);
    expect(r.rows).toHaveLength(3);

    const daily = parseBarCsv(fixture('stooq.csv'), { timeframe: '1h' });
    expect(daily.rows).toEqual([]);
    expect(daily.errors[0]).toEqual({ line: 2, message: 'no time of day in "2000-01-03" for 1h bars' });
    expect(daily.errors).toHaveLength(5);
  });

  it('refuses rows of a second ticker in a Stooq file', () => {
    const lines = fixture('stooq-ticker.csv').split('\n');
    lines[3] = (lines[3] as string).replace('^SPX', '^NDX');
    const r = parseBarCsv(lines.join('\n'), { timeframe: '1d' });
    expect(r.errors).toEqual([{ line: 4, message: 'symbol ^NDX differs from ^SPX (line 2)' }]);
    expect(r.rows.map((b) => b.time)).toEqual([day(2000, 1, 3), day(2000, 1, 4), day(2000, 1, 6), day(2000, 1, 7)]);
  });

  it('reports a Stooq compact date that does not exist', () => {
    const r = parseBarCsv(fixture('stooq-ticker.csv').replace('20000105', '20000229x'), { timeframe: '1d' });
    expect(r.errors).toEqual([{ line: 4, message: 'bad date "20000229x"' }]);
    const feb30 = parseBarCsv(fixture('stooq-ticker.csv').replace('20000105', '20000230'), { timeframe: '1d' });
    expect(feb30.errors).toEqual([{ line: 4, message: 'bad date "20000230"' }]);
  });
});

describe('parseBarCsv refused files', () => {
  const refusal = (text: string | Buffer): string => {
    try {
      parseBarCsv(text, { timeframe: '1d' });
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      return (err as Error).message;
    }
    throw new Error('expected a UserError');
  };

  it('refuses an empty file', () => {
    expect(refusal('')).toBe('The CSV file is empty.');
    expect(refusal(Buffer.from('\uFEFF\r\n\r\n  \n'))).toBe('The CSV file is empty.');
  });

  it('refuses a header without rows', () => {
    expect(refusal('Date,Open,High,Low,Close,Adj Close,Volume\n')).toBe('The CSV file has a header but no data rows.');
  });

  it('refuses an unrecognised header with one line naming the expected columns', () => {
    const message = refusal('symbol,date,price\nAAPL,Jan 1 2000,25.94\n');
    expect(message).toMatch(/^Unrecognised CSV header "symbol,date,price": expected a header like Date,Open,High,Low,Close,Volume/);
    expect(message).toContain('t,o,h,l,c,v (Alpaca)');
    expect(message).toContain('<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL> (Stooq)');
    expect(message).not.toContain('\n');
    // A file without a header: its first row is not a header.
    expect(refusal('1995-01-03,2.179012,2.191358,2.117284,2.117284,1.883304,36301200\n')).toMatch(
      /^Unrecognised CSV header "1995-01-03,2\.179012,/,
    );
    // A spreadsheet saved with semicolons gets a hint.
    expect(refusal('Date;Open;High;Low;Close\n2000-01-03;1469,25;1478;1438,359985;1455,219971\n')).toMatch(
      /^Unrecognised CSV header "Date;Open;High;Low;Close" \(fields must be separated by commas\): expected/,
    );
    // An empty header name that is not the first column is no date column.
    expect(refusal('Open,High,Low,Close,\n1,2,0.5,1.5,\n')).toMatch(/^Unrecognised CSV header "Open,High,Low,Close,"/);
  });
});
