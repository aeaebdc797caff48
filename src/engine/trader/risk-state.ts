// The book's risk state: the limits in force (defaults, configuration, then what the user set), the daily loss halt,
// the equity recorded each time the book changes, and the verdict on an order (the risk manager's rules plus the
// simulated broker's refusal to mix eras in one book).
import { sessionsBetween } from '../../calendar/nyse-sessions.ts';
import { STALE_AFTER_SESSIONS } from '../data/data-age.ts';
import { emitEvent } from '../notify/event-text.ts';
import type { BookValuation } from './book-valuation.ts';
import { checkRisk, dailyLoss, type MarkedPosition, type RiskOrder, type RiskVerdict } from './risk-manager.ts';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from './trader-config.ts';
import type { PaperTraderDeps } from './trader-parts.ts';
import type { EquityPoint, OrderRequest } from './trader-service.ts';
import type { TradingDay } from './trading-day.ts';

export class RiskState {
  constructor(
    private readonly d: PaperTraderDeps,
    private readonly day: TradingDay,
    private readonly valuation: BookValuation,
  ) {}

  async limits(): Promise<RiskLimits> {
    const state = await this.d.book.state();
    return { ...DEFAULT_RISK_LIMITS, ...this.d.risk, ...(state.risk as Partial<RiskLimits>) };
  }

  async setLimits(change: Partial<RiskLimits>): Promise<RiskLimits> {
    const state = await this.d.book.state();
    await this.d.book.setRisk({ ...state.risk, ...change }, this.d.clock.now());
    return this.limits();
  }

  async isHalted(): Promise<boolean> {
    return (await this.d.book.state()).halted;
  }

  /**
   * Records today's equity. The daily loss rule is also checked here, so the halt and its alert come when the loss
   * happens, not only when the next order is tried.
   */
  async recordEquity(): Promise<EquityPoint> {
    const m = await this.valuation.mark();
    const today = this.day.today();
    const p: EquityPoint = { date: today, equity: m.equity, cash: m.cash, positionsValue: m.equity - m.cash };
    const limits = await this.limits();
    const state = await this.d.book.state();
    if (state.lossHaltDate !== today && dailyLoss(await this.valuation.dayStartEquity(), m.equity, limits.dailyLossLimit).breached) {
      await this.tripDailyLoss(m.equity);
    }
    await this.d.book.upsertEquity(p, this.d.clock.now());
    return p;
  }

  async tripDailyLoss(equity: number): Promise<void> {
    const today = this.day.today();
    await this.d.book.setLossHaltDate(today, this.d.clock.now());
    const dayStartEquity = await this.valuation.dayStartEquity();
    await emitEvent(this.d.notifier, { type: 'daily-loss-halt', day: today, equity, dayStartEquity });
  }

  /** The risk manager's verdict on an order against the marked book. */
  async verdict(req: OrderRequest): Promise<RiskVerdict> {
    const limits = await this.limits();
    const state = await this.d.book.state();
    const m = await this.valuation.mark();
    const marked: MarkedPosition[] = m.positions.map((p) => ({ symbol: p.symbol, qty: p.qty, price: p.price?.price ?? null }));
    const held = m.positions.find((p) => p.symbol === req.symbol);
    const last = held?.price ?? (await this.valuation.lastPrice(req.symbol));
    const order: RiskOrder = {
      symbol: req.symbol,
      side: req.side,
      qty: req.qty,
      type: req.type,
      limitPrice: req.type === 'limit' ? (req.limitPrice ?? null) : null,
      origin: req.origin ?? 'chat',
      confirmed: req.confirmed ?? false,
    };
    const verdict = checkRisk(order, {
      limits,
      halted: state.halted,
      haltReason: state.haltReason,
      entriesStopped: state.entriesStopped,
      lossHalted: state.lossHaltDate === this.day.today(),
      equity: m.equity,
      dayStartEquity: await this.valuation.dayStartEquity(),
      positions: marked,
      lastPrice: last ? { price: last.price, date: last.date } : null,
      allowOverride: this.d.allowLimitOverride,
    });
    // The simulated broker fills at the newest stored close: a symbol whose close is far older than the book's other
    // prices would put two eras in one book. Refused unless the user accepted that old price explicitly.
    if (verdict.allowed && this.d.broker.kind === 'simulated' && !req.staleOk && last) {
      const newer = m.positions.flatMap((p) =>
        p.symbol !== req.symbol && p.qty !== 0 && p.price && p.price.date > last.date ? [{ symbol: p.symbol, date: p.price.date }] : [],
      );
      const newest = newer.sort((a, b) => (a.date < b.date ? 1 : -1))[0];
      const behind = newest ? sessionsBetween(last.date, newest.date) : 0;
      if (newest && behind > STALE_AFTER_SESSIONS) {
        const message =
          `refused by stale_price: ${req.symbol}'s newest price is the close of ${last.date}, ${behind} sessions older than the book's other prices ` +
          `(${newest.symbol} at ${newest.date}); filling at it would mix eras in one book. To fill at that old price anyway, add stale=ok ` +
          `(/${req.side} ${req.symbol} ${req.qty} stale=ok), or pull fresh ${req.symbol} data first.`;
        return { ...verdict, allowed: false, refusal: { rule: 'stale_price', message } };
      }
    }
    return verdict;
  }
}
