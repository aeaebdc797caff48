// The import rules applied record by record, so a file can be checked as it streams past: the header picks the
// layout, each row is checked, and at the end the good rows are put in time order with duplicates and out-of-order
// rows reported. Only each readable row's time and line are kept (BarTimes), never its text or its prices.
import type { BarRow, Timeframe } from '../bar.ts';
import { UserError } from '../../user-error.ts';
import { BarTimes } from './bar-times.ts';
import { detectBarCsvFormat, type BarCsvLayout } from './detect-bar-csv-format.ts';
import { showBarTime } from './parse-bar-time.ts';
import { makeBarRowReader, type BarRowReader } from './read-bar-row.ts';

/** A malformed row: its 1-based line in the file (the header is line 1) and a short reason. */
export interface ImportError {
  line: number;
  message: string;
}

export interface BarCsvCollectorOptions {
  timeframe: Timeframe;
  /** The latest bar time accepted (epoch ms): a bar dated later is a bad row. Default: no limit. */
  latestTime?: number;
}

/** A checked file: which of its readable rows are good, and its malformed rows by line. */
export interface BarCsvCheck {
  /** Name of the recognised layout: yahoo, vega-datasets, zipline, alpaca, alpaca-short, stooq-ticker, unnamed-date, stooq. */
  format: string;
  /** The malformed rows, by line. */
  errors: ImportError[];
  /** Data rows read (good plus malformed; blank lines not counted). */
  total: number;
  /** How many good rows. */
  count: number;
  /** The good rows as indices of the readable rows (in the order `add` returned them), oldest first. */
  kept: Uint32Array;
  /** Time and line of every readable row, by the same index. */
  readable: BarTimes;
  /** How many rows a sorted reading (`--skip-bad`) keeps: those of distinct times. */
  keptIfSorted(): number;
}

export class BarCsvCollector {
  private layout: BarCsvLayout | undefined;
  private read: BarRowReader | undefined;
  private readonly rows = new BarTimes();
  private readonly errors: ImportError[] = [];
  private dataRecords = 0;
  private unreadableRecords = 0;
  private symbol: string | undefined;
  private symbolLine = 0;

  constructor(private readonly opts: BarCsvCollectorOptions) {}

  /** A record csv-parse could not read (bad quoting): a malformed row. */
  unreadable(error: ImportError): void {
    this.errors.push(error);
    this.unreadableRecords++;
  }

  /**
   * The next record of the file (the first is the header): the bar it holds when it is readable (the readable rows are
   * numbered 0, 1, ... in the order returned), else undefined. Throws a UserError for a header not recognised.
   */
  add(line: number, record: readonly string[]): BarRow | undefined {
    const layout = this.layout;
    if (layout === undefined) {
      this.layout = detectBarCsvFormat(record);
      this.read = makeBarRowReader(this.layout, this.opts.timeframe, this.opts.latestTime ?? Infinity);
      return undefined;
    }
    this.dataRecords++;
    const bar = (this.read as BarRowReader)(record);
    if (typeof bar === 'string') {
      this.errors.push({ line, message: bar });
      return undefined;
    }
    if (layout.symbol >= 0) {
      const s = record[layout.symbol] as string;
      if (this.symbol === undefined) {
        this.symbol = s;
        this.symbolLine = line;
      } else if (s !== this.symbol) {
        this.errors.push({ line, message: `symbol ${s} differs from ${this.symbol} (line ${this.symbolLine})` });
        return undefined;
      }
    }
    this.rows.push(bar.time, line);
    return bar;
  }

  /**
   * The checked table. With `sort`, the good rows are ordered by time first (`--skip-bad`: a newest-first file keeps
   * every row); either way a row not after the one kept before it is malformed (a duplicate date or out of order).
   * Throws a UserError for an empty file or one with no data rows.
   */
  finish(sort: boolean): BarCsvCheck {
    const layout = this.layout;
    if (layout === undefined) throw new UserError('The CSV file is empty.');
    if (this.dataRecords === 0 && this.unreadableRecords === 0) throw new UserError('The CSV file has a header but no data rows.');
    const rows = this.rows;
    const n = rows.length;
    // Indices of the readable rows in the order they are judged; the kept ones are written over its front.
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (sort && !isAscending(rows)) {
      // Ties keep their file order, so the later row of one time is the duplicate.
      order.sort((a, b) => rows.time(a) - rows.time(b) || a - b);
    }
    const errors = this.errors;
    const timeframe = this.opts.timeframe;
    let kept = 0;
    for (let j = 0; j < n; j++) {
      const i = order[j] as number;
      const time = rows.time(i);
      if (kept > 0) {
        const last = order[kept - 1] as number;
        if (time <= rows.time(last)) {
          // Rows kept so far are strictly ascending: an equal time among them is a duplicate, anything else is out of order.
          const same = time === rows.time(last) ? kept - 1 : indexOfTime(rows, order, kept, time);
          const message =
            same >= 0
              ? `duplicate date ${showBarTime(time, timeframe)} (line ${rows.line(order[same] as number)})`
              : `date not after the previous one (${showBarTime(rows.time(last), timeframe)} on line ${rows.line(last)})`;
          errors.push({ line: rows.line(i), message });
          continue;
        }
      }
      order[kept++] = i; // kept <= j: order[j] has been read
    }
    errors.sort((a, b) => a.line - b.line);
    return {
      format: layout.format.name,
      errors,
      total: this.dataRecords + this.unreadableRecords,
      count: kept,
      kept: order.subarray(0, kept),
      readable: rows,
      keptIfSorted: () => (sort ? kept : countDistinctTimes(rows)),
    };
  }
}

function isAscending(rows: BarTimes): boolean {
  for (let i = 1; i < rows.length; i++) if (rows.time(i) < rows.time(i - 1)) return false;
  return true;
}

/** Distinct times among all readable rows: what a sorted reading keeps. */
function countDistinctTimes(rows: BarTimes): number {
  const times = new Float64Array(rows.length);
  for (let i = 0; i < times.length; i++) times[i] = rows.time(i);
  times.sort();
  let distinct = 0;
  for (let i = 0; i < times.length; i++) if (i === 0 || times[i] !== times[i - 1]) distinct++;
  return distinct;
}

/** Position among order[0, count) (ascending in time) of the row with exactly this time, or -1. */
function indexOfTime(rows: BarTimes, order: Uint32Array, count: number, time: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = rows.time(order[mid] as number);
    if (t === time) return mid;
    if (t < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
