// The CSV bar layouts the importer recognises, each told apart by its header (names compared lower-case, trimmed).

/** How a daily (or longer) bar's date is read from a cell that carries a time. */
export type DayOf =
  /** The calendar date as written, whatever the time and offset after it (zipline's `2012-01-03 00:00:00+00:00`). */
  | 'written'
  /** The New York date of the instant: Alpaca stamps a daily bar at midnight New York (`2024-01-02T05:00:00Z`). */
  | 'new-york';

export interface BarCsvFormat {
  /** Short name reported back to the user (`ParseResult.format`). */
  name: string;
  /** Header names accepted for the date column; `''` means an unnamed first column (pandas' index). */
  date: readonly string[];
  /** A separate time-of-day column (`HHMMSS`), read with the date for intraday bars. */
  time?: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  /**
   * Whether the header must have the volume column. Where it may be absent (plain Date,Open,High,Low,Close files such as
   * Stooq's index and currency downloads, pandas dumps), every bar gets volume 0. A present volume column with an empty
   * cell is always a malformed row.
   */
  volumeRequired: boolean;
  /** Further columns that must be present for the header to be this format (never read). */
  signature: readonly string[];
  dayOf: DayOf;
}

/** The plain column names most layouts share (compared lower-case). */
const OHLCV = { open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' } as const;

/** Most specific first: the first format whose columns are all in the header wins. */
export const BAR_CSV_FORMATS: readonly BarCsvFormat[] = [
  {
    // Yahoo Finance downloads; yfinance writes `Datetime` for intraday. `Close` is used, never `Adj Close`.
    name: 'yahoo',
    date: ['date', 'datetime'],
    ...OHLCV,
    volumeRequired: true,
    signature: ['adj close'],
    dayOf: 'written',
  },
  {
    // vega-datasets' sp500-2000.csv.
    name: 'vega-datasets',
    date: ['date'],
    ...OHLCV,
    volumeRequired: true,
    signature: ['adjclose'],
    dayOf: 'written',
  },
  {
    // zipline's test data and bundles; dates may carry a time and zone.
    name: 'zipline',
    date: ['date'],
    ...OHLCV,
    volumeRequired: true,
    signature: ['dividend', 'split'],
    dayOf: 'written',
  },
  {
    // Alpaca bars written out by alpaca-py or by hand from the REST answer.
    name: 'alpaca',
    date: ['timestamp'],
    ...OHLCV,
    volumeRequired: true,
    signature: [],
    dayOf: 'new-york',
  },
  {
    // Alpaca's REST field names {t,o,h,l,c,v,n,vw}.
    name: 'alpaca-short',
    date: ['t'],
    open: 'o',
    high: 'h',
    low: 'l',
    close: 'c',
    volume: 'v',
    volumeRequired: true,
    signature: [],
    dayOf: 'new-york',
  },
  {
    // Stooq's bulk/ASCII form: <TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>, dates 20240102.
    name: 'stooq-ticker',
    date: ['<date>'],
    time: '<time>',
    open: '<open>',
    high: '<high>',
    low: '<low>',
    close: '<close>',
    volume: '<vol>',
    volumeRequired: false,
    signature: [],
    dayOf: 'written',
  },
  {
    // backtesting.py's test data and any pandas `to_csv()` with a date index: `,Open,High,Low,Close,Volume`.
    name: 'unnamed-date',
    date: [''],
    ...OHLCV,
    volumeRequired: false,
    signature: [],
    dayOf: 'written',
  },
  {
    // Stooq's daily download `Date,Open,High,Low,Close,Volume`, and any plain file of that shape.
    name: 'stooq',
    date: ['date', 'datetime'],
    ...OHLCV,
    volumeRequired: false,
    signature: [],
    dayOf: 'written',
  },
];

/** Columns whose value names the instrument; when present, every row must name the same one. */
export const SYMBOL_COLUMNS: readonly string[] = ['symbol', 'ticker', '<ticker>'];

/** The one line an unrecognised header is answered with. */
export const EXPECTED_HEADERS =
  'expected a header like Date,Open,High,Low,Close,Volume (Yahoo, Stooq, zipline, vega-datasets; other columns ignored), ' +
  ',Open,High,Low,Close,Volume, timestamp,open,high,low,close,volume or t,o,h,l,c,v (Alpaca), ' +
  'or <DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL> (Stooq)';
