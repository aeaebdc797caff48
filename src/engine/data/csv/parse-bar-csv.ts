// Parses a bar CSV export (Yahoo, Stooq, zipline, Alpaca, vega-datasets, pandas dumps) held in memory into checked,
// sorted bars, reporting each malformed row by its line in the file. Files are imported with readBarCsvFile, which
// streams them through the same rules (BarCsvCollector).
import { isUtf8 } from 'node:buffer';
import type { BarRow, Timeframe } from '../bar.ts';
import { UserError } from '../../user-error.ts';
import { BarCsvCollector, type ImportError } from './bar-csv-collector.ts';
import { readCsvRecords } from './read-csv-records.ts';

export type { ImportError } from './bar-csv-collector.ts';

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

/** The message for a file that is not UTF-8, shared with the streaming reader. */
export const NOT_UTF8 = 'The file is not UTF-8 text (Latin-1 or another encoding?): save it as UTF-8 and import again, so no column name or value is misread.';

/**
 * Parses and checks a bar CSV. Throws a UserError for an empty file, an unrecognised header or a file that is not
 * CSV at all; malformed rows are returned in `errors` and left out of `rows`.
 */
export function parseBarCsv(text: string | Buffer, opts: ParseBarCsvOptions): ParseResult {
  if (typeof text !== 'string' && !isUtf8(text)) throw new UserError(NOT_UTF8);
  const { records, unreadable } = readCsvRecords(text);
  const collector = new BarCsvCollector(opts);
  for (const u of unreadable) collector.unreadable(u);
  const readable: BarRow[] = [];
  for (const { line, fields } of records) {
    const bar = collector.add(line, fields);
    if (bar !== undefined) readable.push(bar);
  }
  const check = collector.finish(opts.sort === true);
  const rows = Array.from(check.kept, (i) => readable[i] as BarRow);
  return { format: check.format, rows, errors: check.errors, total: check.total };
}
