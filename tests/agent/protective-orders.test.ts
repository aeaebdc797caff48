// Protective orders in chat, as the console session runs them: `/buy SPX 5 tp 3000 sl 2700` asks to confirm a
// bracket (its levels in the question), and once confirmed /orders shows the entry with its two legs under it and
// their trigger prices; a stop's confirmation prices it at its stop; levels on the wrong side are refused at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
const clock = new ManualClock(Date.UTC(2020, 3, 20, 15, 0)); // SPX's last close is 2020-04-17: 2,874.56

async function say(text: string): Promise<string> {
  const r = await app.agent.handle({ platform: 'console', chatId: 'protect', userId: 'local', text });
  return r.replies.map((x) => `${x.text}\n${x.code ?? ''}`).join('\n');
}

beforeAll(async () => {
  app = await createTestApp({}, { clock, withTrading: true });
}, 60_000);
afterAll(async () => app?.close());

describe('protective orders in chat', () => {
  it('confirms and places a bracket whose two legs /orders shows with their prices', async () => {
    expect(await say('/buy SPX 5 tp 3000 sl 2700')).toMatch(
      /^Please confirm: buy 5 SPX at market with a take-profit at 3,000 and a stop-loss at 2,700, good till cancelled \(at about 2,874\.56 a share/,
    );
    const placed = await say('yes');
    expect(placed).toMatch(/Order #1 buy 5 SPX market, filled at 2,874\.56\./);
    expect(placed).toMatch(/└ #2 sell 5 SPX take-profit limit 3,000\.00, working/);
    expect(placed).toMatch(/└ #3 sell 5 SPX stop-loss stop 2,700\.00, working/);
    expect(placed).toMatch(/the one that fills cancels the other/);
    const orders = await say('/orders');
    expect(orders).toMatch(/#1 buy 5 SPX market, filled at 2,874\.56\n {2}└ #2 sell 5 SPX take-profit limit 3,000\.00, working\n {2}└ #3 sell 5 SPX stop-loss stop 2,700\.00, working/);
  });

  it('prices a stop at its stop, and refuses a stop or a take-profit on the wrong side with the reason', async () => {
    expect(await say('/sell SPX 2 stop 2600')).toMatch(/^Please confirm: sell 2 SPX when the price reaches 2,600 \(a stop\), good till cancelled \(at about 2,600\.00 a share, a notional of about 5,200\.00\)/);
    await say('no');
    expect(await say('/sell SPX 2 stop 2900')).toMatch(/a sell stop must be below the price 2,874\.56/);
    expect(await say('/buy SPX 1 tp 2800 sl 2700')).toMatch(/the take-profit 2,800\.00 must be above the price 2,874\.56 for a long position/);
    expect(await say('/sell SPX 2 trail 5%')).toMatch(/^Please confirm: sell 2 SPX as a trailing stop 5% below the best close, good till cancelled/);
    const placed = await say('yes');
    expect(placed).toMatch(/Order #4 sell 2 SPX trailing stop 5%, working\./);
  });
});
