// Properties: parsing is deterministic, and any valid bar series written in any recognised layout reads back unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BarRow, Timeframe } from '../../../../src/engine/data/bar.ts';
import { parseBarCsv } from '../../../../src/engine/data/csv/parse-bar-csv.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const nyHour = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' });

/** The instant of midnight New York on a UTC-midnight date, as Alpaca stamps a daily bar. */
function newYorkMidnight(date: number): number {
  for (const offset of [4, 5]) {
    const t = date + offset * HOUR_MS;
    if (Number(nyHour.format(t)) === 0) return t;
  }
  throw new Error(`no New York midnight on ${new Date(date).toISOString()}`);
}

const isoDate = (t: number): string => new Date(t).toISOString().slice(0, 10);
const isoInstant = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
/** `YYYY-MM-DD HH:MM:SS±HH:MM` at the given offset in hours, as pandas writes zoned timestamps. */
function zoned(t: number, offsetHours: number): string {
  const local = new Date(t + offsetHours * HOUR_MS).toISOString();
  const sign = offsetHours < 0 ? '-' : '+';
  const hh = String(Math.abs(offsetHours)).padStart(2, '0');
  return `${local.slice(0, 10)} ${local.slice(11, 19)}${sign}${hh}:00`;
}

interface Layout {
  format: string;
  header: string;
  /** The line for one bar; `extra` is a valid number for the columns the importer ignores. */
  row: (b: BarRow, extra: number, daily: boolean) => string;
  daily: boolean;
  intraday: boolean;
  hasVolume: boolean;
}

const ohlc = (b: BarRow): string => `${b.open},${b.high},${b.low},${b.close}`;

const LAYOUTS: Layout[] = [
  {
    format: 'yahoo',
    header: 'Date,Open,High,Low,Close,Adj Close,Volume',
    row: (b, x, daily) => `${daily ? isoDate(b.time) : zoned(b.time, -5)},${ohlc(b)},${x},${b.volume}`,
    daily: true,
    intraday: true,
    hasVolume: true,
  },
  {
    format: 'vega-datasets',
    header: 'date,open,high,low,close,adjclose,volume',
    row: (b, x) => `${isoDate(b.time)},${ohlc(b)},${x},${b.volume}`,
    daily: true,
    intraday: false,
    hasVolume: true,
  },
  {
    format: 'zipline',
    header: 'date,open,high,low,close,volume,dividend,split',
    row: (b, _x, daily) => `${daily ? `${isoDate(b.time)} 00:00:00+00:00` : zoned(b.time, 0)},${ohlc(b)},${b.volume},0.0,1.0`,
    daily: true,
    intraday: true,
    hasVolume: true,
  },
  {
    format: 'alpaca',
    header: 'timestamp,open,high,low,close,volume,trade_count,vwap',
    row: (b, x, daily) => `${isoInstant(daily ? newYorkMidnight(b.time) : b.time)},${ohlc(b)},${b.volume},${Math.round(x)},${x}`,
    daily: true,
    intraday: true,
    hasVolume: true,
  },
  {
    format: 'alpaca-short',
    header: 't,o,h,l,c,v,n,vw',
    row: (b, x, daily) => `${isoInstant(daily ? newYorkMidnight(b.time) : b.time)},${ohlc(b)},${b.volume},${Math.round(x)},${x}`,
    daily: true,
    intraday: true,
    hasVolume: true,
  },
  {
    format: 'stooq-ticker',
    header: '<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>',
    row: (b, _x, daily) => {
      const iso = new Date(b.time).toISOString();
      const time = daily ? '000000' : `${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
      return `^SPX,${daily ? 'D' : '60'},${iso.slice(0, 10).replace(/-/g, '')},${time},${ohlc(b)},${b.volume},0`;
    },
    daily: true,
    intraday: true,
    hasVolume: true,
  },
  {
    format: 'unnamed-date',
    header: ',Open,High,Low,Close,Volume',
    row: (b) => `${isoDate(b.time)},${ohlc(b)},${b.volume}`,
    daily: true,
    intraday: false,
    hasVolume: true,
  },
  {
    format: 'stooq',
    header: 'Date,Open,High,Low,Close,Volume',
    row: (b) => `${isoDate(b.time)},${ohlc(b)},${b.volume}`,
    daily: true,
    intraday: false,
    hasVolume: true,
  },
  {
    format: 'stooq',
    header: 'Date,Open,High,Low,Close',
    row: (b) => `${isoDate(b.time)},${ohlc(b)}`,
    daily: true,
    intraday: false,
    hasVolume: false,
  },
];

/** One bar's prices in cents, so low <= open, close <= high holds exactly after the division. */
const barPrices = fc
  .record({
    low: fc.integer({ min: 1, max: 10_000_000 }),
    spread: fc.integer({ min: 0, max: 100_000 }),
    openAt: fc.double({ min: 0, max: 1, noNaN: true }),
    closeAt: fc.double({ min: 0, max: 1, noNaN: true }),
    volume: fc.integer({ min: 0, max: 2 ** 40 }),
    extra: fc.double({ min: 0, max: 1e6, noNaN: true }),
  })
  .map((p) => {
    const high = p.low + p.spread;
    return {
      open: (p.low + Math.round(p.spread * p.openAt)) / 100,
      high: high / 100,
      low: p.low / 100,
      close: (p.low + Math.round(p.spread * p.closeAt)) / 100,
      volume: p.volume,
      extra: p.extra,
    };
  });

const file = fc.record({
  layout: fc.constantFrom(...LAYOUTS),
  intraday: fc.boolean(),
  start: fc.integer({ min: 0, max: 14_000 }), // days after 1990-01-01
  gaps: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 25 }),
  prices: fc.array(barPrices, { minLength: 25, maxLength: 25 }),
  caseOf: fc.constantFrom('as-is', 'upper', 'lower'),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  blankTail: fc.integer({ min: 0, max: 2 }),
});

function write(f: {
  layout: Layout;
  intraday: boolean;
  start: number;
  gaps: number[];
  prices: { open: number; high: number; low: number; close: number; volume: number; extra: number }[];
  caseOf: string;
  crlf: boolean;
  bom: boolean;
  finalNewline: boolean;
  blankTail: number;
}): { text: string; timeframe: Timeframe; rows: BarRow[] } {
  const intraday = f.intraday && f.layout.intraday;
  const step = intraday ? HOUR_MS : DAY_MS;
  const base = Date.UTC(1990, 0, 1) + f.start * DAY_MS;
  let t = base;
  const rows: BarRow[] = f.gaps.map((gap, i) => {
    t += gap * step;
    const p = f.prices[i] as (typeof f.prices)[number];
    return { time: t, open: p.open, high: p.high, low: p.low, close: p.close, volume: f.layout.hasVolume ? p.volume : 0 };
  });
  const header =
    f.caseOf === 'upper' ? f.layout.header.toUpperCase() : f.caseOf === 'lower' ? f.layout.header.toLowerCase() : f.layout.header;
  const lines = [header, ...rows.map((r, i) => f.layout.row(r, (f.prices[i] as { extra: number }).extra, !intraday))];
  const eol = f.crlf ? '\r\n' : '\n';
  let text = lines.join(eol) + (f.finalNewline ? eol : '') + eol.repeat(f.blankTail);
  if (f.bom) text = `\uFEFF${text}`;
  return { text, timeframe: intraday ? '1h' : '1d', rows };
}

describe('parseBarCsv properties', () => {
  it('reads back every valid series written in any layout, and parses deterministically', () => {
    fc.assert(
      fc.property(file, (f) => {
        const { text, timeframe, rows } = write(f);
        const first = parseBarCsv(text, { timeframe });
        expect(first.format).toBe(f.layout.format);
        expect(first.errors).toEqual([]);
        expect(first.total).toBe(rows.length);
        expect(first.rows).toEqual(rows);
        expect(parseBarCsv(Buffer.from(text), { timeframe })).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('reports a row moved out of order at its own line, whatever the layout', () => {
    fc.assert(
      fc.property(file, fc.nat(), (f, pick) => {
        const { text, timeframe, rows } = write({ ...f, crlf: false, bom: false, blankTail: 0, finalNewline: true });
        if (rows.length < 2) return;
        // Swap two neighbouring data rows: the later-dated one now comes first, so the other is out of order.
        const lines = text.split('\n');
        const i = 1 + (pick % (rows.length - 1));
        [lines[i], lines[i + 1]] = [lines[i + 1] as string, lines[i] as string];
        const r = parseBarCsv(lines.join('\n'), { timeframe });
        expect(r.errors).toHaveLength(1);
        expect(r.errors[0]?.line).toBe(i + 2);
        expect(r.errors[0]?.message).toMatch(/^date not after the previous one/);
        expect(r.rows).toEqual(rows.filter((_, k) => k !== i - 1));
      }),
      { numRuns: 100 },
    );
  });
});
