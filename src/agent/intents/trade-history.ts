// The trader's history, as freqtrade's Telegram control shows it: the last closed trades, profit statistics, P&L per
// symbol and per day, week or month. Every figure comes from the book's fills (round-trip trades, FIFO) and its
// equity closes; nothing is estimated.
import { z } from 'zod';
import { periodTable, type PeriodKind } from '../../engine/trader/period-table.ts';
import type { Trade } from '../../engine/trader/round-trips.ts';
import { maxDrawdown, performanceBySymbol, tradeStats, type TradeStats } from '../../engine/trader/trade-stats.ts';
import { formatTable, held, money, pct, plural, price, signedPct } from '../../format.ts';
import { newYorkDate } from '../../calendar/dates.ts';
import { defineIntent } from '../intent.ts';
import { textReply, type Reply } from '../reply.ts';
import { staleNotes } from './data-age-note.ts';
import { needsTrader, traderOf } from './trading.ts';

const countArg = (what: string, max: number) => z.number().int().min(1).max(max).optional().describe(what);

/** +1,234.50 / -12.00 */
function signedMoney(x: number): string {
  return `${x >= 0 ? '+' : ''}${money(x)}`;
}

function closedTrades(trades: readonly Trade[]): (Trade & { exitAt: string; pnl: number })[] {
  return trades.filter((t): t is Trade & { exitAt: string; pnl: number } => t.exitAt !== null && t.pnl !== null);
}

const NO_TRADES = 'No closed trades yet: a trade closes when a position is sold (or a short bought back). /positions shows what is open.';

export const tradesIntent = defineIntent({
  name: 'trades',
  private: true,
  description: 'The last closed trades with their P&L: entry to exit, first in first out, newest first.',
  usage: '/trades [N]',
  args: z.object({ count: countArg('how many trades (default 10)', 100) }),
  positional: ['count'],
  unavailable: needsTrader,
  async run(args, ctx) {
    const closed = closedTrades(await traderOf(ctx.services).trades());
    if (closed.length === 0) return [textReply(NO_TRADES)];
    const shown = closed.slice(-(args.count ?? 10)).reverse();
    const rows = [
      ['closed', 'symbol', 'P&L', '%', 'held'],
      ...shown.map((t) => [t.exitDay ?? t.exitAt.slice(0, 10), t.symbol, signedMoney(t.pnl), signedPct(t.pnlPct ?? NaN, 1), held(Date.parse(t.exitAt) - Date.parse(t.entryAt))]),
    ];
    const lines = shown.map(
      (t) =>
        `${t.symbol} ${t.direction} ${t.qty} @ ${price(t.entryPrice)} -> ${price(t.exitPrice ?? NaN)}: ${signedMoney(t.pnl)} ` +
        `(${t.origin === 'chat' ? 'manual' : t.origin} entry, ${t.exitReason} exit)`,
    );
    return [textReply(`Last ${plural(shown.length, 'closed trade')} of ${closed.length}, newest first:\n${lines.join('\n')}`, { code: formatTable(rows, ['l', 'l', 'r', 'r', 'r']) })];
  },
});

function statsLines(s: TradeStats): string[] {
  if (s.closed === 0) return ['no closed trades'];
  const lines = [
    `${plural(s.closed, 'closed trade')}: ${s.wins} won, ${s.losses} lost${s.closed > s.wins + s.losses ? `, ${s.closed - s.wins - s.losses} even` : ''} (win rate ${pct(s.winRate ?? NaN, 1)}), realised ${signedMoney(s.realised)}`,
    `average win ${s.averageWin === null ? 'none' : signedMoney(s.averageWin)}, average loss ${s.averageLoss === null ? 'none' : signedMoney(s.averageLoss)}`,
    `profit factor ${s.profitFactor === null ? 'n/a (no losing trade)' : s.profitFactor.toFixed(2)}, expectancy ${signedMoney(s.expectancy ?? NaN)} a trade`,
  ];
  if (s.best && s.worst) lines.push(`best ${s.best.symbol} ${signedMoney(s.best.pnl ?? NaN)}, worst ${s.worst.symbol} ${signedMoney(s.worst.pnl ?? NaN)}`);
  if (s.averageDurationMs !== null) lines.push(`average hold ${held(s.averageDurationMs)}`);
  if (s.firstEntryAt && s.latestExitAt) lines.push(`first trade ${s.firstEntryAt.slice(0, 10)}, latest ${s.latestExitAt.slice(0, 10)}`);
  return lines;
}

export const profitIntent = defineIntent({
  name: 'profit',
  private: true,
  description: 'Profit statistics of closed trades: win rate, profit factor, expectancy, best and worst, for manual, autopilot and all trades.',
  usage: '/profit [DAYS]',
  args: z.object({ days: countArg('only trades closed in the last DAYS days', 3650) }),
  positional: ['days'],
  unavailable: needsTrader,
  async run(args, ctx) {
    const trader = traderOf(ctx.services);
    const [trades, positions, history] = await Promise.all([trader.trades(), trader.positions(), trader.equityHistory()]);
    const since = args.days ? new Date(ctx.services.clock.now() - args.days * 86_400_000).toISOString() : null;
    const inWindow = since ? trades.filter((t) => t.exitAt === null || t.exitAt >= since) : trades;
    const unrealised = positions.reduce((sum, p) => sum + (p.unrealizedPnl ?? 0), 0);
    const unpriced = positions.filter((p) => p.qty !== 0 && p.unrealizedPnl === null).map((p) => p.symbol);
    const drawdown = maxDrawdown(history.map((p) => p.equity));
    const head =
      `Profit${since ? ` of the trades closed since ${since.slice(0, 10)}` : ''}: ` +
      `unrealised ${signedMoney(unrealised)} on ${plural(positions.filter((p) => p.qty !== 0).length, 'open position')}` +
      `${unpriced.length ? ` (no price for ${unpriced.join(', ')})` : ''}; the book's max drawdown ${pct(drawdown, 1)} over ${plural(history.length, 'close')}.`;
    const stale = staleNotes(ctx.services, positions.flatMap((p) => (p.qty !== 0 && p.lastPriceDate ? [{ symbol: p.symbol, asOf: p.lastPriceDate }] : [])));
    const parts = [head, ...(stale ? [stale] : []), 'All trades:', ...statsLines(tradeStats(inWindow)).map((l) => `  ${l}`)];
    for (const [label, origin] of [['Manual', 'chat'], ['Autopilot', 'autopilot']] as const) {
      const s = tradeStats(inWindow.filter((t) => t.origin === origin));
      parts.push(`${label}: ${s.closed === 0 ? 'no closed trades' : `${plural(s.closed, 'closed trade')}, realised ${signedMoney(s.realised)}, win rate ${pct(s.winRate ?? NaN, 1)}`}.`);
    }
    return [textReply(parts.join('\n'))];
  },
});

export const performanceIntent = defineIntent({
  name: 'performance',
  private: true,
  description: 'Realised P&L and closed trades per symbol, best first.',
  usage: '/performance',
  args: z.object({}),
  unavailable: needsTrader,
  async run(_args, ctx) {
    const closed = closedTrades(await traderOf(ctx.services).trades());
    if (closed.length === 0) return [textReply(NO_TRADES)];
    const rows = [
      ['symbol', 'P&L', 'of cost', 'trades'],
      ...performanceBySymbol(closed).map((s) => [s.symbol, signedMoney(s.pnl), signedPct(s.pnlPct, 1), String(s.trades)]),
    ];
    return [textReply(`Realised P&L per symbol over ${plural(closed.length, 'closed trade')}, best first:`, { code: formatTable(rows, ['l', 'r', 'r', 'r']) })];
  },
});

function periodIntent(name: 'daily' | 'weekly' | 'monthly', kind: PeriodKind, fallback: number) {
  return defineIntent({
    name,
    private: true,
    description: `The book's P&L for each ${kind}: change, percent, trades closed and equity at the end, from its equity closes.`,
    usage: `/${name} [N]`,
    args: z.object({ count: countArg(`how many ${kind}s (default ${fallback})`, 120) }),
    positional: ['count'],
    unavailable: needsTrader,
    async run(args, ctx): Promise<Reply[]> {
      const trader = traderOf(ctx.services);
      const [history, trades, balance, positions] = await Promise.all([trader.equityHistory(), trader.trades(), trader.balance(), trader.positions()]);
      const latest = history.reduce<string | null>((a, p) => (a === null || p.date > a ? p.date : a), null);
      if (!latest) return [textReply('The book has no equity close yet: it is marked at each close once it holds a position or has traded.')];
      const count = args.count ?? fallback;
      const rows = periodTable(kind, count, latest, history, trades, balance.startingEquity);
      const table = [
        [kind, 'P&L', '%', 'trades', 'equity'],
        ...rows.map((r) => [r.start, r.pnl === null ? 'no close' : signedMoney(r.pnl), r.pnlPct === null ? '-' : signedPct(r.pnlPct), String(r.trades), r.equity === null ? '-' : money(r.equity)]),
      ];
      const today = newYorkDate(ctx.services.clock.now());
      const asOf = latest === today ? '' : ` (the book's latest close; its prices are the stored bars of ${latest})`;
      // equity closes value open positions at the stored closes: say when those are not today's market
      const stale = staleNotes(ctx.services, positions.flatMap((p) => (p.qty !== 0 && p.lastPriceDate ? [{ symbol: p.symbol, asOf: p.lastPriceDate }] : [])));
      const head = `P&L per ${kind}, the last ${plural(count, kind)} up to ${latest}${asOf}, newest first:${stale ? `\n${stale}` : ''}`;
      return [textReply(head, { code: formatTable(table, ['l', 'r', 'r', 'r', 'r']) })];
    },
  });
}

export const dailyIntent = periodIntent('daily', 'day', 7);
export const weeklyIntent = periodIntent('weekly', 'week', 8);
export const monthlyIntent = periodIntent('monthly', 'month', 6);
