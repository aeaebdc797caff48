// Parses a bar CSV export (Yahoo, Stooq, zipline, Alpaca, vega-datasets, pandas dumps) into checked, sorted bars,
// reporting each malformed row by its line in the file.
import { isUtf8 } from 'node:buffer';
import type { BarRow, Timeframe } from '../bar.ts';
import { UserError } from '../../user-error.ts';
import { detectBarCsvFormat } from './detect-bar-csv-format.ts';
import { makeBarRowReader } from './read-bar-row.ts';
import { showBarTime } from './parse-bar-time.ts';
import { readCsvRecords, type LinedRecord } from './read-csv-records.ts';

/** A malformed row: its 1-based line in the file (the header is line 1) and a short reason. */
export interface ImportError {
  line: number;
  message: string;
}

export interface ParseResult {
  /** Name of the recognised layout: yahoo, vega-datasets, zipline, alpaca, alpaca-short, stooq-ticker, unnamed-date, stooq. */
  format: string;
  /** The good rows, strictly ascending in time. */
  rows: BarRow[];
  /** The malformed rows, by line. */
  errors: ImportError[];
  /** Data rows read (good plus malformed; blank lines not counted). */
  total: number;
}

export interface ParseBarCsvOptions {
  timeframe: Timeframe;
  /** Sort the good rows by time before judging their order (`--skip-bad`: a newest-first file keeps every row). */
  sort?: boolean;
  /** The latest bar time accepted (epoch ms): a bar dated later is a bad row. Default: no limit. */
  latestTime?: number;
}

/**
 * Parses and checks a bar CSV. Throws a UserError for an empty file, an unrecognised header or a file that is not
 * CSV at all; malformed rows are returned in `errors` and left out of `rows`.
 */
export function parseBarCsv(text: string | Buffer, opts: ParseBarCsvOptions): ParseResult {
  if (typeof text !== 'string' && !isUtf8(text)) {
    throw new UserError('The file is not UTF-8 text (Latin-1 or another encoding?): save it as UTF-8 and import again, so no column name or value is misread.');
  }
  const { records, unreadable } = readCsvRecords(text);
  const errors: ImportError[] = [...unreadable];
  const head = records[0];
  if (head === undefined) throw new UserError('The CSV file is empty.');
  const layout = detectBarCsvFormat(head.fields);
  if (records.length === 1 && unreadable.length === 0) throw new UserError('The CSV file has a header but no data rows.');

  const read = makeBarRowReader(layout, opts.timeframe, opts.latestTime ?? Infinity);
  const readable: { bar: BarRow; line: number }[] = [];
  let symbol: string | undefined;
  let symbolLine = 0;
  for (let i = 1; i < records.length; i++) {
    const { line, fields: record } = records[i] as LinedRecord;
    const bar = read(record);
    if (typeof bar === 'string') {
      errors.push({ line, message: bar });
      continue;
    }
    if (layout.symbol >= 0) {
      const s = record[layout.symbol] as string;
      if (symbol === undefined) {
        symbol = s;
        symbolLine = line;
      } else if (s !== symbol) {
        errors.push({ line, message: `symbol ${s} differs from ${symbol} (line ${symbolLine})` });
        continue;
      }
    }
    readable.push({ bar, line });
  }
  // Array.prototype.sort is stable: rows of one time keep their file order, so the later one is the duplicate.
  if (opts.sort) readable.sort((a, b) => a.bar.time - b.bar.time);
  const rows: BarRow[] = [];
  const lines: number[] = []; // line of each good row
  for (const { bar, line } of readable) {
    const last = rows[rows.length - 1];
    if (last !== undefined && bar.time <= last.time) {
      // Rows so far are strictly ascending: an equal time among them is a duplicate, anything else is out of order.
      const same = bar.time === last.time ? rows.length - 1 : indexOfTime(rows, bar.time);
      const message =
        same >= 0
          ? `duplicate date ${showBarTime(bar.time, opts.timeframe)} (line ${lines[same]})`
          : `date not after the previous one (${showBarTime(last.time, opts.timeframe)} on line ${lines[rows.length - 1]})`;
      errors.push({ line, message });
      continue;
    }
    rows.push(bar);
    lines.push(line);
  }
  errors.sort((a, b) => a.line - b.line);
  return { format: layout.format.name, rows, errors, total: records.length - 1 + unreadable.length };
}

/** Index of the row with exactly this time in rows sorted ascending, or -1. */
function indexOfTime(rows: readonly BarRow[], time: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = (rows[mid] as BarRow).time;
    if (t === time) return mid;
    if (t < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
