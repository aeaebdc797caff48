// Profit statistics of closed trades (freqtrade's /profit): win rate, average win and loss, profit factor,
// expectancy, best and worst, average duration; and the book's maximum drawdown from its equity history.
import type { Trade } from './round-trips.ts';

export interface TradeStats {
  closed: number;
  wins: number;
  losses: number;
  /** wins / closed; null with no closed trade. */
  winRate: number | null;
  realised: number;
  /** Mean P&L of the winning (losing) trades; null without any. */
  averageWin: number | null;
  averageLoss: number | null;
  /** Gross profit over gross loss; null without a loss (undefined, not infinite). */
  profitFactor: number | null;
  /** Mean P&L per closed trade; null with none. */
  expectancy: number | null;
  best: Trade | null;
  worst: Trade | null;
  /** Mean time from entry to exit, ms; null with none. */
  averageDurationMs: number | null;
  /** Entry of the first trade and exit of the latest (ISO instants); null with none. */
  firstEntryAt: string | null;
  latestExitAt: string | null;
}

/** The statistics of the closed trades among `trades` (open ones are left out). */
export function tradeStats(trades: readonly Trade[]): TradeStats {
  const done = trades.filter((t): t is Trade & { pnl: number; exitAt: string } => t.pnl !== null && t.exitAt !== null);
  let wins = 0;
  let losses = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let duration = 0;
  let best: Trade | null = null;
  let worst: Trade | null = null;
  for (const t of done) {
    if (t.pnl > 0) {
      wins++;
      grossWin += t.pnl;
    } else if (t.pnl < 0) {
      losses++;
      grossLoss -= t.pnl;
    }
    duration += Date.parse(t.exitAt) - Date.parse(t.entryAt);
    if (!best || t.pnl > best.pnl!) best = t;
    if (!worst || t.pnl < worst.pnl!) worst = t;
  }
  const n = done.length;
  const realised = grossWin - grossLoss;
  return {
    closed: n,
    wins,
    losses,
    winRate: n ? wins / n : null,
    realised,
    averageWin: wins ? grossWin / wins : null,
    averageLoss: losses ? -grossLoss / losses : null,
    profitFactor: grossLoss > 0 ? grossWin / grossLoss : null,
    expectancy: n ? realised / n : null,
    best,
    worst,
    averageDurationMs: n ? duration / n : null,
    firstEntryAt: n ? done.reduce((a, t) => (t.entryAt < a ? t.entryAt : a), done[0]!.entryAt) : null,
    latestExitAt: n ? done.reduce((a, t) => (t.exitAt > a ? t.exitAt : a), done[0]!.exitAt) : null,
  };
}

export interface SymbolPerformance {
  symbol: string;
  /** Realised P&L of the symbol's closed trades. */
  pnl: number;
  trades: number;
  /** pnl over the entry cost of those trades. */
  pnlPct: number;
}

/** Realised P&L per symbol over the closed trades, best first. */
export function performanceBySymbol(trades: readonly Trade[]): SymbolPerformance[] {
  const by = new Map<string, { pnl: number; trades: number; cost: number }>();
  for (const t of trades) {
    if (t.pnl === null) continue;
    const s = by.get(t.symbol) ?? { pnl: 0, trades: 0, cost: 0 };
    s.pnl += t.pnl;
    s.trades++;
    s.cost += t.entryPrice * t.qty;
    by.set(t.symbol, s);
  }
  return [...by].map(([symbol, s]) => ({ symbol, pnl: s.pnl, trades: s.trades, pnlPct: s.pnl / s.cost })).sort((a, b) => b.pnl - a.pnl);
}

/** The largest fall from a running peak of the equity series, as a fraction (0 when it never fell). */
export function maxDrawdown(equity: readonly number[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const e of equity) {
    if (e > peak) peak = e;
    else if (peak > 0) worst = Math.max(worst, 1 - e / peak);
  }
  return worst;
}
