// The risk limits as a user meets them: set from the environment at start, shown by /limits, changed by /limits
// key=value after a confirmation, refused with one line when a value is out of range, and enforced on the next order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
const say = async (text: string, userId = 'local', platform: 'console' | 'telegram' = 'console') => {
  const r = await app.agent.handle({ platform, chatId: platform === 'console' ? 'console' : '42', userId, text });
  return { text: r.replies.map((x) => x.text).join('\n'), code: r.replies.map((x) => x.code ?? '').join('\n'), intent: r.intent };
};

beforeAll(async () => {
  app = await createTestApp(
    { MLTRAINER_STARTING_CASH: '50000', MLTRAINER_COMMISSION_BPS: '10', MLTRAINER_MAX_POSITIONS: '3' },
    { withTrading: true },
  );
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('risk limits in chat', () => {
  it('shows the limits, with the environment\'s values over the defaults', async () => {
    const r = await say('/limits');
    expect(r.intent?.name).toBe('limits');
    expect(r.code).toMatch(/largest weight of one symbol\s+25\.0%/);
    expect(r.code).toMatch(/most open positions\s+3\b/);
    expect(r.code).toMatch(/symbols that may be traded\s+all/);
  });

  it('/status says which broker trades, the equity, and whether the autopilot is on', async () => {
    expect((await say('/status')).text).toContain('Paper trading: simulated broker, equity 50,000.00, 0 open position(s). Autopilot: switched off.');
  });

  it('charges the configured commission on the configured starting cash', async () => {
    expect((await say('/balance')).text).toContain('started with 50,000.00');
    await say('/buy SPX 1');
    expect((await say('yes')).text).toContain('Filled 1 at 2,874.56');
    const pnl = (await say('/pnl')).text;
    expect(pnl).toContain(`commissions ${(2874.560059 * 0.001).toFixed(2)}`);
  });

  it('refuses an out-of-range value with one line and changes nothing', async () => {
    const r = await say('/limits symbolWeight=2');
    expect(r.text).toContain('the largest weight of one symbol must be at most 1');
    expect((await say('/limits')).code).toMatch(/largest weight of one symbol\s+25\.0%/);
  });

  it('changes a limit after a confirmation, and the next order is checked against it', async () => {
    const ask = await say('/limits symbols=AAPL,MSFT dailyLoss=0.05');
    expect(ask.text).toContain('set the risk limits dailyLoss=0.05 symbols=AAPL,MSFT');
    expect((await say('/limits')).code).toMatch(/symbols that may be traded\s+all/); // not yet
    const done = await say('yes');
    expect(done.code).toMatch(/symbols that may be traded\s+AAPL, MSFT/);
    expect(done.code).toMatch(/day's loss that halts new entries\s+5\.0%\s+dailyLoss=0\.05$/m);
    expect(done.code).toMatch(/symbols that may be traded\s+AAPL, MSFT\s+symbols=AAPL,MSFT$/m);
    // /limits afterwards shows the values now in force, and the words that change them.
    expect((await say('/limits')).code).toMatch(/day's loss that halts new entries\s+5\.0%\s+dailyLoss=0\.05$/m);
    expect((await app.trader!.riskLimits()).allowlist).toEqual(['AAPL', 'MSFT']);
    const refused = await app.trader!.placeOrder({ symbol: 'SPX', side: 'buy', qty: 1, type: 'market', decisionKey: 'limits-test' });
    expect(refused.ok).toBe(false);
    expect(refused.refusal?.message).toMatch(/allow/i);
  });

  it('is refused for a chat user who is not allowed to change settings', async () => {
    const r = await say('/limits positions=9', '777', 'telegram');
    expect(r.text).toBe('/limits needs an admin, and telegram:777 is a viewer. An admin can grant it with /role add telegram:777 admin.');
    expect((await app.trader!.riskLimits()).maxOpenPositions).toBe(3);
  });
});
