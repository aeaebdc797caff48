// The live autopilot: after each NYSE session's close (plus a margin) it refreshes data from the configured sources,
// runs the decision step (the same code as the replay) on the bars up to that session, trades the new targets on
// paper through the TraderService, records every decision, weight, demotion and prediction, pushes alerts, and at
// the report time sends the daily report (and, after the week's last session, the weekly summary). It is off on a
// fresh install until switched on.
//
// The facade the chat intents call (`/autopilot on|off|status`, `/why`, `/accuracy`, `/report` via ReportService):
//   setEnabled(on: boolean): Promise<void>            persisted; on a fresh install the loop is off
//   status(): Promise<AutopilotStatus>                on/off, leader or follower, symbols, last run, next run and
//                                                     report with their instants, and `summary`: one sentence of what
//                                                     it will do next and when
//   why(symbol, date?): Promise<WhyAnswer | null>     the stored decision at or before `date` (default the latest),
//                                                     with its record, orders and a readable `text`
//   explain(symbol, date?): Promise<string>           `why` as a sentence (says so when there is no decision)
//   accuracy(model?, symbol?): Promise<AccuracyReport> hit rate and error of the predictions the loop used, by month
//   runOnce(date?): Promise<RunSummary>               decide and trade one session now (default: the latest closed
//                                                     session); idempotent per date
//   tick(): Promise<void>                             does whatever is due by the clock (the timers call it; tests
//                                                     call it after moving their clock)
//   start() / stop()                                  timers (node-schedule) and leadership
// Its parts: `SessionRunner` (one session's decisions and orders), `AutopilotExplanations` (why, accuracy) and
// `AutopilotTimers` (node-schedule). Only one instance trades: `LeaderLock` (a PostgreSQL advisory lock); decision keys `autopilot:<date>:<symbol>`
// make a retried order a duplicate the trader recognises, never a second order.
import type { AuditLog } from '../audit/audit-log.ts';
import type { AppMetrics } from '../metrics/app-metrics.ts';
import type { Anomaly } from '../anomaly/anomaly.ts';
import { logger } from '../../log.ts';
import type { Clock } from '../clock.ts';
import type { BarStore } from '../data/bar-store.ts';
import type { DbHandle } from '../db/database.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { SettingsStore } from '../settings-store.ts';
import type { TraderService } from '../trader/trader-service.ts';
import { autopilotSettings, type AutopilotSettings } from './autopilot-config.ts';
import { AutopilotStore } from './autopilot-store.ts';
import { LeaderLock } from './leader-lock.ts';
import { isLastSessionOfWeek, lastCompletedSession, nextSessionAfter, sessionClose } from '../../calendar/nyse-sessions.ts';
import { AutopilotExplanations, type AccuracyReport, type WhyAnswer } from './autopilot-explanations.ts';
import { AutopilotTimers } from './autopilot-timers.ts';
import { SessionRunner, type RunSummary } from './session-runner.ts';

export type { AccuracyReport, AccuracyRow, WhyAnswer } from './autopilot-explanations.ts';
export type { RunSummary } from './session-runner.ts';
import { zonedDate, zonedTime } from '../../calendar/zoned-time.ts';
import { newYorkDate } from '../../calendar/dates.ts';

const log = logger('autopilot');
const DAY = 86_400_000;
const ENABLED_KEY = 'autopilot.enabled';
/** The setting that holds the symbols the autopilot trades (the reports cover the same). */
export const AUTOPILOT_SYMBOLS_KEY = 'autopilot.symbols';
const ENABLED_AT_KEY = 'autopilot.enabledAt';

export interface AutopilotDeps {
  db: DbHandle;
  bars: BarStore;
  settings: SettingsStore;
  trader: TraderService;
  notifier: Notifier;
  clock: Clock;
  /** TZ_REPORTS and MLTRAINER_REPORT_TIME. */
  reportTime: { timeZone: string; time: string };
  /** Sends the daily report of a session (ReportService.sendDaily); without it no report is scheduled. */
  sendDailyReport?: (date: string) => Promise<void>;
  /** Sends the weekly summary after the week's last session, at the report time (ReportService.sendWeekly). */
  sendWeeklyReport?: (date: string) => Promise<void>;
  /**
   * Whether any chat subscribed to the reports. While the autopilot is off the reports go out only to chats that
   * asked for them; while it is on they also go wherever its alerts go (the console prints them).
   */
  hasReportSubscribers?: () => Promise<boolean>;
  /** Pulls new bars for the symbols from the configured sources; absent when none is configured. Returns one line each. */
  refresh?: (symbols: string[], date: string) => Promise<string[]>;
  /** Symbols traded until the user picks others (default SPX). */
  defaultSymbols?: string[];
  config?: Partial<AutopilotSettings>;
  /** Where each of its orders is written (who = autopilot); absent in replays and some tests. */
  audit?: AuditLog;
  /** Its runs, decisions and model changes are counted here. */
  metrics?: AppMetrics;
  /** Raises the live-drift anomaly of the models in charge. */
  anomalies?: { report(found: readonly Anomaly[]): Promise<unknown> };
  /** The scheduler's heartbeat: written at each tick, read at start to tell that a scheduled run was missed. */
  heartbeat?: { beat(now: number): Promise<void>; checkMissed(now: number): Promise<void> };
}

export interface AutopilotStatus {
  enabled: boolean;
  /** This instance holds the trading lock (always true with PGlite). */
  leader: boolean;
  symbols: string[];
  /** Date of the last session decided, and when. */
  lastRun: string | null;
  lastRunAt: string | null;
  next: { action: 'decide' | 'report'; date: string; at: string } | null;
  summary: string;
}


export class AutopilotService {
  readonly store: AutopilotStore;
  private readonly lock: LeaderLock;
  private readonly cfg: AutopilotSettings;
  private readonly runner: SessionRunner;
  private readonly explanations: AutopilotExplanations;
  private readonly timers: AutopilotTimers;
  private busy: Promise<void> | null = null;
  private startCheck: Promise<void> | undefined;

  constructor(private readonly d: AutopilotDeps) {
    this.store = new AutopilotStore(d.db.db);
    this.lock = new LeaderLock(d.db);
    this.cfg = autopilotSettings(d.config);
    this.runner = new SessionRunner(d, this.store, this.cfg);
    this.explanations = new AutopilotExplanations(this.store);
    this.timers = new AutopilotTimers(d.clock, () => this.tick(), async () => (await this.nextDue(d.clock.now())).at);
  }

  /** The models the autopilot chooses from (its pool), in pool order. */
  get pool(): readonly string[] {
    return this.cfg.pool;
  }

  // --- switch and status ---

  async setEnabled(on: boolean): Promise<void> {
    await this.d.settings.set(ENABLED_KEY, on);
    // A session that was already due before the switch is not traded late: the loop starts with the next one.
    if (on) await this.d.settings.set(ENABLED_AT_KEY, this.d.clock.now());
    log.info({ on }, 'autopilot switched');
    if (on) this.timers.reschedule();
  }

  async isEnabled(): Promise<boolean> {
    return (await this.d.settings.get<boolean>(ENABLED_KEY)) === true;
  }

  async symbols(): Promise<string[]> {
    return (await this.d.settings.get<string[]>(AUTOPILOT_SYMBOLS_KEY)) ?? this.d.defaultSymbols ?? ['SPX'];
  }

  async setSymbols(symbols: string[]): Promise<void> {
    await this.d.settings.set(AUTOPILOT_SYMBOLS_KEY, symbols.map((s) => s.toUpperCase()));
  }

  private marginMs(): number {
    return this.cfg.closeMarginMinutes * 60_000;
  }

  /** What is due next by the clock: the next session's decision, or a report still to send. */
  private async nextDue(now: number): Promise<{ action: 'decide' | 'report'; date: string; at: number }> {
    const last = lastCompletedSession(now, this.marginMs());
    const lastDue = sessionClose(last) + this.marginMs();
    const done = await this.store.isDone('session', last);
    if (!done && (await this.dueSinceEnabled(lastDue))) return { action: 'decide', date: last, at: lastDue };
    if (done && this.d.sendDailyReport && !(await this.store.isDone('report', last))) {
      return { action: 'report', date: last, at: this.reportInstant(last) };
    }
    const next = nextSessionAfter(now, this.marginMs());
    return { action: 'decide', date: next, at: sessionClose(next) + this.marginMs() };
  }

  private async dueSinceEnabled(dueAt: number): Promise<boolean> {
    const since = (await this.d.settings.get<number>(ENABLED_AT_KEY)) ?? 0;
    return dueAt >= since;
  }

  /** The report time on (or after) the session's date, in the report time zone. */
  private reportInstant(session: string): number {
    const { timeZone, time } = this.d.reportTime;
    const at = zonedTime(session, time, timeZone);
    // A report time before the close (a zone far east) means the next day's report time.
    return at >= sessionClose(session) ? at : zonedTime(zonedDate(at + DAY, timeZone), time, timeZone);
  }

  async status(): Promise<AutopilotStatus> {
    const enabled = await this.isEnabled();
    const leader = enabled ? await this.lock.ensure() : this.lock.isLeader();
    const symbols = await this.symbols();
    const last = await this.store.lastRun('session');
    const now = this.d.clock.now();
    const due = await this.nextDue(now);
    const at = new Date(Math.max(due.at, now)).toISOString();
    const when = `${at.slice(0, 16).replace('T', ' ')} UTC`;
    let summary: string;
    if (!enabled) summary = 'It is switched off and will not trade until it is switched on (/autopilot on); the paper book is still marked at each close, and chats subscribed to the daily report still get it.';
    else if (!leader) summary = 'Another mlTrainer instance holds the trading lock; this one waits and takes over if that one stops.';
    else if (due.action === 'decide') {
      summary = `Next: decide and trade ${symbols.join(', ')} for the session of ${due.date}, ${due.at <= now ? 'now (it is due)' : `at ${when}`} (the close plus ${this.cfg.closeMarginMinutes} minutes).`;
    } else summary = `Next: send the daily report of ${due.date} ${due.at <= now ? 'now (it is due)' : `at ${when}`} (${this.d.reportTime.time} ${this.d.reportTime.timeZone}).`;
    return {
      enabled,
      leader,
      symbols,
      lastRun: last?.date ?? null,
      lastRunAt: last ? last.at.toISOString() : null,
      next: enabled ? { action: due.action, date: due.date, at } : null,
      summary,
    };
  }

  // --- the loop ---

  /** Runs whatever is due by the clock, once at a time. */
  async tick(): Promise<void> {
    if (this.busy) return this.busy;
    this.busy = this.doTick().finally(() => {
      this.busy = null;
    });
    return this.busy;
  }

  private async doTick(): Promise<void> {
    // The leader does the close's work whether or not the autopilot trades: the book is marked at every close (one
    // equity row per session, the daily loss rule checked) and the reports go to the chats that subscribed.
    if (!(await this.lock.ensure())) return;
    const enabled = await this.isEnabled();
    const now = this.d.clock.now();
    // The missed-run check at start reads the last beat before this tick writes a new one.
    await this.startCheck;
    await this.d.heartbeat?.beat(now);
    const session = lastCompletedSession(now, this.marginMs());
    const due = sessionClose(session) + this.marginMs();
    if (enabled && !(await this.store.isDone('session', session)) && (await this.dueSinceEnabled(due))) await this.runOnce(session);
    // The mark is dated by the clock, so it is taken only on the session's own evening (a process started the next
    // morning skips it rather than file the close under the wrong date).
    const markable = newYorkDate(now) === session && now >= due;
    if (markable && !(await this.closed(session)) && (await this.store.claimRun('mark', session, now))) {
      await this.d.trader.recordEquity();
      await this.store.finishRun('mark', session, 'book marked', this.d.clock.now());
    }
    if (!(await this.closed(session)) || now < this.reportInstant(session)) return;
    if (!enabled && !(await this.d.hasReportSubscribers?.())) return;
    if (this.d.sendDailyReport && (await this.store.claimRun('report', session, now))) {
      await this.d.sendDailyReport(session);
      await this.store.finishRun('report', session, 'sent', this.d.clock.now());
    }
    if (this.d.sendWeeklyReport && isLastSessionOfWeek(session) && (await this.store.claimRun('weekly', session, now))) {
      await this.d.sendWeeklyReport(session);
      await this.store.finishRun('weekly', session, 'sent', this.d.clock.now());
    }
  }

  /** The session's close is done: decided and traded by the autopilot, or the book marked without it. */
  private async closed(session: string): Promise<boolean> {
    return (await this.store.isDone('session', session)) || (await this.store.isDone('mark', session));
  }

  /** Decides and trades one session (default: the latest closed one). A session already done is not repeated. */
  async runOnce(date?: string): Promise<RunSummary> {
    const now = this.d.clock.now();
    const session = date ?? lastCompletedSession(now, this.marginMs());
    const summary: RunSummary = { date: session, ran: false, decisions: [], skipped: [], refreshed: [] };
    if (!(await this.lock.ensure())) {
      summary.skipped.push({ symbol: '*', reason: 'another instance holds the trading lock' });
      return summary;
    }
    if (!(await this.store.claimRun('session', session, now))) {
      summary.decisions = await this.store.decisionsOn(session);
      return summary;
    }
    await this.runner.run(session, await this.symbols(), summary);
    const detail = `${summary.decisions.length} decided, ${summary.skipped.length} skipped`;
    await this.store.finishRun('session', session, detail, this.d.clock.now());
    summary.ran = true;
    this.d.metrics?.autopilotRun({ decisions: summary.decisions.length, modelChanges: summary.decisions.filter((x) => x.record.modelsChanged).length });
    log.info({ session, decided: summary.decisions.length, skipped: summary.skipped }, 'autopilot session done');
    return summary;
  }

  // --- explanations ---

  why(symbol: string, date?: string): Promise<WhyAnswer | null> {
    return this.explanations.why(symbol, date);
  }

  explain(symbol: string, date?: string): Promise<string> {
    return this.explanations.explain(symbol, date);
  }

  accuracy(model?: string, symbol?: string): Promise<AccuracyReport> {
    return this.explanations.accuracy(model, symbol);
  }

  // --- timers ---

  /** Starts the timers: the next due moment on the NYSE calendar, and a heartbeat that retries leadership. */
  start(): void {
    this.startCheck = this.d.heartbeat?.checkMissed(this.d.clock.now()).catch((err: unknown) => log.error({ err }, 'missed-run check failed'));
    this.timers.start();
  }

  /** Whether the timers run (after start, before stop). */
  get started(): boolean {
    return this.timers.started;
  }

  async stop(): Promise<void> {
    this.timers.stop();
    await this.busy?.catch(() => undefined);
    await this.lock.release();
  }
}
