// P&L per day, week or month from the book's equity closes (freqtrade's /daily, /weekly, /monthly): the change of
// equity from the last close before the period to its last close, the trades closed in it, and the equity at its end.
import { addDays, isoDate } from '../../calendar/dates.ts';
import type { EquityPoint } from './trader-service.ts';
import type { Trade } from './round-trips.ts';

export type PeriodKind = 'day' | 'week' | 'month';

export interface PeriodRow {
  /** First calendar day of the period (a Monday for weeks, the 1st for months), YYYY-MM-DD. */
  start: string;
  /** Change of equity over the period; null for a period with no close. */
  pnl: number | null;
  /** pnl over the equity before the period. */
  pnlPct: number | null;
  /** Trades closed in the period (by the date of their exit). */
  trades: number;
  /** Equity at the period's last close; null when it had none. */
  equity: number | null;
}

/** The first day of the period holding `date`. */
export function periodStart(date: string, kind: PeriodKind): string {
  if (kind === 'day') return date;
  if (kind === 'month') return `${date.slice(0, 7)}-01`;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

function nextStart(start: string, kind: PeriodKind): string {
  if (kind === 'day') return addDays(start, 1);
  if (kind === 'week') return addDays(start, 7);
  const d = new Date(`${start}T00:00:00Z`);
  return isoDate(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/**
 * The last `count` periods up to the one holding `today`, newest first. A period's P&L is measured from the equity of
 * the last close before it (the book's starting equity before the first close).
 */
export function periodTable(
  kind: PeriodKind,
  count: number,
  today: string,
  history: readonly EquityPoint[],
  trades: readonly Trade[],
  startingEquity: number,
): PeriodRow[] {
  const starts: string[] = [];
  let s = periodStart(today, kind);
  for (let i = 0; i < count; i++) {
    starts.push(s);
    s = periodStart(addDays(s, -1), kind);
  }
  const sorted = [...history].sort((a, b) => (a.date < b.date ? -1 : 1));
  return starts.map((start) => {
    const end = nextStart(start, kind);
    const before = sorted.filter((p) => p.date < start).at(-1);
    const last = sorted.filter((p) => p.date >= start && p.date < end).at(-1);
    const base = before?.equity ?? startingEquity;
    const closedIn = trades.filter((t) => {
      return t.exitDay !== null && t.exitDay >= start && t.exitDay < end;
    }).length;
    const pnl = last ? last.equity - base : null;
    return { start, pnl, pnlPct: pnl !== null && base > 0 ? pnl / base : null, trades: closedIn, equity: last?.equity ?? null };
  });
}
