// The daily report: equity and P&L (day, month, since start) against buy-and-hold, positions, the day's trades, the
// models in charge per symbol and why, and the best and worst models of the week, as text, a table and an equity
// chart. Every figure comes from the trader's book, the bar store and the autopilot's records; what is missing is
// said, never filled in.
import { fillsBetween, tradesSentence } from './period-fills.ts';
import type { AutopilotStore } from '../autopilot/autopilot-store.ts';
import { renderEquityChartPng, type EquityChartInput } from '../charts/equity-chart.ts';
import { saveChart } from '../charts/save-chart.ts';
import type { BarStore } from '../data/bar-store.ts';
import type { EquityPoint, Fill, PnlReport, Position, TraderService } from '../trader/trader-service.ts';
import { formatTable, money, price, qty, signedPct } from '../../format.ts';
import { isoDate } from '../../calendar/dates.ts';

export interface ReportDeps {
  trader: TraderService;
  bars: BarStore;
  store: AutopilotStore;
  chartsDir: string;
  /** Renders an equity chart's PNG (the composition root hands the heavy-work pool's, off the event loop); default in this thread. */
  renderChart?: (input: EquityChartInput) => Promise<Buffer>;
}

export interface PeriodChange {
  period: 'day' | 'month' | 'all';
  /** The book's change over the period, as a fraction of its start equity. */
  change: number;
  changePct: number;
  /** Buy-and-hold of the benchmark over the same dates (null when the bar store cannot say). */
  benchmarkPct: number | null;
}

export interface ModelResult {
  model: string;
  symbol: string;
  /** Sum over the week of the model's position times the next bar's return. */
  weekReturn: number;
  calls: number;
}

export interface DailyReport {
  date: string;
  benchmark: string;
  equity: number | null;
  cash: number | null;
  changes: PeriodChange[];
  positions: Position[];
  trades: Fill[];
  models: { symbol: string; date: string; models: string[]; target: number; reason: string }[];
  best: ModelResult[];
  worst: ModelResult[];
  text: string;
  /** Positions and the day's trades as a monospace table (null when there are none). */
  code: string | null;
  /** Path of the equity chart PNG (null without at least two equity points). */
  image: string | null;
}

const DAY = 86_400_000;

/** Close of the benchmark on or before each date (NaN when the store has none). */
export async function benchmarkCloses(bars: BarStore, symbol: string, dates: string[]): Promise<number[]> {
  if (dates.length === 0) return [];
  const to = Date.parse(`${dates[dates.length - 1]}T00:00:00Z`) + DAY - 1;
  const s = await bars.readBars(symbol, '1d', { from: Date.parse(`${dates[0]}T00:00:00Z`) - 10 * DAY, to });
  const out: number[] = [];
  let j = -1;
  for (const d of dates) {
    const end = Date.parse(`${d}T00:00:00Z`);
    while (j + 1 < s.length && s.time[j + 1]! <= end) j++;
    out.push(j >= 0 ? s.close[j]! : NaN);
  }
  return out;
}

/** Buy-and-hold's change from the close on or before `from` to the one on or before `to`; null without both. */
export async function benchmarkChange(bars: BarStore, symbol: string, from: string, to: string): Promise<number | null> {
  const [a = NaN, b = NaN] = await benchmarkCloses(bars, symbol, [from, to]);
  return a > 0 && b > 0 ? b / a - 1 : null;
}

export async function buildDailyReport(deps: ReportDeps, opts: { date: string; benchmark: string; symbols: string[] }): Promise<DailyReport> {
  const { trader, store } = deps;
  const { date, benchmark } = opts;
  const history = (await trader.equityHistory()).filter((p) => p.date <= date);
  const balance = await trader.balance();
  const pnls: Record<'day' | 'month' | 'all', PnlReport> = {
    day: await trader.pnl('day'),
    month: await trader.pnl('month'),
    all: await trader.pnl('all'),
  };
  const positions = await trader.positions();
  const period = await fillsBetween(trader, date, date, 500);
  const trades = period.fills;

  // Buy-and-hold over the same dates as each P&L period: from the close before the period to the report's date.
  const changes: PeriodChange[] = [];
  for (const period of ['day', 'month', 'all'] as const) {
    const p = pnls[period];
    const startDate = period === 'all' ? (history[0]?.date ?? null) : isoDate(Date.parse(`${p.from}T00:00:00Z`) - DAY);
    const benchmarkPct = startDate ? await benchmarkChange(deps.bars, benchmark, startDate, date) : null;
    changes.push({ period, change: p.change, changePct: p.changePct, benchmarkPct });
  }

  const models: DailyReport['models'] = [];
  for (const s of opts.symbols) {
    const d = await store.decision(s, date);
    if (d) models.push({ symbol: s, date: d.date, models: d.record.chosen.map((c) => c.id), target: d.target, reason: d.record.reason });
  }

  // The week's realized results of the models the loop relied on (their calls joined to outcomes).
  const weekAgo = isoDate(Date.parse(`${date}T00:00:00Z`) - 7 * DAY);
  const resolved = (await store.resolvedPredictions({ since: weekAgo })).filter((r) => r.kind === 'position' && r.outcomeDate <= date);
  const byModel = new Map<string, ModelResult>();
  for (const r of resolved) {
    const key = `${r.modelId}|${r.symbol}`;
    const m = byModel.get(key) ?? { model: r.modelId, symbol: r.symbol, weekReturn: 0, calls: 0 };
    m.weekReturn += r.value * r.outcome;
    m.calls++;
    byModel.set(key, m);
  }
  const ranked = [...byModel.values()].sort((a, b) => b.weekReturn - a.weekReturn || a.model.localeCompare(b.model));
  const best = ranked.slice(0, 3);
  const worst = ranked.length > 3 ? ranked.slice(-3).reverse() : [];

  const lines: string[] = [`Daily report for ${date}`];
  if (history.length === 0) lines.push('No equity history yet: the book has not been marked at a close.');
  lines.push(`Equity ${money(balance.equity)} (cash ${money(balance.cash)}, ${balance.broker} broker).`);
  const label = { day: 'Day', month: 'Month', all: 'Since start' } as const;
  for (const c of changes) {
    const bh = c.benchmarkPct === null ? `buy-and-hold ${benchmark}: no bars to compare` : `buy-and-hold ${benchmark} ${signedPct(c.benchmarkPct)}`;
    lines.push(`${label[c.period]}: ${signedPct(c.changePct)} (${c.change >= 0 ? '+' : ''}${money(c.change)}); ${bh}.`);
  }
  lines.push(positions.length ? `${positions.length} open position(s).` : 'No open positions.');
  lines.push(tradesSentence(period, 'today'));
  if (models.length === 0) lines.push('The autopilot has made no decision yet.');
  for (const m of models) {
    lines.push(`${m.symbol} (decided ${m.date}): ${m.models.length ? m.models.join(', ') : 'no model'} in charge, target ${(m.target * 100).toFixed(1)}%. ${m.reason}`);
  }
  if (ranked.length === 0) lines.push('No model call of the past week has a known outcome yet.');
  else {
    lines.push(`Best of the week: ${best.map((m) => `${m.model} on ${m.symbol} ${signedPct(m.weekReturn)}`).join(', ')}.`);
    if (worst.length) lines.push(`Worst of the week: ${worst.map((m) => `${m.model} on ${m.symbol} ${signedPct(m.weekReturn)}`).join(', ')}.`);
  }

  const tables: string[] = [];
  if (positions.length) {
    tables.push(
      formatTable(
        [
          ['symbol', 'qty', 'price', 'value', 'weight', 'unrealized'],
          ...positions.map((p) => [
            p.symbol,
            p.qty.toFixed(4),
            p.lastPrice === null ? '-' : p.lastPrice.toFixed(2),
            p.marketValue === null ? '-' : money(p.marketValue),
            p.weight === null ? '-' : `${(p.weight * 100).toFixed(1)}%`,
            p.unrealizedPnl === null ? '-' : money(p.unrealizedPnl),
          ]),
        ],
        ['l', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
  }
  if (trades.length) {
    tables.push(
      formatTable(
        [['trade', 'symbol', 'qty', 'price', 'bar', 'by'], ...trades.map((f) => [f.side, f.symbol, qty(f.qty), price(f.price), f.barDate ?? '-', f.by])],
        ['l', 'l', 'r', 'r', 'l'],
      ),
    );
  }

  const image = await equityChart(deps, history, benchmark, { title: `Paper equity to ${date}`, name: `daily-report-${date}` });
  if (!image && history.length > 0) lines.push('No chart yet: the equity history has a single close.');
  return {
    date,
    benchmark,
    equity: balance.equity,
    cash: balance.cash,
    changes,
    positions,
    trades,
    models,
    best,
    worst,
    text: lines.join('\n'),
    code: tables.length ? tables.join('\n\n') : null,
    image,
  };
}

/** The book's equity beside buy-and-hold of the benchmark scaled to the same start, when there are two closes or more. */
export async function equityChart(
  deps: Pick<ReportDeps, 'bars' | 'chartsDir' | 'renderChart'>,
  history: EquityPoint[],
  benchmark: string,
  chart: { title: string; name: string },
): Promise<string | null> {
  if (history.length < 2) return null;
  const dates = history.map((p) => p.date);
  const closes = await benchmarkCloses(deps.bars, benchmark, dates);
  const series = [{ name: 'paper book', values: history.map((p) => p.equity) }];
  const base = closes[0]!;
  if (base > 0 && closes.every((c) => c > 0)) series.push({ name: `buy-and-hold ${benchmark}`, values: closes.map((c) => (history[0]!.equity * c) / base) });
  const png = await (deps.renderChart ?? renderEquityChartPng)({ title: chart.title, dates, series });
  return saveChart(deps.chartsDir, chart.name, png);
}
