// Through the loopback Telegram Bot API, in a group: someone else's press of the Cancel or Confirm button under an
// allowed user's /halt is refused by name and the request stays usable; the owner's own press then halts, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/bots/http/http-server.ts';
import { startPlatforms, type RunningPlatforms } from '../../src/cli/start-platforms.ts';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-server.ts';
import { FastClock } from '../support/fast-clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let fake: TelegramFake;
let app: TestApp;
let http: HttpServer;
let running: RunningPlatforms;

const GROUP = -700;
const OWNER = 1005;
const OTHER = 2002;
/** The pacing's clock, 100 times faster: a group's 3 s gap between answers (tested in outbox-notifier) takes 30 ms. */
const pace = new FastClock(100);

beforeAll(async () => {
  fake = await startTelegramFake();
  app = await createTestApp(
    { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, MLTRAINER_ALLOWED_USERS: `telegram:${OWNER},telegram:${OTHER}` },
    { withTrading: true },
  );
  http = new HttpServer(async () => ({}));
  await http.listen(0, '127.0.0.1');
  running = await startPlatforms({ config: app.config, core: app.agent, db: app.db.db, clock: pace }, http);
});

afterAll(async () => {
  await running?.stop();
  await http?.close();
  await app?.close();
  await fake?.close();
});

describe('telegram group confirmations', () => {
  it('refuses another member\'s Cancel and Confirm presses, then halts on the owner\'s press', async () => {
    fake.pushMessage(GROUP, '/halt', { fromId: OWNER });
    await fake.waitFor(() => fake.sentTo(GROUP).length >= 1);
    const ask = fake.sentTo(GROUP)[0]!;
    expect(ask.plain).toMatch(/^Please confirm: halt trading/);
    const [confirm, cancel] = ask.replyMarkup!.inline_keyboard!.flat().map((b) => b.callback_data!);

    fake.pushCallback(ask, cancel!, { fromId: OTHER });
    await fake.waitFor(() => fake.sentTo(GROUP).length >= 2);
    expect(fake.sentTo(GROUP)[1]!.plain).toMatch(new RegExp(`^Only telegram:${OWNER} can confirm or cancel this: halt trading`));
    fake.pushCallback(ask, confirm!, { fromId: OTHER });
    await fake.waitFor(() => fake.sentTo(GROUP).length >= 3);
    expect(fake.sentTo(GROUP)[2]!.plain).toMatch(new RegExp(`^Only telegram:${OWNER} can`));
    expect(await app.trader!.isHalted()).toBe(false);

    fake.pushCallback(ask, confirm!, { fromId: OWNER });
    await fake.waitFor(() => fake.sentTo(GROUP).length >= 4);
    expect(fake.sentTo(GROUP)[3]!.plain).toBe('Trading is halted: open orders cancelled, no new orders until /resume.');
    expect(await app.trader!.isHalted()).toBe(true);
  });
});
