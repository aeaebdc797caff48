// Deterministic stand-in data for the provider fakes: daily stock bars as a seeded random walk over NYSE sessions,
// and economic series (Treasury yields, unemployment, CPI) as seeded walks on FRED's calendars. Same inputs, same
// numbers, whatever window is asked, so overlapping and incremental pulls see identical values.
import { getHolidays } from 'nyse-holidays';

export interface SyntheticBar {
  date: string; // YYYY-MM-DD, a NYSE session
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap: number;
  trades: number;
}

const FIRST_DATE = '2000-01-03';
const LAST_DATE = '2030-12-31';
const DAY_MS = 86_400_000;

/** FNV-1a of a text: the seed of a symbol's or a series' walk. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, well-known seeded generator. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a uniform source. */
function normal(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

function datesBetween(from: string, to: string, keep: (date: string, weekday: number) => boolean): string[] {
  const out: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); ms <= end; ms += DAY_MS) {
    const d = new Date(ms);
    const date = d.toISOString().slice(0, 10);
    if (keep(date, d.getUTCDay())) out.push(date);
  }
  return out;
}

const holidays = new Set<string>();
for (let y = Number(FIRST_DATE.slice(0, 4)); y <= Number(LAST_DATE.slice(0, 4)); y++) {
  for (const h of getHolidays(y)) holidays.add(h.dateString);
}

/** True for a NYSE full-closure holiday (by rule; one-off closures are not known). */
export function isNyseHoliday(date: string): boolean {
  return holidays.has(date);
}

/** NYSE sessions (weekdays that are not holidays) from..to inclusive. */
export function nyseSessions(from: string, to: string): string[] {
  return datesBetween(from, to, (date, wd) => wd !== 0 && wd !== 6 && !holidays.has(date));
}

const barCache = new Map<string, SyntheticBar[]>();

/** Every synthetic session bar of `symbol`, 2000-01-03 .. 2030-12-31. */
function allBars(symbol: string): SyntheticBar[] {
  const cached = barCache.get(symbol);
  if (cached) return cached;
  const random = seededRandom(seedOf(symbol));
  const gauss = normal(random);
  let close = 20 + random() * 280;
  const baseVolume = 2e6 + random() * 5e7;
  const bars = nyseSessions(FIRST_DATE, LAST_DATE).map((date) => {
    const open = close * Math.exp(0.004 * gauss());
    const next = open * Math.exp(0.0003 + 0.014 * gauss());
    const high = Math.max(open, next) * Math.exp(Math.abs(0.006 * gauss()));
    const low = Math.min(open, next) * Math.exp(-Math.abs(0.006 * gauss()));
    const volume = Math.round(baseVolume * Math.exp(0.35 * gauss()));
    close = next;
    const bar = { date, open: round(open, 4), high: round(high, 4), low: round(low, 4), close: round(next, 4), volume };
    return { ...bar, vwap: round((bar.high + bar.low + bar.close) / 3, 4), trades: Math.round(volume / 140) };
  });
  barCache.set(symbol, bars);
  return bars;
}

/** The synthetic daily bars of `symbol` from..to (inclusive, YYYY-MM-DD). */
export function syntheticBars(symbol: string, from: string, to: string): SyntheticBar[] {
  return allBars(symbol).filter((b) => b.date >= from && b.date <= to);
}

/**
 * 00:00 in New York on a date, in epoch ms, by the US daylight-saving rules: since 2007 the 2nd Sunday of March to the
 * 1st Sunday of November, before that the 1st Sunday of April to the last Sunday of October.
 */
export function newYorkMidnightMs(date: string): number {
  const y = Number(date.slice(0, 4));
  const iso = (month: number, day: number): string => `${y}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const nthSunday = (month: number, n: number): string => {
    const first = new Date(Date.UTC(y, month, 1)).getUTCDay();
    return iso(month, 1 + ((7 - first) % 7) + 7 * (n - 1));
  };
  const lastSunday = (month: number): string => {
    const last = new Date(Date.UTC(y, month + 1, 0));
    return iso(month, last.getUTCDate() - last.getUTCDay());
  };
  const summer = y >= 2007 ? date >= nthSunday(2, 2) && date < nthSunday(10, 1) : date >= nthSunday(3, 1) && date < lastSunday(9);
  return Date.parse(`${date}T00:00:00Z`) + (summer ? 4 : 5) * 3_600_000;
}

// --- Economic series, FRED style -----------------------------------------------------------------------------------

export interface SyntheticSeries {
  id: string;
  title: string;
  units: string;
  units_short: string;
  frequency: 'Daily' | 'Monthly';
  frequency_short: 'D' | 'M';
  seasonal_adjustment: string;
  seasonal_adjustment_short: string;
  notes: string;
}

export interface SyntheticObservation {
  date: string;
  /** As FRED writes it: a decimal string, or "." when missing. */
  value: string;
}

const TREASURY = 'Not Seasonally Adjusted';
export const SERIES: Record<string, SyntheticSeries> = {
  DGS10: {
    id: 'DGS10',
    title: 'Market Yield on U.S. Treasury Securities at 10-Year Constant Maturity, Quoted on an Investment Basis',
    units: 'Percent', units_short: '%', frequency: 'Daily', frequency_short: 'D',
    seasonal_adjustment: TREASURY, seasonal_adjustment_short: 'NSA', notes: 'Synthetic stand-in for tests.',
  },
  DGS3MO: {
    id: 'DGS3MO',
    title: 'Market Yield on U.S. Treasury Securities at 3-Month Constant Maturity, Quoted on an Investment Basis',
    units: 'Percent', units_short: '%', frequency: 'Daily', frequency_short: 'D',
    seasonal_adjustment: TREASURY, seasonal_adjustment_short: 'NSA', notes: 'Synthetic stand-in for tests.',
  },
  T10Y3M: {
    id: 'T10Y3M',
    title: '10-Year Treasury Constant Maturity Minus 3-Month Treasury Constant Maturity',
    units: 'Percent', units_short: '%', frequency: 'Daily', frequency_short: 'D',
    seasonal_adjustment: TREASURY, seasonal_adjustment_short: 'NSA', notes: 'Synthetic stand-in for tests: DGS10 minus DGS3MO.',
  },
  UNRATE: {
    id: 'UNRATE', title: 'Unemployment Rate', units: 'Percent', units_short: '%', frequency: 'Monthly', frequency_short: 'M',
    seasonal_adjustment: 'Seasonally Adjusted', seasonal_adjustment_short: 'SA', notes: 'Synthetic stand-in for tests.',
  },
  CPIAUCSL: {
    id: 'CPIAUCSL', title: 'Consumer Price Index for All Urban Consumers: All Items in U.S. City Average',
    units: 'Index 1982-1984=100', units_short: 'Index 1982-1984=100', frequency: 'Monthly', frequency_short: 'M',
    seasonal_adjustment: 'Seasonally Adjusted', seasonal_adjustment_short: 'SA', notes: 'Synthetic stand-in for tests.',
  },
};

const SERIES_START = '1990-01-01';
const seriesCache = new Map<string, SyntheticObservation[]>();

/** A yield walk on weekdays; "." on NYSE holidays, as FRED shows the Treasury series on market holidays. */
function dailyYield(id: string, start: number): SyntheticObservation[] {
  const gauss = normal(seededRandom(seedOf(id)));
  let y = start;
  return datesBetween(SERIES_START, LAST_DATE, (_d, wd) => wd !== 0 && wd !== 6).map((date) => {
    if (holidays.has(date)) return { date, value: '.' };
    y = Math.min(16, Math.max(0.02, y + 0.055 * gauss()));
    return { date, value: y.toFixed(2) };
  });
}

function monthly(id: string, step: (prev: number, gauss: () => number) => number, start: number, digits: number): SyntheticObservation[] {
  const gauss = normal(seededRandom(seedOf(id)));
  let v = start;
  return datesBetween(SERIES_START, LAST_DATE, (date) => date.endsWith('-01')).map((date) => {
    v = step(v, gauss);
    return { date, value: v.toFixed(digits) };
  });
}

function allObservations(id: string): SyntheticObservation[] {
  const cached = seriesCache.get(id);
  if (cached) return cached;
  let rows: SyntheticObservation[];
  if (id === 'DGS10') rows = dailyYield(id, 8.2);
  else if (id === 'DGS3MO') rows = dailyYield(id, 7.9);
  else if (id === 'T10Y3M') {
    const long = allObservations('DGS10');
    const short = allObservations('DGS3MO');
    rows = long.map((o, i) =>
      o.value === '.' ? o : { date: o.date, value: (Number(o.value) - Number(short[i]!.value)).toFixed(2) },
    );
  } else if (id === 'UNRATE') rows = monthly(id, (u, g) => Math.min(11, Math.max(3.4, u + 0.12 * g())), 5.4, 1);
  else if (id === 'CPIAUCSL') rows = monthly(id, (c, g) => c * (1.0022 + 0.0015 * g()), 127.5, 3);
  else throw new Error(`no synthetic series ${id}`);
  seriesCache.set(id, rows);
  return rows;
}

/** Observations of a known series from..to inclusive (YYYY-MM-DD). */
export function syntheticObservations(id: string, from: string, to: string): SyntheticObservation[] {
  return allObservations(id).filter((o) => o.date >= from && o.date <= to);
}
