// Turns one CSV record into a checked BarRow, or the short reason it is malformed.
import type { BarRow, Timeframe } from '../bar.ts';
import type { BarCsvLayout } from './detect-bar-csv-format.ts';
import { parseBarTime, showBarTime } from './parse-bar-time.ts';

/**
 * The value of a plain decimal (`12.5`, `-3`, `1e6`), or NaN. Number() alone would also take '0x1F', 'Infinity' and
 * ' '; a character scan first keeps to digits, sign, point and exponent (a regex costs more on a cold start).
 */
function readDecimal(cell: string): number {
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    // 0-9 . + - e E
    if (!((c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69)) return Number.NaN;
  }
  return cell.length === 0 ? Number.NaN : Number(cell);
}
const PRICE_NAMES = ['open', 'high', 'low', 'close'] as const;

/** Empty, or Yahoo's `null` for a day it has no prices for. */
function isMissing(cell: string | undefined): boolean {
  return cell === undefined || cell === '' || cell === 'null' || cell === 'NULL' || cell === 'Null';
}

/** No traded price comes near this: a larger one is a unit or parsing error in the file. */
export const MAX_BAR_PRICE = 1e9;

export type BarRowReader = (record: readonly string[]) => BarRow | string;

/** A reader for one file's records: the bar a record holds, or why it is malformed (the first problem found). */
export function makeBarRowReader(layout: BarCsvLayout, timeframe: Timeframe, latestTime = Infinity): BarRowReader {
  const { width, date, time: timeColumn, volume: v } = layout;
  const dayOf = layout.format.dayOf;
  const priceColumns = [layout.open, layout.high, layout.low, layout.close];
  // Fields in the order they are checked for presence; volume only where the header has it. Plain index loops
  // below: destructuring pairs goes through the iterator protocol, slow before the JIT warms up.
  const requiredNames = ['date', ...PRICE_NAMES, 'volume'];
  const requiredColumns = [date, ...priceColumns, v];
  const requiredCount = v >= 0 ? 6 : 5;
  const prices = new Float64Array(4); // reused: one reader parses one file, row by row

  return (record) => {
    if (record.length !== width) return `${record.length} fields, header has ${width}`;
    for (let k = 0; k < requiredCount; k++) {
      if (isMissing(record[requiredColumns[k] as number])) return `missing field: ${requiredNames[k]}`;
    }
    const time = parseBarTime(record[date] as string, timeColumn >= 0 ? record[timeColumn] : undefined, timeframe, dayOf);
    if (typeof time === 'string') return time;
    if (time < 0 || time > latestTime) return `date ${showBarTime(time, timeframe)} outside 1970-01-01 .. tomorrow`;
    for (let k = 0; k < 4; k++) {
      const cell = record[priceColumns[k] as number] as string;
      const value = readDecimal(cell);
      if (Number.isNaN(value)) return `not a number: ${PRICE_NAMES[k]} "${cell}"`;
      if (value < 0) return `negative price: ${PRICE_NAMES[k]} ${value}`;
      if (value === 0) return `zero price: ${PRICE_NAMES[k]}`;
      if (value > MAX_BAR_PRICE) return `price beyond ${MAX_BAR_PRICE.toExponential()}: ${PRICE_NAMES[k]} ${cell}`;
      prices[k] = value;
    }
    let volume = 0; // absent from a format where it is optional
    if (v >= 0) {
      const cell = record[v] as string;
      volume = readDecimal(cell);
      if (Number.isNaN(volume)) return `not a number: volume "${cell}"`;
      if (volume < 0) return `negative volume: ${volume}`;
    }
    const open = prices[0] as number;
    const high = prices[1] as number;
    const low = prices[2] as number;
    const close = prices[3] as number;
    if (high < low) return `high < low (${high} < ${low})`;
    if (open < low || open > high) return `open ${open} outside [low ${low}, high ${high}]`;
    if (close < low || close > high) return `close ${close} outside [low ${low}, high ${high}]`;
    return { time, open, high, low, close, volume };
  };
}
