// One session of the autopilot, after it claimed the session: refresh the data, resolve the predictions whose outcome
// is now known, run the decision step (the same code as the replay) on the bars up to the session, trade each symbol
// toward its target through the trader (the risk manager checks every order), and store every decision, weight,
// demotion and prediction.
import { liveDrift } from '../anomaly/live-drift.ts';
import type { Anomaly } from '../anomaly/anomaly.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { logger } from '../../log.ts';
import type { BarSeries } from '../../registry/model.ts';
import type { Clock } from '../clock.ts';
import type { BarStore } from '../data/bar-store.ts';
import { emitEvent } from '../notify/event-text.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { TraderService } from '../trader/trader-service.ts';
import type { AutopilotSettings } from './autopilot-config.ts';
import type { AutopilotStore, OrderNote, PredictionRow, StoredDecision } from './autopilot-store.ts';
import { decideDay, type DecisionRecord, type SymbolDay } from './decision-step.ts';
import { indexAtOrBefore } from './learn-outcomes.ts';
import { alignLearnerState, newLearnerState } from './learner-state.ts';
import { buildSymbolInputs } from './symbol-inputs.ts';
import { isoDate } from '../../calendar/dates.ts';

const log = logger('autopilot');
const DAY = 86_400_000;

export interface RunSummary {
  date: string;
  /** False when this session was already done (nothing repeated) or this instance does not lead. */
  ran: boolean;
  decisions: StoredDecision[];
  skipped: { symbol: string; reason: string }[];
  refreshed: string[];
}

export interface SessionRunnerDeps {
  bars: BarStore;
  trader: TraderService;
  notifier: Notifier;
  clock: Clock;
  refresh?: (symbols: string[], date: string) => Promise<string[]>;
  audit?: AuditLog;
  /** Raises the live-drift anomaly of the models in charge; absent in replays. */
  anomalies?: { report(found: readonly Anomaly[]): Promise<unknown> };
}

export class SessionRunner {
  constructor(
    private readonly d: SessionRunnerDeps,
    private readonly store: AutopilotStore,
    private readonly cfg: AutopilotSettings,
  ) {}

  /** Decides and trades `symbols` for a session this instance has claimed, filling `summary`. */
  async run(session: string, symbols: string[], summary: RunSummary): Promise<void> {
    if (this.d.refresh) {
      try {
        summary.refreshed = await this.d.refresh(symbols, session);
      } catch (err) {
        log.warn({ err }, 'data refresh failed');
        await emitEvent(this.d.notifier, { type: 'data-refresh-failed', session, error: (err as Error).message });
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
      await this.d.anomalies?.report(liveDrift(record.symbol, session, day.state.live));
      for (const g of record.gridMoves) log.info({ symbol: g.symbol, slot: g.slot, from: g.from, to: g.to, reason: g.reason }, 'autopilot parameter move');
      for (const e of record.demotions) {
        await emitEvent(this.d.notifier, { type: 'model-demoted', symbol: e.symbol, model: e.model, date: e.date, reason: e.reason, sessions: this.cfg.demoteFor });
      }
    }
    await this.d.trader.recordEquity().catch((err: unknown) => log.warn({ err }, 'recording equity failed'));
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
      reason: orderReason(r),
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
    await this.audit(session, r.symbol, note);
    if (res.refusal) {
      await emitEvent(this.d.notifier, { type: 'autopilot-order-refused', session, symbol: r.symbol, side, qty: Math.abs(delta), target: r.target, refusal: res.refusal.message });
    }
    return [note];
  }

  /** One audit row per order the autopilot placed or had refused (who = autopilot); a failed write is only logged. */
  private async audit(session: string, symbol: string, note: OrderNote): Promise<void> {
    if (!this.d.audit || note.duplicate) return;
    await this.d.audit
      .append({
        at: new Date(this.d.clock.now()),
        who: 'autopilot',
        platform: 'autopilot',
        chatId: null,
        intent: note.side,
        args: { symbol, qty: note.qty, session },
        outcome: note.refusal ? 'refused' : note.status === 'rejected' ? 'failed' : 'ok',
        reason: note.refusal ?? (note.status ? `order ${note.status}${note.filledPrice !== null ? ` at ${note.filledPrice}` : ''}` : null),
        orderIds: note.orderId !== null ? [String(note.orderId)] : [],
      })
      .catch((err: unknown) => log.error({ err, symbol }, 'writing the audit log failed'));
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
}

/** "blend of sma-cross-20-50 and ema-cross-12-26 targets 18% SPX": the models behind an order and the weight they set. */
export function orderReason(r: Pick<DecisionRecord, 'chosen' | 'target' | 'symbol'>): string {
  const ids = r.chosen.map((c) => c.id);
  const models = ids.length === 0 ? 'no model scores above 0' : ids.length === 1 ? ids[0]! : `blend of ${ids.slice(0, -1).join(', ')} and ${ids.at(-1)!}`;
  return `${models} targets ${Math.round(r.target * 100)}% ${r.symbol}`;
}
