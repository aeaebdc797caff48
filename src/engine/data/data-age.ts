// How old the data behind a "now" answer is: the newest bar's date against the last completed NYSE session, in
// sessions and in plain words, and whether it is too old to be called today's market.
import { lastCompletedSession, sessionsBetween } from '../../calendar/nyse-sessions.ts';
import type { Timeframe } from './bar.ts';

/** Sessions a daily bar may lag the last completed session before an answer must say it is not today's market. */
export const STALE_AFTER_SESSIONS = 3;

/** Sessions a bar of each timeframe covers: a monthly bar is naturally up to a month behind. */
const SESSIONS_PER_BAR: Record<Timeframe, number> = { '1m': 0, '1h': 0, '1d': 0, '1wk': 5, '1mo': 21 };

export interface DataAge {
  symbol: string;
  /** The newest bar's date (YYYY-MM-DD): what the answer is as of. */
  asOf: string;
  /** The last NYSE session whose close has passed. */
  lastSession: string;
  /** Sessions after `asOf` up to and including `lastSession`. */
  sessionsBehind: number;
  /** More than STALE_AFTER_SESSIONS behind (beyond what the bar's own length explains). */
  stale: boolean;
  /** "6.6 years", "5 months", "12 days". */
  age: string;
}

const DAY = 86_400_000;

function ageWords(fromDate: string, now: number): string {
  const days = Math.max(0, Math.floor((now - Date.parse(`${fromDate}T00:00:00Z`)) / DAY));
  if (days >= 365) return `${(days / 365.25).toFixed(1)} years`;
  if (days >= 60) return `${Math.round(days / 30.44)} months`;
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** The age of a symbol's newest bar at `now` (epoch ms). */
export function dataAge(symbol: string, asOf: string, now: number, timeframe: Timeframe = '1d'): DataAge {
  const lastSession = lastCompletedSession(now, 0);
  // Counting sessions one by one is cheap next to any model run (about 250 a year).
  const sessionsBehind = sessionsBetween(asOf, lastSession);
  return {
    symbol,
    asOf,
    lastSession,
    sessionsBehind,
    stale: sessionsBehind > STALE_AFTER_SESSIONS + SESSIONS_PER_BAR[timeframe],
    age: ageWords(asOf, now),
  };
}

/**
 * The plain sentence a stale answer carries (null when the data is fresh): what the newest bar is, how old, that it
 * is not today's market, and how to get fresh data with the providers configured (or which keys to set).
 */
export function staleDataSentence(age: DataAge, providers: readonly string[]): string | null {
  if (!age.stale) return null;
  const barSources = providers.filter((p) => p === 'polygon' || p === 'alpaca');
  const how =
    barSources.length > 0
      ? `pull fresh data with /pull ${barSources[0]} ${age.symbol}`
      : `to get fresh prices, set POLYGON_API_KEY (or Alpaca's APCA_API_KEY_ID and APCA_API_SECRET_KEY), then /pull polygon ${age.symbol}`;
  return `Data age: the newest ${age.symbol} bar is ${age.asOf}, ${age.age} old (${age.sessionsBehind} sessions before the last session, ${age.lastSession}): this is not today's market; ${how}.`;
}
