// Produces the daily report and the weekly summary on demand (`/report [weekly]`, `mltrainer report daily|weekly`) and
// sends them to the `daily` subscribers through the Notifier with event keys `daily:<date>` and `weekly:<date>`, so a
// chat gets each one once.
import { AutopilotStore } from '../autopilot/autopilot-store.ts';
import type { Clock } from '../clock.ts';
import type { BarStore } from '../data/bar-store.ts';
import type { EquityChartInput } from '../charts/equity-chart.ts';
import { DEFAULT_RANKING_COST_BPS } from '../../config.ts';
import { buildLeaderboard } from '../leaderboard/build-leaderboard.ts';
import { UserError } from '../user-error.ts';
import type { Db } from '../db/database.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { TraderService } from '../trader/trader-service.ts';
import { buildDailyReport, type DailyReport } from './daily-report.ts';
import { LeaderboardSnapshotStore } from './leaderboard-snapshot-store.ts';
import { buildWeeklySummary, type WeeklySummary } from './weekly-summary.ts';
import { newYorkDate } from '../../calendar/dates.ts';

export interface ReportServiceDeps {
  db: Db;
  trader: TraderService;
  bars: BarStore;
  notifier: Notifier;
  clock: Clock;
  chartsDir: string;
  /** Renders an equity chart's PNG (the composition root hands the heavy-work pool's, off the event loop); default in this thread. */
  renderChart?: (input: EquityChartInput) => Promise<Buffer>;
  /** The symbols the autopilot trades (the first is the buy-and-hold benchmark). */
  symbols: () => Promise<string[]>;
  /**
   * Re-evaluates models on the week's data before the weekly summary ranks them (the composition root runs the
   * autopilot's pool through the walk-forward evaluation); returns one line saying what it did.
   */
  refreshLeaderboard?: (symbols: string[]) => Promise<string>;
  /** The cost rankings assume, bps of traded notional (default 5). */
  rankingCostBps?: number;
}

export class ReportService {
  private readonly store: AutopilotStore;

  constructor(private readonly d: ReportServiceDeps) {
    this.store = new AutopilotStore(d.db);
  }

  /** The report of `date` (default: today in New York by the clock). */
  async build(date?: string): Promise<DailyReport> {
    const symbols = await this.d.symbols();
    return buildDailyReport(
      { trader: this.d.trader, bars: this.d.bars, store: this.store, chartsDir: this.d.chartsDir, renderChart: this.d.renderChart },
      { date: date ?? newYorkDate(this.d.clock.now()), benchmark: symbols[0] ?? 'SPX', symbols },
    );
  }

  /** The weekly summary of the week ending `date` (default: today in New York by the clock). */
  async buildWeekly(date?: string): Promise<WeeklySummary & { refreshed: string | null }> {
    const symbols = await this.d.symbols();
    const refreshed = this.d.refreshLeaderboard ? await this.d.refreshLeaderboard(symbols) : null;
    const r = await buildWeeklySummary(
      {
        trader: this.d.trader,
        bars: this.d.bars,
        store: this.store,
        rank: (symbol) => this.rank(symbol),
        snapshots: new LeaderboardSnapshotStore(this.d.db),
        chartsDir: this.d.chartsDir,
        renderChart: this.d.renderChart,
      },
      { date: date ?? newYorkDate(this.d.clock.now()), benchmark: symbols[0] ?? 'SPX', symbols, leaderboardNote: refreshed ?? undefined },
    );
    return { ...r, refreshed };
  }

  /** The leaderboard by Sharpe the weekly summary follows: the chat's, on one window and net of costs. */
  private async rank(symbol: string): Promise<{ rows: { modelId: string; rank: number; value: number }[]; measured: number }> {
    try {
      const doc = await buildLeaderboard(this.d.db, this.d.bars, { symbol, costBps: this.d.rankingCostBps ?? DEFAULT_RANKING_COST_BPS, resamples: 1 });
      const rows = doc.rows.filter((r) => r.sharpe !== null).map((r) => ({ modelId: r.model, rank: r.rank, value: r.sharpe! }));
      return { rows, measured: doc.trials };
    } catch (err) {
      if (err instanceof UserError) return { rows: [], measured: 0 }; // nothing traded is evaluated on this symbol yet
      throw err;
    }
  }

  /** The agent's ReportMaker port. */
  async dailyReport(): Promise<{ text: string; code?: string; image?: string | null }> {
    const r = await this.build();
    return { text: r.text, code: r.code ?? undefined, image: r.image };
  }

  async weeklyReport(): Promise<{ text: string; code?: string; image?: string | null }> {
    const r = await this.buildWeekly();
    return { text: r.text, code: r.code ?? undefined, image: r.image };
  }

  async sendWeekly(date: string): Promise<WeeklySummary> {
    const r = await this.buildWeekly(date);
    await this.d.notifier.notify('daily', { eventKey: `weekly:${date}`, text: r.text, code: r.code ?? undefined, image: r.image });
    return r;
  }

  async sendDaily(date: string): Promise<DailyReport> {
    const r = await this.build(date);
    await this.d.notifier.notify('daily', { eventKey: `daily:${date}`, text: r.text, code: r.code ?? undefined, image: r.image });
    return r;
  }
}
