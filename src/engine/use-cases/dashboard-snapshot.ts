// What the operator's dashboard shows, read with the same engine queries the chat answers with: the paper account
// (/balance, /pnl day), its equity closes against buy-and-hold of the first watched symbol, positions (/positions),
// the last fills, the autopilot's state, pool and latest decision per symbol (/autopilot status, /why), the stored
// walk-forward leaderboard per watched symbol (/leaderboard by a stored metric), data freshness per symbol (/data) and
// the recent anomalies. Each part is null when that part of the bot is not running.
import { isoDate, newYorkDate } from '../../calendar/dates.ts';
import type { AnomalyStore } from '../anomaly/anomaly-store.ts';
import type { AutopilotService } from '../autopilot/autopilot-service.ts';
import { equityChartSpec } from '../charts/equity-chart.ts';
import { renderVegaLiteSvg } from '../charts/render-png.ts';
import type { Clock } from '../clock.ts';
import type { BarStore } from '../data/bar-store.ts';
import { dataAge } from '../data/data-age.ts';
import type { Db } from '../db/database.ts';
import { EvaluationStore } from '../evaluate/evaluation-store.ts';
import type { TraderService } from '../trader/trader-service.ts';

const LEADERBOARD_ROWS = 5;

export interface DashboardSnapshot {
  /** ISO instant the snapshot was read (the Clock's now). */
  asOf: string;
  account: {
    broker: string;
    equity: number;
    cash: number;
    grossExposure: number;
    dayChange: number;
    dayChangePct: number;
    realized: number;
    unrealized: number;
    halted: boolean;
    /** The newest price date the open positions are valued at (null without positions). */
    pricesAsOf: string | null;
  } | null;
  /** The equity chart (SVG), the account's daily closes and now against buy-and-hold; null without the trader. */
  equity: { chartSvg: string; points: number; first: string; benchmarkSymbol: string; benchmarkNewestBar: string | null } | null;
  positions: { symbol: string; qty: number; avgEntryPrice: number; lastPrice: number | null; lastPriceDate: string | null; marketValue: number | null; unrealizedPnl: number | null }[];
  fills: { filledAt: string; side: string; qty: number; symbol: string; price: number; orderId: number; barDate: string | null }[];
  autopilot: {
    enabled: boolean;
    summary: string;
    symbols: string[];
    pool: string[];
    lastRun: string | null;
    decisions: { symbol: string; date: string; target: number; models: { id: string; score: number; signal: number }[]; reason: string }[];
  } | null;
  leaderboards: { symbol: string; metric: string; measured: number; rows: { rank: number; model: string; value: number; window: string }[] }[];
  data: { symbol: string; timeframe: string; source: string; last: string; count: number; sessionsBehind: number | null; stale: boolean }[];
  anomalies: { rule: string; text: string; raisedAt: string }[];
}

export interface DashboardDeps {
  db: Db;
  clock: Clock;
  bars: BarStore;
  anomalies: AnomalyStore;
  trader?: TraderService;
  autopilot?: AutopilotService;
}

/** Chart SVGs by the data they drew: the page polls every few seconds, the closes change once a day. */
const chartCache = new Map<string, string>();

export async function dashboardSnapshot(d: DashboardDeps): Promise<DashboardSnapshot> {
  const now = d.clock.now();
  const symbols = d.autopilot ? await d.autopilot.symbols() : ['SPX'];
  const [account, equity, positions, fills, autopilot, leaderboards, data, anomalies] = await Promise.all([
    accountPart(d.trader),
    equityPart(d, symbols[0]!),
    d.trader ? d.trader.positions() : [],
    d.trader ? d.trader.fills(10) : [],
    autopilotPart(d.autopilot),
    leaderboardPart(d.db, symbols),
    dataPart(d.bars, now),
    d.anomalies.recent(10),
  ]);
  return {
    asOf: new Date(now).toISOString(),
    account,
    equity,
    positions: positions.map((p) => ({ symbol: p.symbol, qty: p.qty, avgEntryPrice: p.avgEntryPrice, lastPrice: p.lastPrice, lastPriceDate: p.lastPriceDate, marketValue: p.marketValue, unrealizedPnl: p.unrealizedPnl })),
    fills: fills.map((f) => ({ filledAt: f.filledAt, side: f.side, qty: f.qty, symbol: f.symbol, price: f.price, orderId: f.orderId, barDate: f.barDate })),
    autopilot,
    leaderboards,
    data,
    anomalies: anomalies.map((a) => ({ rule: a.rule, text: a.text, raisedAt: a.raisedAt.toISOString() })),
  };
}

async function accountPart(trader?: TraderService): Promise<DashboardSnapshot['account']> {
  if (!trader) return null;
  const [b, day, all, positions] = await Promise.all([trader.balance(), trader.pnl('day'), trader.pnl('all'), trader.positions()]);
  const pricesAsOf = positions.map((p) => p.lastPriceDate).filter((x): x is string => !!x).sort().at(-1) ?? null;
  return { broker: b.broker, equity: b.equity, cash: b.cash, grossExposure: b.grossExposure, dayChange: day.change, dayChangePct: day.changePct, realized: all.realized, unrealized: all.unrealized, halted: b.halted, pricesAsOf };
}

/**
 * The account's daily equity closes and its equity now (dated today by the clock, as the book dates its closes),
 * against buy-and-hold of `symbol` from the first point, on the stored closes (the newest on or before each date).
 */
async function equityPart(d: DashboardDeps, symbol: string): Promise<DashboardSnapshot['equity']> {
  if (!d.trader) return null;
  const [history, balance] = await Promise.all([d.trader.equityHistory(), d.trader.balance()]);
  const points = new Map(history.map((p) => [p.date, p.equity]));
  points.set(newYorkDate(d.clock.now()), balance.equity);
  const dates = [...points.keys()].sort();
  const account = dates.map((x) => points.get(x)!);
  const bars = await d.bars.readBars(symbol, '1d');
  // The stored close on or before each date, in one walk (both sorted).
  const closes: number[] = [];
  let newest: string | null = null;
  let i = 0;
  for (const date of dates) {
    while (i < bars.length && isoDate(bars.time[i]!) <= date) newest = isoDate(bars.time[i++]!);
    closes.push(i > 0 ? bars.close[i - 1]! : NaN);
  }
  const base = closes[0]!;
  const benchmark = closes.map((c) => (account[0]! * c) / base);
  const key = JSON.stringify([symbol, dates, account, benchmark]);
  let svg = chartCache.get(key);
  if (!svg) {
    const series = [{ name: 'account', values: account }, ...(Number.isFinite(base) ? [{ name: `buy-and-hold ${symbol}`, values: benchmark }] : [])];
    svg = await renderVegaLiteSvg(equityChartSpec({ title: '', dates, series, drawdown: false, width: 560, height: 200, points: dates.length < 30 }));
    chartCache.clear();
    chartCache.set(key, svg);
  }
  return { chartSvg: svg, points: dates.length, first: dates[0]!, benchmarkSymbol: symbol, benchmarkNewestBar: newest };
}

async function autopilotPart(autopilot?: AutopilotService): Promise<DashboardSnapshot['autopilot']> {
  if (!autopilot) return null;
  const status = await autopilot.status();
  const decisions: NonNullable<DashboardSnapshot['autopilot']>['decisions'] = [];
  for (const symbol of status.symbols) {
    const why = await autopilot.why(symbol);
    if (!why) continue;
    decisions.push({ symbol, date: why.date, target: why.target, models: why.record.chosen.map((c) => ({ id: c.id, score: c.score, signal: c.signal })), reason: why.record.reason });
  }
  return { enabled: status.enabled, summary: status.summary, symbols: status.symbols, pool: [...autopilot.pool], lastRun: status.lastRun, decisions };
}

async function leaderboardPart(db: Db, symbols: string[]): Promise<DashboardSnapshot['leaderboards']> {
  const store = new EvaluationStore(db);
  const out: DashboardSnapshot['leaderboards'] = [];
  for (const symbol of symbols) {
    const board = await store.leaderboard({ symbol, metric: 'sharpe' });
    out.push({ symbol, metric: 'sharpe', measured: board.measured, rows: board.rows.slice(0, LEADERBOARD_ROWS).map((r) => ({ rank: r.rank, model: r.modelId, value: r.value, window: `${r.from}..${r.to}` })) });
  }
  return out;
}

async function dataPart(bars: BarStore, now: number): Promise<DashboardSnapshot['data']> {
  return (await bars.summary()).map((r) => {
    // Intraday bars are not counted in sessions; the others as every "now" answer counts them (data-age.ts).
    const age = r.timeframe === '1h' || r.timeframe === '1m' ? null : dataAge(r.symbol, r.last, now, r.timeframe);
    return { symbol: r.symbol, timeframe: r.timeframe, source: r.source, last: r.last, count: r.count, sessionsBehind: age?.sessionsBehind ?? null, stale: age?.stale ?? false };
  });
}
