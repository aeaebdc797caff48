// Produces the daily report on demand (`/report`, `mltrainer report daily`) and sends it to the `daily` subscribers
// through the Notifier with event key `daily:<date>`, so a chat gets each day's report once.
import { AutopilotStore } from '../autopilot/autopilot-store.ts';
import type { Clock } from '../clock.ts';
import type { BarStore } from '../data/bar-store.ts';
import { newYorkDate } from '../data/sources/new-york-time.ts';
import type { Db } from '../db/database.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { TraderService } from '../trader/trader-service.ts';
import { buildDailyReport, type DailyReport } from './daily-report.ts';

export interface ReportServiceDeps {
  db: Db;
  trader: TraderService;
  bars: BarStore;
  notifier: Notifier;
  clock: Clock;
  chartsDir: string;
  /** The symbols the autopilot trades (the first is the buy-and-hold benchmark). */
  symbols: () => Promise<string[]>;
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
      { trader: this.d.trader, bars: this.d.bars, store: this.store, chartsDir: this.d.chartsDir },
      { date: date ?? newYorkDate(this.d.clock.now()), benchmark: symbols[0] ?? 'SPX', symbols },
    );
  }

  /** The agent's ReportMaker port. */
  async dailyReport(): Promise<{ text: string; code?: string; image?: string | null }> {
    const r = await this.build();
    return { text: r.text, code: r.code ?? undefined, image: r.image };
  }

  async sendDaily(date: string): Promise<DailyReport> {
    const r = await this.build(date);
    await this.d.notifier.notify('daily', { eventKey: `daily:${date}`, text: r.text, code: r.code ?? undefined, image: r.image });
    return r;
  }
}
