// Profit statistics and period tables against a hand-computed book.
import { describe, expect, it } from 'vitest';
import { periodStart, periodTable } from '../../../src/engine/trader/period-table.ts';
import type { Trade } from '../../../src/engine/trader/round-trips.ts';
import { maxDrawdown, performanceBySymbol, tradeStats } from '../../../src/engine/trader/trade-stats.ts';

function trade(entryAt: string, exitAt: string | null, pnl: number | null): Trade {
  return {
    symbol: 'SPX',
    direction: 'long',
    qty: 1,
    entryAt,
    entryDay: entryAt.slice(0, 10),
    entryBarDate: entryAt.slice(0, 10),
    entryPrice: 100,
    origin: 'chat',
    entryDecision: null,
    entryOrderId: 1,
    exitAt,
    exitDay: exitAt?.slice(0, 10) ?? null,
    exitBarDate: exitAt?.slice(0, 10) ?? null,
    exitPrice: exitAt ? 100 + (pnl ?? 0) : null,
    exitReason: exitAt ? 'manual' : null,
    exitDecision: null,
    exitOrderId: exitAt ? 2 : null,
    pnl,
    pnlPct: pnl === null ? null : pnl / 100,
    commission: 0,
  };
}

const trades = [
  trade('2026-01-05T15:00:00.000Z', '2026-01-05T16:00:00.000Z', 30), // 1 h
  trade('2026-01-06T15:00:00.000Z', '2026-01-08T15:00:00.000Z', -10), // 48 h
  trade('2026-01-07T15:00:00.000Z', '2026-01-07T18:00:00.000Z', 20), // 3 h
  trade('2026-01-09T15:00:00.000Z', null, null), // open
];

describe('profit statistics', () => {
  it('counts, averages, profit factor, expectancy, best, worst and duration of the closed trades', () => {
    const s = tradeStats(trades);
    expect(s).toMatchObject({ closed: 3, wins: 2, losses: 1, realised: 40, averageWin: 25, averageLoss: -10, profitFactor: 5 });
    expect(s.winRate).toBeCloseTo(2 / 3, 12);
    expect(s.expectancy).toBeCloseTo(40 / 3, 12);
    expect(s.best!.pnl).toBe(30);
    expect(s.worst!.pnl).toBe(-10);
    expect(s.averageDurationMs).toBeCloseTo(((1 + 48 + 3) * 3_600_000) / 3, 6);
    expect(s.firstEntryAt).toBe('2026-01-05T15:00:00.000Z');
    expect(s.latestExitAt).toBe('2026-01-08T15:00:00.000Z');
  });

  it('says nothing it cannot measure: no trades, no losses', () => {
    expect(tradeStats([])).toMatchObject({ closed: 0, winRate: null, expectancy: null, profitFactor: null, best: null, averageDurationMs: null });
    expect(tradeStats([trades[0]!]).profitFactor).toBeNull();
  });

  it('sums realised P&L per symbol over the closed trades, best first', () => {
    const other = { ...trade('2026-01-06T15:00:00.000Z', '2026-01-06T16:00:00.000Z', 50), symbol: 'QQQ' };
    expect(performanceBySymbol([...trades, other])).toEqual([
      { symbol: 'QQQ', pnl: 50, trades: 1, pnlPct: 0.5 },
      { symbol: 'SPX', pnl: 40, trades: 3, pnlPct: 40 / 300 },
    ]);
  });

  it('measures the deepest fall from a running peak', () => {
    expect(maxDrawdown([100, 110, 99, 105, 120, 90, 130])).toBeCloseTo(0.25, 12);
    expect(maxDrawdown([100, 101, 102])).toBe(0);
  });
});

describe('period tables', () => {
  const history = [
    { date: '2026-01-05', equity: 100_030, cash: 0, positionsValue: 0 },
    { date: '2026-01-06', equity: 100_010, cash: 0, positionsValue: 0 },
    { date: '2026-01-07', equity: 100_040, cash: 0, positionsValue: 0 },
    { date: '2026-01-08', equity: 100_040, cash: 0, positionsValue: 0 },
    { date: '2026-01-12', equity: 99_000, cash: 0, positionsValue: 0 },
  ];

  it('starts weeks on Monday and months on the 1st', () => {
    expect(periodStart('2026-01-08', 'week')).toBe('2026-01-05');
    expect(periodStart('2026-01-11', 'week')).toBe('2026-01-05'); // a Sunday
    expect(periodStart('2026-01-12', 'week')).toBe('2026-01-12');
    expect(periodStart('2026-02-17', 'month')).toBe('2026-02-01');
  });

  it('one row a day, newest first, measured from the close before, with the trades closed that day', () => {
    const rows = periodTable('day', 4, '2026-01-08', history, trades, 100_000);
    expect(rows).toEqual([
      { start: '2026-01-08', pnl: 0, pnlPct: 0, trades: 1, equity: 100_040 },
      { start: '2026-01-07', pnl: 30, pnlPct: 30 / 100_010, trades: 1, equity: 100_040 },
      { start: '2026-01-06', pnl: -20, pnlPct: -20 / 100_030, trades: 0, equity: 100_010 },
      { start: '2026-01-05', pnl: 30, pnlPct: 30 / 100_000, trades: 1, equity: 100_030 },
    ]);
  });

  it('weeks and months, and a period without a close has no P&L rather than zero', () => {
    const weeks = periodTable('week', 3, '2026-01-14', history, trades, 100_000);
    expect(weeks.map((r) => [r.start, r.pnl, r.trades, r.equity])).toEqual([
      ['2026-01-12', -1040, 0, 99_000],
      ['2026-01-05', 40, 3, 100_040],
      ['2025-12-29', null, 0, null],
    ]);
    const months = periodTable('month', 2, '2026-01-14', history, trades, 100_000);
    expect(months.map((r) => [r.start, r.pnl, r.trades])).toEqual([
      ['2026-01-01', -1000, 3],
      ['2025-12-01', null, 0],
    ]);
  });
});
