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
//                                                     call it after moving a ManualClock)
//   start() / stop()                                  timers (node-schedule) and leadership
// Only one instance trades: `LeaderLock` (a PostgreSQL advisory lock); decision keys `autopilot:<date>:<symbol>`
// make a retried order a duplicate the trader recognises, never a second order.
import schedule from 'node-schedule';
import { logger } from '../../log.ts';
import type { BarSeries } from '../../registry/model.ts';
import type { Clock } from '../clock.ts';
import type { BarStore } from '../data/bar-store.ts';
import type { DbHandle } from '../db/database.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { SettingsStore } from '../settings-store.ts';
import type { TraderService } from '../trader/trader-service.ts';
import { autopilotSettings, type AutopilotSettings } from './autopilot-config.ts';
import { AutopilotStore, type OrderNote, type PredictionRow, type StoredDecision } from './autopilot-store.ts';
import { decideDay, type DecisionRecord, type SymbolDay } from './decision-step.ts';
import { indexAtOrBefore } from './learn-outcomes.ts';
import { LeaderLock } from './leader-lock.ts';
import { alignLearnerState, newLearnerState } from './learner-state.ts';
import { isLastSessionOfWeek, lastCompletedSession, nextSessionAfter, sessionClose } from './nyse-calendar.ts';
import { buildSymbolInputs } from './symbol-inputs.ts';
import { zonedDate, zonedTime } from './zoned-time.ts';
import { newYorkDate } from '../data/sources/new-york-time.ts';

const log = logger('autopilot');
const DAY = 86_400_000;
const ENABLED_KEY = 'autopilot.enabled';
const SYMBOLS_KEY = 'autopilot.symbols';
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

export interface RunSummary {
  date: string;
  /** False when this session was already done (nothing repeated) or this instance does not lead. */
  ran: boolean;
  decisions: StoredDecision[];
  skipped: { symbol: string; reason: string }[];
  refreshed: string[];
}

export interface WhyAnswer extends StoredDecision {
  text: string;
}

export interface AccuracyRow {
  model: string;
  symbol: string;
  kind: 'position' | 'volatility';
  predictions: number;
  /** Share of directional calls (nonzero positions) that matched the sign of the next bar's return. */
  hitRate: number | null;
  /** Position: mean of signal x next return. Volatility: mean |forecast std - |return||. */
  meanReturn: number | null;
  meanAbsError: number | null;
  byMonth: { month: string; predictions: number; hitRate: number | null; meanAbsError: number | null }[];
}

export interface AccuracyReport {
  rows: AccuracyRow[];
  text: string;
}

const pct = (x: number, d = 1) => `${(x * 100).toFixed(d)}%`;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class AutopilotService {
  readonly store: AutopilotStore;
  private readonly lock: LeaderLock;
  private readonly cfg: AutopilotSettings;
  private busy: Promise<void> | null = null;
  private heartbeat: schedule.Job | null = null;
  private nextJob: schedule.Job | null = null;

  constructor(private readonly d: AutopilotDeps) {
    this.store = new AutopilotStore(d.db.db);
    this.lock = new LeaderLock(d.db);
    this.cfg = autopilotSettings(d.config);
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
    if (on) this.reschedule();
  }

  async isEnabled(): Promise<boolean> {
    return (await this.d.settings.get<boolean>(ENABLED_KEY)) === true;
  }

  async symbols(): Promise<string[]> {
    return (await this.d.settings.get<string[]>(SYMBOLS_KEY)) ?? this.d.defaultSymbols ?? ['SPX'];
  }

  async setSymbols(symbols: string[]): Promise<void> {
    await this.d.settings.set(SYMBOLS_KEY, symbols.map((s) => s.toUpperCase()));
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
    const symbols = await this.symbols();
    if (this.d.refresh) {
      try {
        summary.refreshed = await this.d.refresh(symbols, session);
      } catch (err) {
        log.warn({ err }, 'data refresh failed');
        await this.alert(`refresh:${session}`, `Autopilot: refreshing data for ${session} failed (${(err as Error).message}); deciding on the stored bars.`);
      }
    }

    const days: SymbolDay[] = [];
    const sessionEnd = Date.parse(`${session}T00:00:00Z`) + DAY - 1;
    for (const symbol of symbols) {
      const bars = await this.d.bars.readBars(symbol, '1d', { to: sessionEnd });
      const t = bars.length - 1;
      if (t < 0 || isoDate(bars.time[t]!) !== session) {
        const latest = t >= 0 ? isoDate(bars.time[t]!) : null;
        summary.skipped.push({ symbol, reason: latest ? `no ${session} bar (the data ends ${latest})` : 'no daily bars' });
        continue;
      }
      await this.resolvePredictions(symbol, bars);
      const inputs = buildSymbolInputs(symbol, bars, this.cfg);
      const stored = await this.store.loadState(symbol);
      const state = stored ? alignLearnerState(stored, this.cfg.pool) : newLearnerState(symbol, this.cfg.pool);
      days.push({ inputs, t, state, warmupFrom: Math.max(0, t - this.cfg.warmupBars) });
    }

    const pnlDay = days.length ? await this.d.trader.pnl('day') : null;
    const dayLoss = pnlDay && pnlDay.startEquity > 0 ? -pnlDay.changePct : 0;
    // Sized within the trader's limits as they stand now (the environment's, or what /limits set), never the defaults.
    const limits = days.length ? await this.d.trader.riskLimits() : null;
    const sizing = limits
      ? { ...this.cfg, maxSymbolWeight: limits.maxSymbolWeight, maxGrossExposure: limits.maxGrossExposure, dailyLossLimit: limits.dailyLossLimit }
      : this.cfg;
    const records = days.length ? decideDay(days, dayLoss, sizing) : [];

    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const day = days[i]!;
      const orders = await this.trade(session, record);
      const stored: StoredDecision = { date: session, symbol: record.symbol, target: record.target, previousTarget: record.previousTarget, changed: record.changed, record, orders };
      const t = day.t;
      const predictions: PredictionRow[] = record.chosen.map((c) => ({ date: session, symbol: record.symbol, modelId: c.id, kind: 'position', value: c.signal, horizon: 1 }));
      const sigma = day.inputs.vol[t]!;
      if (Number.isFinite(sigma)) predictions.push({ date: session, symbol: record.symbol, modelId: this.cfg.volModel, kind: 'volatility', value: sigma, horizon: 1 });
      await this.store.saveDecision(stored, day.state, predictions, this.d.clock.now());
      summary.decisions.push(stored);
      for (const g of record.gridMoves) log.info({ symbol: g.symbol, slot: g.slot, from: g.from, to: g.to, reason: g.reason }, 'autopilot parameter move');
      for (const e of record.demotions) {
        await this.alert(`demotion:${e.symbol}:${e.model}:${e.date}`, `Autopilot demoted ${e.model} on ${e.symbol} (${e.date}): ${e.reason}. It is out of selection for ${this.cfg.demoteFor} sessions.`);
      }
    }
    await this.d.trader.recordEquity().catch((err: unknown) => log.warn({ err }, 'recording equity failed'));
    const detail = `${summary.decisions.length} decided, ${summary.skipped.length} skipped`;
    await this.store.finishRun('session', session, detail, this.d.clock.now());
    summary.ran = true;
    log.info({ session, decided: summary.decisions.length, skipped: summary.skipped }, 'autopilot session done');
    return summary;
  }

  /** Trades one symbol toward its target through the trader (the risk manager checks every order). */
  private async trade(session: string, r: DecisionRecord): Promise<OrderNote[]> {
    const balance = await this.d.trader.balance();
    const positions = await this.d.trader.positions();
    const held = positions.find((p) => p.symbol === r.symbol);
    const qty = held?.qty ?? 0;
    const price = held?.lastPrice ?? r.close;
    const equity = balance.equity;
    if (!(price > 0) || !(equity > 0)) return [];
    const weightNow = (qty * price) / equity;
    // Trade when the target changed, or when the book is off target by more than the band (a refused or missed order).
    if (!r.changed && Math.abs(weightNow - r.target) <= this.cfg.noTradeBand) return [];
    const desired = (r.target * equity) / price;
    // Rounded toward the current position so the order never overshoots a limit by a rounding error.
    const delta = Math.trunc((desired - qty) * 1e6) / 1e6;
    if (Math.abs(delta * price) < Math.max(1, equity * 1e-4)) return [];
    const side = delta > 0 ? 'buy' : 'sell';
    const res = await this.d.trader.placeOrder({
      symbol: r.symbol,
      side,
      qty: Math.abs(delta),
      type: 'market',
      decisionKey: `autopilot:${session}:${r.symbol}`,
      origin: 'autopilot',
    });
    const fill = res.fills[0];
    const note: OrderNote = {
      side,
      qty: Math.abs(delta),
      orderId: res.order?.id ?? null,
      status: res.order?.status ?? null,
      filledPrice: fill?.price ?? res.order?.filledAvgPrice ?? null,
      duplicate: res.duplicate,
      refusal: res.refusal?.message ?? null,
    };
    if (res.refusal) {
      await this.alert(`autopilot-refused:${session}:${r.symbol}`, `Autopilot: the ${side} of ${Math.abs(delta).toFixed(4)} ${r.symbol} toward ${pct(r.target)} was ${res.refusal.message}`);
    }
    return [note];
  }

  private async alert(eventKey: string, text: string): Promise<void> {
    await this.d.notifier.notify('alerts', { eventKey, text }).catch((err: unknown) => log.warn({ err }, 'alert failed'));
  }

  /** Joins the predictions whose horizon has passed to the realized next-bar return. */
  private async resolvePredictions(symbol: string, bars: BarSeries): Promise<void> {
    const open = await this.store.openPredictions(symbol);
    for (const p of open) {
      const i = indexAtOrBefore(bars.time, Date.parse(`${p.date}T00:00:00Z`));
      if (i < 0 || isoDate(bars.time[i]!) !== p.date || i + p.horizon >= bars.length) continue;
      const j = i + p.horizon;
      const outcome = bars.close[j]! / bars.close[i]! - 1;
      const hit = p.kind === 'position' && p.value !== 0 ? Math.sign(p.value) === Math.sign(outcome) : null;
      const error = p.kind === 'volatility' ? Math.abs(p.value - Math.abs(outcome)) : null;
      await this.store.resolvePrediction(p.id, { outcomeDate: isoDate(bars.time[j]!), outcome, error, hit });
    }
  }

  // --- explanations ---

  async why(symbol: string, date?: string): Promise<WhyAnswer | null> {
    const d = await this.store.decision(symbol.toUpperCase(), date);
    if (!d) return null;
    const orders = d.orders.length
      ? d.orders
          .map((o) =>
            o.refusal
              ? `The ${o.side} of ${o.qty.toFixed(4)} was ${o.refusal}.`
              : `Order #${o.orderId}: ${o.side} ${o.qty.toFixed(4)}${o.filledPrice !== null ? ` filled at ${o.filledPrice.toFixed(2)}` : ` (${o.status})`}${o.duplicate ? ' (a retry of an existing order)' : ''}.`,
          )
          .join(' ')
      : 'No order was needed.';
    const asked = date && date !== d.date ? ` (the latest decision on or before ${date})` : '';
    return { ...d, text: `${d.symbol} on ${d.date}${asked}: ${d.record.reason} ${orders}` };
  }

  async explain(symbol: string, date?: string): Promise<string> {
    const w = await this.why(symbol, date);
    if (w) return w.text;
    return `The autopilot has made no decision for ${symbol.toUpperCase()}${date ? ` on or before ${date}` : ''} yet.`;
  }

  async accuracy(model?: string, symbol?: string): Promise<AccuracyReport> {
    const rows = await this.store.resolvedPredictions({ model, symbol: symbol?.toUpperCase() });
    const groups = new Map<string, typeof rows>();
    for (const r of rows) {
      const key = `${r.modelId}|${r.symbol}|${r.kind}`;
      const g = groups.get(key) ?? [];
      g.push(r);
      groups.set(key, g);
    }
    const out: AccuracyRow[] = [];
    for (const [key, g] of groups) {
      const [m, s, kind] = key.split('|') as [string, string, 'position' | 'volatility'];
      const stats = (xs: typeof g) => {
        const calls = xs.filter((x) => x.hit !== null);
        const errs = xs.filter((x) => x.error !== null);
        return {
          hitRate: calls.length ? calls.filter((x) => x.hit).length / calls.length : null,
          meanAbsError: errs.length ? errs.reduce((a, x) => a + x.error!, 0) / errs.length : null,
        };
      };
      const months = new Map<string, typeof g>();
      for (const x of g) {
        const k = x.date.slice(0, 7);
        months.set(k, [...(months.get(k) ?? []), x]);
      }
      out.push({
        model: m,
        symbol: s,
        kind,
        predictions: g.length,
        ...stats(g),
        meanReturn: kind === 'position' ? g.reduce((a, x) => a + x.value * x.outcome, 0) / g.length : null,
        byMonth: [...months].map(([month, xs]) => ({ month, predictions: xs.length, ...stats(xs) })),
      });
    }
    out.sort((a, b) => b.predictions - a.predictions || a.model.localeCompare(b.model));
    const scope = [model, symbol?.toUpperCase()].filter(Boolean).join(' on ');
    const text = out.length
      ? out
          .map((r) =>
            r.kind === 'position'
              ? `${r.model} on ${r.symbol}: ${r.predictions} calls used, hit rate ${r.hitRate === null ? 'n/a (no directional call)' : pct(r.hitRate)}, mean next-bar return of its position ${pct(r.meanReturn ?? 0, 3)}`
              : `${r.model} on ${r.symbol}: ${r.predictions} volatility forecasts, mean absolute error ${pct(r.meanAbsError ?? 0, 3)} per bar`,
          )
          .join('\n')
      : `No prediction the autopilot used${scope ? ` (${scope})` : ''} has a known outcome yet.`;
    return { rows: out, text };
  }

  // --- timers ---

  /** Starts the timers: the next due moment on the NYSE calendar, and a heartbeat that retries leadership. */
  start(): void {
    this.heartbeat?.cancel();
    this.heartbeat = schedule.scheduleJob('*/30 * * * * *', () => void this.tick().catch((err: unknown) => log.error({ err }, 'autopilot tick failed')));
    this.reschedule();
  }

  /** The one-shot job at the next due moment (a session's close plus the margin, or the report time). */
  private reschedule(): void {
    if (!this.heartbeat) return;
    void this.nextDue(this.d.clock.now())
      .then((due) => {
        this.nextJob?.cancel();
        this.nextJob = schedule.scheduleJob(new Date(Math.max(due.at, this.d.clock.now() + 1000)), () => {
          void this.tick()
            .catch((err: unknown) => log.error({ err }, 'autopilot run failed'))
            .finally(() => this.reschedule());
        });
      })
      .catch((err: unknown) => log.error({ err }, 'autopilot scheduling failed'));
  }

  /** Whether the timers run (after start, before stop). */
  get started(): boolean {
    return this.heartbeat !== null;
  }

  async stop(): Promise<void> {
    this.heartbeat?.cancel();
    this.nextJob?.cancel();
    this.heartbeat = null;
    this.nextJob = null;
    await this.busy?.catch(() => undefined);
    await this.lock.release();
  }
}
