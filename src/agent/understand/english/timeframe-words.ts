// The bar length a sentence asks for: "5 minute bars", "hourly", "intraday", "weekly bars", "on the 1h chart". The store
// keeps daily, weekly, monthly, hourly and minute bars; any other length (5 minutes, 4 hours) is named as asked, so
// the answer can say it is not available rather than run on daily bars in its place.
import type { Timeframe } from '../../../engine/data/bar.ts';

export interface TimeframeMention {
  /** The store's timeframe, when the length is one the store can hold. */
  timeframe?: Timeframe;
  /** The words for it, for the answer ("5-minute", "hourly", "intraday"). */
  label: string;
}

const UNIT_MINUTES: Record<string, number> = { m: 1, min: 1, mins: 1, minute: 1, minutes: 1, h: 60, hr: 60, hrs: 60, hour: 60, hours: 60 };

function fromMinutes(n: number): TimeframeMention {
  if (n === 1) return { timeframe: '1m', label: '1-minute' };
  if (n === 60) return { timeframe: '1h', label: 'hourly' };
  return n % 60 === 0 ? { label: `${n / 60}-hour` } : { label: `${n}-minute` };
}

export function findTimeframe(lower: string): TimeframeMention | undefined {
  const n = /\b(\d{1,3})\s*-?\s*(m|mins?|minutes?|h|hrs?|hours?)\b(?:\s+(?:bars?|candles?|chart|data|timeframe|intervals?))?/.exec(lower);
  // "5 minute bars", "15m", "4h chart"; a bare "3 hours" without bar words only when it is a unit letter ("1h").
  if (n && (/(?:bars?|candles?|chart|data|timeframe|intervals?)$/.test(n[0]) || /^(?:m|h)$/.test(n[2]!) || /\bon (?:the )?\d/.test(lower))) {
    return fromMinutes(Number(n[1]) * UNIT_MINUTES[n[2]!]!);
  }
  if (/\bintra-?day\b|\bday[- ]?trad/.test(lower)) return { label: 'intraday' };
  if (/\bhourly\b|\bhour(?:ly)? (?:bars?|candles?|data)\b/.test(lower)) return { timeframe: '1h', label: 'hourly' };
  if (/\bminute (?:bars?|candles?|data)\b|\btick data\b|\bticks\b/.test(lower)) return { timeframe: '1m', label: 'minute' };
  if (/\bweekly (?:bars?|candles?|data|closes)\b|\bon weekly\b/.test(lower)) return { timeframe: '1wk', label: 'weekly' };
  if (/\bmonthly (?:bars?|candles?|data|closes)\b|\bon monthly\b/.test(lower)) return { timeframe: '1mo', label: 'monthly' };
  if (/\bdaily (?:bars?|candles?|data|closes)\b|\bon daily\b/.test(lower)) return { timeframe: '1d', label: 'daily' };
  return undefined;
}

/** "daily (1d)" for a stored timeframe. */
export function timeframeWords(tf: string): string {
  const words: Record<string, string> = { '1d': 'daily', '1wk': 'weekly', '1mo': 'monthly', '1h': 'hourly', '1m': 'minute' };
  return `${words[tf] ?? tf} (${tf})`;
}
