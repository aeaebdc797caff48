// As-of join of an economic series onto bar times, by publication date rather than observation date, so a model
// at bar t sees only the values that had been released by t.
//
// FRED dates an observation by the period it measures, not by when it was published: UNRATE dated 2024-01-01 is
// January's rate, released on 2024-02-02. Each observation is therefore treated as known from
// `date + lagMonths + lagDays`, and a bar stamped at time t (a daily bar at 00:00 UTC of its date, so the whole day
// counts as unknown) sees the newest observation with a value known by t. The lags below are chosen so that the
// value is, in every regular release calendar we know of, already public by then (stale by a few days, never early):
// - daily H.15 rates (DGS10, DGS3MO, T10Y3M, ...): one day; the Treasury posts a day's yields that evening.
// - UNRATE, PAYEMS (the Employment Situation): first Friday of the next month, pushed to the 8th-10th in some Januaries
//   (Jan 10, 2020; Jan 10, 2025): known from the 11th of the following month (1 month + 10 days).
// - CPIAUCSL, CPILFESL (the CPI report): the 10th-17th of the next month, later in some older years: known from the
//   22nd of the following month (1 month + 21 days).
// Government shutdowns delayed some releases beyond these lags (Oct 2013, Oct-Nov 2025); FRED's vintage dates
// (ALFRED) would be needed to be exact there.

import type { ExtraSeries } from './model.ts';

const DAY_MS = 86_400_000;

/** When an observation becomes known: its date plus `lagMonths` calendar months plus `lagDays` days. */
export interface PublicationLag {
  readonly lagDays: number;
  readonly lagMonths?: number;
}

export interface AlignOptions extends PublicationLag {
  /**
   * Days after its publication that a value may still be carried forward; beyond that the bar gets NaN (a series
   * that stopped, or was pulled only up to some date, is not stretched over years). Default: no limit.
   */
  readonly maxAgeDays?: number;
}

/** Publication lags of the FRED series the registry's models read, and of close relatives. */
const KNOWN_LAGS: Readonly<Record<string, PublicationLag>> = {
  DGS1MO: { lagDays: 1 },
  DGS3MO: { lagDays: 1 },
  DGS6MO: { lagDays: 1 },
  DGS1: { lagDays: 1 },
  DGS2: { lagDays: 1 },
  DGS5: { lagDays: 1 },
  DGS10: { lagDays: 1 },
  DGS30: { lagDays: 1 },
  DTB3: { lagDays: 1 },
  DFF: { lagDays: 1 },
  DFII10: { lagDays: 1 },
  T10Y3M: { lagDays: 1 },
  T10Y2Y: { lagDays: 1 },
  UNRATE: { lagMonths: 1, lagDays: 10 },
  PAYEMS: { lagMonths: 1, lagDays: 10 },
  CPIAUCSL: { lagMonths: 1, lagDays: 21 },
  CPILFESL: { lagMonths: 1, lagDays: 21 },
  // the monthly average of the daily rate: complete at the month's end, posted on the next business day
  FEDFUNDS: { lagMonths: 1, lagDays: 3 },
};

/**
 * The publication lag of a series: its own when known, else one by FRED's frequency text ("Daily", "Weekly, Ending
 * Friday", "Monthly", "Quarterly"), else the conservative monthly one.
 */
export function publicationLag(seriesId: string, frequency?: string): PublicationLag {
  const known = KNOWN_LAGS[seriesId.toUpperCase()];
  if (known) return known;
  const f = frequency?.toLowerCase() ?? '';
  if (f.startsWith('daily')) return { lagDays: 1 };
  // a weekly observation is dated by the week's end (or its start for some series): a week plus a few days
  if (f.startsWith('weekly')) return { lagDays: 12 };
  // quarterly observations are dated at the quarter's start; the advance estimates come about a month after its end
  if (f.startsWith('quarterly')) return { lagMonths: 3, lagDays: 31 };
  if (f.startsWith('annual')) return { lagMonths: 12, lagDays: 92 };
  return { lagMonths: 1, lagDays: 21 };
}

/**
 * For each bar time, the newest value of `series` published by then (NaN before the first one, and where the newest
 * known value is older than `maxAgeDays`). A missing observation (NaN, FRED's ".") is skipped: the value before it is
 * carried forward, never replaced by 0. `barTime` and `series.time` are ascending epoch ms. One pass, no allocation
 * beyond the result.
 */
export function alignSeriesToBars(barTime: Float64Array, series: ExtraSeries, opts: AlignOptions): Float64Array {
  const n = barTime.length;
  const out = new Float64Array(n).fill(NaN);
  const m = Math.min(series.time.length, series.value.length);
  const lagMonths = opts.lagMonths ?? 0;
  const lagMs = opts.lagDays * DAY_MS;
  const maxAgeMs = opts.maxAgeDays === undefined ? Infinity : opts.maxAgeDays * DAY_MS;
  let j = 0;
  let known = NaN;
  let knownSince = NaN;
  // publication times never go backwards: a later period is not published before an earlier one
  let lastAvailable = -Infinity;
  let nextAvailable = m > 0 ? availableAt(series.time[0]!, lagMonths, lagMs) : Infinity;
  for (let t = 0; t < n; t++) {
    const now = barTime[t]!;
    while (j < m && nextAvailable <= now) {
      const v = series.value[j]!;
      if (v === v) {
        known = v;
        knownSince = nextAvailable;
      }
      lastAvailable = nextAvailable;
      j++;
      if (j < m) nextAvailable = Math.max(lastAvailable, availableAt(series.time[j]!, lagMonths, lagMs));
    }
    if (known === known && now - knownSince <= maxAgeMs) out[t] = known;
  }
  return out;
}

/** Epoch ms at which an observation stamped `time` is known. */
export function availableAt(time: number, lagMonths: number, lagMs: number): number {
  return (lagMonths === 0 ? time : addMonths(time, lagMonths)) + lagMs;
}

/** `ms` plus whole calendar months (UTC), the day clamped to the target month's length (Jan 31 + 1 = Feb 28/29). */
export function addMonths(ms: number, months: number): number {
  const days = Math.floor(ms / DAY_MS);
  const within = ms - days * DAY_MS;
  // civil-from-days (H. Hinnant), integers only, so no Date object per observation
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9; // 1..12
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const mo = total - y * 12 + 1;
  const d = Math.min(day, daysInMonth(y, mo));
  return daysFromCivil(y, mo, d) * DAY_MS + within;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days-from-civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
