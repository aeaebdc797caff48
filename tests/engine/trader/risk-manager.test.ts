// Every risk rule refusing what it must, naming the rule; the daily loss halt (entries refused, exits allowed, one
// alert); the kill switch (/halt cancels open orders and blocks everything but cancels until /resume).
import { afterEach, describe, expect, it } from 'vitest';
import { createTraderService } from '../../../src/engine/trader/create-trader-service.ts';
import { checkRisk, type RiskSnapshot } from '../../../src/engine/trader/risk-manager.ts';
import { DEFAULT_RISK_LIMITS } from '../../../src/engine/trader/trader-config.ts';
import { day, fixture, SPX, type Fixture } from './trader-fixture.ts';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.handle.close();
  fx = undefined;
});

const WALL = Date.parse('2020-04-20T15:00:00Z');

describe('risk rules on the simulated broker', () => {
  it('refuses by quantity, price, allowlist, missing price, weight, exposure and open positions, naming the rule', async () => {
    fx = await fixture({ from: '2020-04-01', clock: WALL, stocks: true });
    const t = await createTraderService({
      db: fx.handle.db,
      bars: fx.bars,
      clock: fx.clock,
      notifier: fx.notifier,
      config: { risk: { allowlist: ['SPX', 'AAPL', 'ZZZZ'] } },
    });
    const base = { symbol: 'SPX', side: 'buy' as const, type: 'market' as const, origin: 'autopilot' as const };
    const rule = async (req: Parameters<typeof t.placeOrder>[0]) => (await t.placeOrder(req)).refusal?.rule ?? null;

    expect(await rule({ ...base, qty: 0 })).toBe('quantity_sanity');
    expect(await rule({ ...base, qty: -3 })).toBe('quantity_sanity');
    expect(await rule({ ...base, qty: Number.NaN })).toBe('quantity_sanity');
    expect(await rule({ ...base, qty: 5_000_000 })).toBe('quantity_sanity');
    const absurd = await t.placeOrder({ ...base, qty: 100 }); // 287456 > 2 x equity
    expect(absurd.refusal?.message).toMatch(/^refused by quantity_sanity: the order is worth 287456\.01, more than 2x equity 100000\.00$/);
    expect(await rule({ ...base, qty: 1, type: 'limit', limitPrice: -5 })).toBe('price_sanity');
    expect(await rule({ ...base, qty: 1, type: 'limit' })).toBe('price_sanity');
    expect(await rule({ ...base, symbol: 'MSFT', qty: 1 })).toBe('symbol_allowlist');
    const noPrice = await t.placeOrder({ ...base, symbol: 'ZZZZ', qty: 1 });
    expect(noPrice.refusal).toEqual({ rule: 'no_price', message: 'refused by no_price: no price for ZZZZ in the bar store; pull or import its bars first' });

    // 10 SPX = 28.7% of equity: the autopilot is refused outright.
    const heavy = await t.placeOrder({ ...base, qty: 10 });
    expect(heavy.refusal?.rule).toBe('max_symbol_weight');
    expect(heavy.refusal?.message).toBe('refused by max_symbol_weight: SPX would be 28.7% of equity 100000.00, above the 25.0% limit');
    expect(heavy.order).toBeNull();
    // A chat order is refused the same way unless the admin allows overrides (MLTRAINER_ALLOW_LIMIT_OVERRIDE=yes)...
    const chat = await t.placeOrder({ ...base, origin: 'chat', qty: 10, confirmed: true });
    expect(chat.refusal?.rule).toBe('max_symbol_weight');
    // ...when it asks for confirmation instead; nothing is sent until it is confirmed.
    const lenient = await createTraderService({ db: fx.handle.db, bars: fx.bars, clock: fx.clock, notifier: fx.notifier, config: { allowLimitOverride: true } });
    const asked = await lenient.placeOrder({ ...base, origin: 'chat', qty: 10 });
    expect(asked).toMatchObject({ ok: false, needsConfirmation: true, refusal: null, order: null });
    await lenient.close();
    expect(await t.listOrders()).toEqual([]);

    // Gross exposure: three 8-share lots of SPX (23% each) are fine one by one up to 100%.
    await t.setRiskLimits({ maxSymbolWeight: 1, maxGrossExposure: 0.5 });
    const gross = await t.placeOrder({ ...base, qty: 20 });
    expect(gross.refusal?.rule).toBe('max_gross_exposure');
    expect(gross.refusal?.message).toBe('refused by max_gross_exposure: gross exposure would be 57.5% of equity, above the 50.0% limit');

    // Open positions: with a limit of 1, a second symbol is refused; adding to the first is not.
    await t.setRiskLimits({ maxOpenPositions: 1, maxGrossExposure: 1 });
    expect((await t.placeOrder({ ...base, qty: 2, decisionKey: 'p1' })).ok).toBe(true);
    const second = await t.placeOrder({ ...base, symbol: 'AAPL', qty: 10, decisionKey: 'p2' });
    expect(second.refusal?.rule).toBe('max_open_positions');
    expect(second.refusal?.message).toBe('refused by max_open_positions: 1 positions are open, the limit is 1');
    expect((await t.placeOrder({ ...base, qty: 1, decisionKey: 'p3' })).ok).toBe(true);
    expect((await t.riskLimits()).maxOpenPositions).toBe(1);

    // Every refusal went out as an alert.
    const rejects = fx.notifier.sent.filter((n) => n.message.eventKey.startsWith('reject:'));
    expect(rejects.length).toBeGreaterThanOrEqual(12);
    expect(rejects.some((n) => n.message.text.includes('refused by max_open_positions'))).toBe(true);
  });

  it('asks to confirm a limit price far from the last price', async () => {
    fx = await fixture({ from: '2020-04-01', clock: WALL });
    const t = await createTraderService({ db: fx.handle.db, bars: fx.bars, clock: fx.clock, notifier: fx.notifier });
    const far = await t.checkOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'limit', limitPrice: 2000 });
    expect(far.allowed).toBe(true);
    expect(far.needsConfirmation).toBe(true);
    expect(far.confirmationReason).toBe('limit 2000 is 30.4% from the last price 2874.560059 (2020-04-17)');
    const near = await t.checkOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'limit', limitPrice: 2800 });
    expect(near.needsConfirmation).toBe(false);
    const placed = await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'limit', limitPrice: 2000, decisionKey: 'far', confirmed: true });
    expect(placed.ok).toBe(true);
    expect(placed.order?.status).toBe('accepted'); // below the close: it rests
  });
});

describe('daily loss limit', () => {
  it('halts new entries for the rest of the day with one alert, still allows exits, and lifts the next day', async () => {
    // SPX fell 11.98% on 2020-03-16 (2711.02 -> 2386.13). Hold just under 25% of equity from the open of 03-13:
    // the day costs 2.9% of equity, above a 2% limit.
    fx = await fixture({ from: '2020-02-03', clock: day('2020-03-12') + 21 * 3600_000 });
    const t = await createTraderService({
      db: fx.handle.db,
      bars: fx.bars,
      clock: fx.clock,
      notifier: fx.notifier,
      config: { replay: true, risk: { dailyLossLimit: 0.02 } },
    });
    const open13 = SPX.find((b) => b.time === day('2020-03-13'))!.open;
    const qty = Math.floor((0.25 * 100000) / open13);
    expect((await t.placeOrder({ symbol: 'SPX', side: 'buy', qty, type: 'market', origin: 'autopilot', decisionKey: 'd1' })).ok).toBe(true);
    fx.clock.set(day('2020-03-13') + 21 * 3600_000);
    await t.settle();
    const eq13 = await t.recordEquity();
    fx.clock.set(day('2020-03-16') + 21 * 3600_000);
    const bal = await t.balance();
    const loss = (eq13.equity - bal.equity) / eq13.equity;
    expect(loss).toBeCloseTo(0.0289, 4);

    const entry = await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'market', origin: 'autopilot', decisionKey: 'd2' });
    expect(entry.refusal?.rule).toBe('daily_loss_limit');
    expect(entry.refusal?.message).toContain(`today's loss ${(loss * 100).toFixed(1)}%`);
    const halts = fx.notifier.sent.filter((n) => n.message.eventKey === 'risk-halt:daily-loss:2020-03-16');
    expect(halts).toHaveLength(1);
    expect((await t.balance()).dailyLossHalt).toBe(true);
    // The halt holds for the day even if the check is repeated, and sends no second alert.
    expect((await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'market', origin: 'autopilot', decisionKey: 'd3' })).refusal?.rule).toBe('daily_loss_limit');
    expect(fx.notifier.sent.filter((n) => n.message.eventKey.startsWith('risk-halt:'))).toHaveLength(1);

    // An exit goes through.
    const exit = await t.placeOrder({ symbol: 'SPX', side: 'sell', qty: 2, type: 'market', origin: 'autopilot', decisionKey: 'd4' });
    expect(exit.ok).toBe(true);
    await t.recordEquity();

    // Next day, new entries are allowed again.
    fx.clock.set(day('2020-03-17') + 21 * 3600_000);
    await t.settle();
    await t.recordEquity();
    expect((await t.balance()).dailyLossHalt).toBe(false);
    expect((await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'market', origin: 'autopilot', decisionKey: 'd5' })).ok).toBe(true);
  });

  it('computes the rule from a snapshot: exits pass, entries do not', () => {
    const s: RiskSnapshot = {
      limits: DEFAULT_RISK_LIMITS,
      halted: false,
      haltReason: null,
      entriesStopped: null,
      lossHalted: false,
      equity: 96900,
      dayStartEquity: 100000,
      positions: [{ symbol: 'SPX', qty: 5, price: 2500 }],
      lastPrice: { price: 2500, date: '2020-03-16' },
      allowOverride: false,
    };
    const order = { symbol: 'SPX', type: 'market' as const, limitPrice: null, origin: 'chat' as const, confirmed: false };
    const entry = checkRisk({ ...order, side: 'buy', qty: 1 }, s);
    expect(entry.refusal?.rule).toBe('daily_loss_limit');
    expect(entry.tripsDailyLoss).toBe(true);
    const exit = checkRisk({ ...order, side: 'sell', qty: 5 }, s);
    expect(exit.allowed).toBe(true);
    expect(exit.isExit).toBe(true);
    // Selling more than held opens a short: an entry.
    expect(checkRisk({ ...order, side: 'sell', qty: 6 }, s).refusal?.rule).toBe('daily_loss_limit');
  });
});

describe('kill switch', () => {
  it('/halt cancels open orders and refuses every order, exits included, until /resume', async () => {
    fx = await fixture({ from: '2020-04-01', clock: WALL });
    const t = await createTraderService({ db: fx.handle.db, bars: fx.bars, clock: fx.clock, notifier: fx.notifier });
    expect((await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 5, type: 'market', decisionKey: 'h1' })).ok).toBe(true);
    const resting = await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'limit', limitPrice: 2700, timeInForce: 'gtc', decisionKey: 'h2' });
    expect(resting.order?.status).toBe('accepted');

    await t.halt('testing the switch');
    expect(await t.isHalted()).toBe(true);
    expect((await t.listOrders('open'))).toEqual([]);
    expect((await t.listOrders()).find((o) => o.id === resting.order!.id)?.status).toBe('canceled');
    const haltAlert = fx.notifier.sent.find((n) => n.message.eventKey.startsWith('halt:'));
    expect(haltAlert?.message.text).toBe('Trading halted (kill switch): testing the switch. 1 open order(s) canceled; new orders are refused until /resume.');

    const buy = await t.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'market', decisionKey: 'h3' });
    expect(buy.refusal).toEqual({ rule: 'kill_switch', message: 'refused by kill_switch: trading is halted (testing the switch); /resume first' });
    const exit = await t.placeOrder({ symbol: 'SPX', side: 'sell', qty: 5, type: 'market', decisionKey: 'h4' });
    expect(exit.refusal?.rule).toBe('kill_switch');
    expect((await t.balance()).halted).toBe(true);

    await t.resume();
    expect(await t.isHalted()).toBe(false);
    const after = await t.placeOrder({ symbol: 'SPX', side: 'sell', qty: 5, type: 'market', decisionKey: 'h5' });
    expect(after.ok).toBe(true);
    expect(after.fills[0]).toMatchObject({ qty: 5, price: 2874.560059 });
  });
});
