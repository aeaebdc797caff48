// Recognises a bar CSV's layout from its header row and says which column holds each field.
import { UserError } from '../../user-error.ts';
import { BAR_CSV_FORMATS, EXPECTED_HEADERS, SYMBOL_COLUMNS, type BarCsvFormat } from './bar-csv-formats.ts';

/** A recognised format with the column index of every field it reads (-1: column absent). */
export interface BarCsvLayout {
  format: BarCsvFormat;
  /** Number of fields in the header; every row must have as many. */
  width: number;
  date: number;
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  symbol: number;
}

/** The layout of the first format whose columns the header has; throws a UserError naming what was expected. */
export function detectBarCsvFormat(header: readonly string[]): BarCsvLayout {
  const names = header.map((h) => h.trim().toLowerCase());
  const find = (name: string): number => names.indexOf(name);
  for (const format of BAR_CSV_FORMATS) {
    // An unnamed date column only counts as the first column: a trailing empty header is not a date.
    const date = format.date.reduce((found, n) => (found >= 0 ? found : n === '' ? (names[0] === '' ? 0 : -1) : find(n)), -1);
    const time = format.time === undefined ? -1 : find(format.time);
    const open = find(format.open);
    const high = find(format.high);
    const low = find(format.low);
    const close = find(format.close);
    const volume = find(format.volume);
    const ok =
      date >= 0 &&
      (format.time === undefined || time >= 0) &&
      open >= 0 &&
      high >= 0 &&
      low >= 0 &&
      close >= 0 &&
      (volume >= 0 || !format.volumeRequired) &&
      format.signature.every((n) => find(n) >= 0);
    if (!ok) continue;
    // A volume column under a name not known (a misspelling, "Volumé") would import volume 0 without a word.
    const oddVolume = volume < 0 ? header.find((h) => /^vol/i.test(h.trim())) : undefined;
    if (oddVolume !== undefined) throw new UserError(`The CSV column "${oddVolume}" looks like volume but is not a name I know: rename it "${format.volume}" (or remove it) and import again.`);
    const symbol = SYMBOL_COLUMNS.reduce((found, n) => (found >= 0 ? found : find(n)), -1);
    return { format, width: names.length, date, time, open, high, low, close, volume, symbol };
  }
  // Control characters and undecodable bytes (a binary file, a spreadsheet) would garble the one line.
  const shown = header.join(',').replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
  const clipped = shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
  const separator = header.length === 1 && /[;\t|]/.test(header[0] ?? '') ? ' (fields must be separated by commas)' : '';
  throw new UserError(`Unrecognised CSV header "${clipped}"${separator}: ${EXPECTED_HEADERS}.`);
}
