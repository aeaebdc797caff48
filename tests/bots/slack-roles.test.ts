// Through the loopback Slack Web API with signed requests, in a channel: a viewer's /ml buy is refused by role; a
// trader's /ml halt waits for its owner: another member's Cancel press is refused by name and the buttons come back
// (Slack takes them off the pressed message), then the owner's Confirm press halts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/bots/http/http-server.ts';
import { startPlatforms, type RunningPlatforms } from '../../src/cli/start-platforms.ts';
import { signSlackRequest, startSlackFake, type SlackFake, type SlackPosted } from '../fakes/slack-server.ts';
import { FastClock } from '../support/fast-clock.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const SECRET = 'slack-signing-secret-for-tests';
const CHANNEL = 'C900';
let fake: SlackFake;
let app: TestApp;
let http: HttpServer;
let eventsUrl: string;
let running: RunningPlatforms;
let n = 0;
/** The pacing's clock, 100 times faster: a channel's 1 s gap between answers (tested in outbox-notifier) takes 10 ms. */
const pace = new FastClock(100);

beforeAll(async () => {
  fake = await startSlackFake();
  app = await createTestApp(
    { SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, MLTRAINER_ALLOWED_USERS: 'slack:U0ANN' },
    { withTrading: true },
  );
  http = new HttpServer(async () => ({}));
  eventsUrl = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/slack/events`;
  running = await startPlatforms({ config: app.config, core: app.agent, db: app.db.db, clock: pace }, http);
});

afterAll(async () => {
  await running?.stop();
  await http?.close();
  await app?.close();
  await fake?.close();
});

async function post(body: string): Promise<void> {
  const res = await fetch(eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SECRET, body) }, body });
  await res.arrayBuffer();
  expect(res.status).toBe(200);
}

/** `/ml TEXT` from a user in the channel; the answer comes back on its own response_url. */
async function slash(user: string, text: string): Promise<SlackPosted> {
  const responseId = `r-${++n}`;
  await post(
    new URLSearchParams({
      team_id: 'T0TEST',
      channel_id: CHANNEL,
      channel_name: 'general',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/ml',
      text,
      api_app_id: 'A0APP',
      response_url: fake.responseUrl(responseId),
      trigger_id: `1337.${n}.trigger`,
    }).toString(),
  );
  await fake.waitFor((p) => p.some((m) => m.channel === responseId));
  return fake.postedTo(responseId)[0]!;
}

/** A press by `user` of the button carrying `value` on a message; the answer is posted to the channel. */
async function press(user: string, value: string): Promise<SlackPosted> {
  const before = fake.postedTo(CHANNEL).length;
  const action = { type: 'button', action_id: 'mlt_btn_1', block_id: 'b1', text: { type: 'plain_text', text: 'Button' }, value, action_ts: '1700000001.1' };
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: 'T0TEST' },
    api_app_id: 'A0APP',
    container: { type: 'message', message_ts: `1700000000.00${++n}`, channel_id: CHANNEL, is_ephemeral: false },
    trigger_id: `1337.${n}.button`,
    team: { id: 'T0TEST', domain: 'test' },
    channel: { id: CHANNEL, name: 'general' },
    message: { type: 'message', ts: `1700000000.00${n}`, text: 'Please confirm', blocks: [{ type: 'actions', elements: [{ ...action }] }] },
    response_url: fake.responseUrl(`r-press-${n}`),
    actions: [action],
  };
  await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  await fake.waitFor((p) => p.filter((m) => m.channel === CHANNEL).length > before);
  return fake.postedTo(CHANNEL)[before]!;
}

const textOf = (p: SlackPosted) => p.blocks.filter((b) => b.type === 'section').map((b) => b.text!.text).join('\n');
const buttonsOf = (p: SlackPosted) => p.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []).map((e) => e.value);

describe('slack channel roles and confirmations', () => {
  it('refuses a viewer\'s order by role', async () => {
    expect(textOf(await slash('U0BOB', 'buy SPX 1'))).toBe('/ml buy needs a trader, and slack:U0BOB is a viewer. An admin can grant it with /ml role add slack:U0BOB trader.');
  });

  it('keeps a trader\'s /halt for its owner: another member\'s Cancel is refused, the owner\'s Confirm halts', async () => {
    const ask = await slash('U0ANN', 'halt');
    expect(textOf(ask)).toMatch(/^Please confirm: halt trading/);
    const [confirm, cancel] = buttonsOf(ask);
    const refused = await press('U0BOB', cancel!);
    expect(textOf(refused)).toMatch(/^Only slack:U0ANN can confirm or cancel this: halt trading/);
    expect(buttonsOf(refused)).toEqual([confirm, cancel]);
    expect(await app.trader!.isHalted()).toBe(false);

    const done = await press('U0ANN', confirm!);
    expect(textOf(done)).toBe('Trading is halted: open orders cancelled, no new orders until /ml resume.');
    expect(await app.trader!.isHalted()).toBe(true);
  });
});
