// The weekly summary, sent after the week's last session: the paper book's change over the week against
// buy-and-hold, the week's trades, what the autopilot changed (models in charge, demotions, parameter moves) and how
// the leaderboard moved since the previous summary. Figures come from the book, the bar store, the autopilot's
// records and the stored evaluations; what is missing is said, never filled in.
import { fillsBetween, tradesSentence } from './period-fills.ts';
import type { AutopilotStore, ModelChange } from '../autopilot/autopilot-store.ts';
import type { BarStore } from '../data/bar-store.ts';
import type { EquityChartInput } from '../charts/equity-chart.ts';
import type { TraderService } from '../trader/trader-service.ts';
import { benchmarkChange, equityChart } from './daily-report.ts';
import { leaderboardMovement, moveLabel, type LeaderboardMovement } from './leaderboard-movement.ts';
import type { LeaderboardSnapshotStore } from './leaderboard-snapshot-store.ts';
import { formatTable, money, signedPct } from '../../format.ts';
import { addDays } from '../../calendar/dates.ts';

export interface WeeklyDeps {
  trader: TraderService;
  bars: BarStore;
  store: AutopilotStore;
  /**
   * The symbol's leaderboard by Sharpe as the chat's /leaderboard ranks it (one window, net of costs): its rows best
   * first, and how many models it measured.
   */
  rank(symbol: string): Promise<{ rows: { modelId: string; rank: number; value: number }[]; measured: number }>;
  snapshots: LeaderboardSnapshotStore;
  chartsDir: string;
  /** Renders an equity chart's PNG (the composition root hands the heavy-work pool's, off the event loop); default in this thread. */
  renderChart?: (input: EquityChartInput) => Promise<Buffer>;
}

export interface SymbolBoard extends LeaderboardMovement {
  symbol: string;
  /** Date of the snapshot compared with (null: this is the first). */
  since: string | null;
  measured: number;
}

export interface WeeklySummary {
  /** The week's last session and the first day of the week it covers (seven calendar days). */
  date: string;
  from: string;
  benchmark: string;
  /** The book's equity at the close before the week and at the last close in it (null without equity history). */
  startEquity: number | null;
  endEquity: number | null;
  changePct: number | null;
  benchmarkPct: number | null;
  trades: number;
  modelChanges: { date: string; symbol: string; models: string[] }[];
  demotions: ModelChange[];
  moves: ModelChange[];
  boards: SymbolBoard[];
  text: string;
  code: string | null;
  image: string | null;
}

const BOARD_TOP = 10;
const METRIC = 'sharpe';

export async function buildWeeklySummary(
  deps: WeeklyDeps,
  opts: { date: string; benchmark: string; symbols: string[]; /** How the leaderboard was refreshed, said before it. */ leaderboardNote?: string },
): Promise<WeeklySummary> {
  const { date, benchmark } = opts;
  const from = addDays(date, -6);
  const history = (await deps.trader.equityHistory()).filter((p) => p.date <= date);
  const before = history.filter((p) => p.date < from).at(-1) ?? null;
  const inWeek = history.filter((p) => p.date >= from);
  // Measured from the close before the week, or from the first close in it when the book is younger than the week.
  const start = before ?? inWeek[0] ?? null;
  const end = inWeek.at(-1) ?? null;
  const changePct = start && end && start.equity > 0 ? end.equity / start.equity - 1 : null;
  const benchmarkPct = start && end ? await benchmarkChange(deps.bars, benchmark, start.date, end.date) : null;
  const period = await fillsBetween(deps.trader, from, date);
  const trades = period.fills.length;

  const decisions = await deps.store.decisionsBetween(from, date);
  const modelChanges = decisions.filter((d) => d.record.modelsChanged).map((d) => ({ date: d.date, symbol: d.symbol, models: d.record.chosen.map((c) => c.id) }));
  const { demotions, moves } = await deps.store.changesBetween(from, date);

  const boards: SymbolBoard[] = [];
  for (const symbol of opts.symbols) {
    const board = await deps.rank(symbol);
    const current = board.rows.map((r) => ({ modelId: r.modelId, rank: r.rank, value: r.value }));
    const key = { symbol, timeframe: '1d', metric: METRIC };
    const previous = await deps.snapshots.before(key, date);
    await deps.snapshots.save(key, date, current);
    boards.push({ symbol, since: previous?.date ?? null, measured: board.measured, ...leaderboardMovement(current, previous?.rows ?? null, BOARD_TOP) });
  }

  const lines = [`Weekly summary, ${from} to ${date}`];
  if (changePct === null || !start || !end) lines.push('No equity history in this week: the book has not been marked at a close.');
  else {
    const bh = benchmarkPct === null ? `buy-and-hold ${benchmark}: no bars to compare` : `buy-and-hold ${benchmark} ${signedPct(benchmarkPct)}`;
    const basis = before ? '' : ` (from the first close, ${start.date})`;
    lines.push(`Week: ${signedPct(changePct)}${basis}, equity ${money(start.equity)} to ${money(end.equity)}; ${bh}.`);
  }
  lines.push(tradesSentence(period, 'this week'));
  if (decisions.length === 0) lines.push('The autopilot made no decision this week.');
  else if (modelChanges.length === 0) lines.push('The models in charge did not change this week.');
  for (const c of modelChanges) lines.push(`${c.date} ${c.symbol}: ${c.models.length ? c.models.join(', ') : 'no model'} in charge.`);
  for (const d of demotions) lines.push(`Demoted ${d.model} on ${d.symbol} (${d.date}): ${d.reason}.`);
  for (const m of moves) lines.push(`Parameters moved on ${m.symbol} (${m.date}): ${m.model} to ${m.to}, ${m.reason}.`);

  const tables: string[] = [];
  if (opts.leaderboardNote) lines.push(opts.leaderboardNote);
  for (const b of boards) {
    if (b.rows.length === 0) {
      lines.push(`No model is evaluated on ${b.symbol} yet: the leaderboard is empty (run /evaluate).`);
      continue;
    }
    const since = b.since ? `since ${b.since}` : 'first snapshot: no earlier week to compare';
    lines.push(`Leaderboard by Sharpe on ${b.symbol} (${b.measured} measured on one window, net of costs, ${since}): #1 ${b.rows[0]!.modelId} ${b.rows[0]!.value.toFixed(2)}.`);
    if (b.since) {
      if (b.riser) lines.push(`Biggest riser: ${b.riser.modelId}, #${b.riser.previousRank} to #${b.riser.rank}.`);
      if (b.faller) lines.push(`Biggest faller: ${b.faller.modelId}, #${b.faller.previousRank} to #${b.faller.rank}.`);
      if (!b.riser && !b.faller) lines.push('No model changed rank.');
      for (const l of b.left) lines.push(`Left the top ${BOARD_TOP}: ${l.modelId} (was #${l.previousRank}, now ${l.rank === null ? 'unranked' : `#${l.rank}`}).`);
    }
    tables.push(
      formatTable(
        [[`${b.symbol} #`, 'model', 'sharpe', 'move'], ...b.rows.map((r) => [String(r.rank), r.modelId, r.value.toFixed(2), b.since ? moveLabel(r) : '-'])],
        ['r', 'l', 'r', 'l'],
      ),
    );
  }

  // The quarter's equity behind the week, so the week is seen in context.
  const chartFrom = addDays(date, -91);
  const image = await equityChart(deps, history.filter((p) => p.date >= chartFrom), benchmark, { title: `Paper equity, 13 weeks to ${date}`, name: `weekly-summary-${date}` });
  return {
    date,
    from,
    benchmark,
    startEquity: start?.equity ?? null,
    endEquity: end?.equity ?? null,
    changePct,
    benchmarkPct,
    trades,
    modelChanges,
    demotions,
    moves,
    boards,
    text: lines.join('\n'),
    code: tables.length ? tables.join('\n\n') : null,
    image,
  };
}
