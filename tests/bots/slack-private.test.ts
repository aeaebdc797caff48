// On Slack, the user's own positions, orders, P&L, balance and limits are shown only to them outside a DM: a slash
// command answers with response_type ephemeral, a mention with chat.postEphemeral; in a DM they are ordinary messages.
// Confirmations are buttons (Confirm primary, Cancel danger), never "Reply yes".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/bots/http/http-server.ts';
import { startPlatforms, type RunningPlatforms } from '../../src/cli/start-platforms.ts';
import { signSlackRequest, startSlackFake, type SlackFake } from '../fakes/slack-server.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const SECRET = 'slack-signing-secret-for-private-tests';
let fake: SlackFake;
let app: TestApp;
let http: HttpServer;
let eventsUrl: string;
let running: RunningPlatforms;
let n = 0;

beforeAll(async () => {
  fake = await startSlackFake();
  app = await createTestApp(
    { SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, MLTRAINER_ALLOWED_USERS: 'slack:U0ANN' },
    { withTrading: true },
  );
  http = new HttpServer(async () => ({}));
  eventsUrl = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/slack/events`;
  running = await startPlatforms({ config: app.config, core: app.agent, db: app.db.db, clock: app.clock }, http);
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await http?.close();
  await app?.close();
  await fake?.close();
});

async function slash(channel: string, text: string): Promise<string> {
  const id = `r-${++n}`;
  const body = new URLSearchParams({
    team_id: 'T0TEST',
    channel_id: channel,
    channel_name: channel.startsWith('D') ? 'directmessage' : 'general',
    user_id: 'U0ANN',
    user_name: 'ann',
    command: '/ml',
    text,
    api_app_id: 'A0APP',
    response_url: fake.responseUrl(id),
    trigger_id: `1337.42.private${n}`,
  }).toString();
  const res = await fetch(eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SECRET, body) }, body });
  expect(res.status).toBe(200);
  await fake.waitFor((p) => p.some((m) => m.channel === id));
  return id;
}

async function mention(channel: string, text: string): Promise<void> {
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T0TEST',
    api_app_id: 'A0APP',
    event_id: `Ev${++n}`,
    event: { type: 'app_mention', user: 'U0ANN', text: `<@U0BOT> ${text}`, channel, ts: `1700000100.00000${n}`, event_ts: `1700000100.00000${n}` },
  });
  const res = await fetch(eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...signSlackRequest(SECRET, body) }, body });
  expect(res.status).toBe(200);
}

describe('private answers on Slack', () => {
  it('/ml positions is ephemeral in a channel and ordinary in a DM', async () => {
    const inChannel = fake.postedTo(await slash('C200', 'positions'))[0]!;
    expect(inChannel.responseType).toBe('ephemeral');
    expect(inChannel.text).toMatch(/No open positions|open position/);
    const inDm = fake.postedTo(await slash('D200', 'positions'))[0]!;
    expect(inDm.responseType).toBe('in_channel');
    // Not private: everyone in the channel may see the help.
    expect(fake.postedTo(await slash('C200', 'help'))[0]!.responseType).toBe('in_channel');
  });

  it('a mention asking for the balance is posted with chat.postEphemeral to the asker only', async () => {
    await mention('C201', 'balance');
    await fake.waitFor((p) => p.some((m) => m.channel === 'C201'));
    const posted = fake.postedTo('C201');
    expect(posted.every((m) => m.via === 'chat.postEphemeral' && m.user === 'U0ANN')).toBe(true);
    expect(posted[0]!.text).toMatch(/^Cash /);
  });

  it('asks for confirmation with styled buttons, not "Reply yes"', async () => {
    const answer = fake.postedTo(await slash('C202', 'halt'))[0]!;
    expect(answer.text + JSON.stringify(answer.blocks)).not.toMatch(/Reply yes/);
    const actions = answer.blocks.find((b) => b.type === 'actions')!.elements! as unknown as { text: { text: string }; style?: string }[];
    expect(actions.map((e) => [e.text.text, e.style])).toEqual([
      ['Confirm', 'primary'],
      ['Cancel', 'danger'],
    ]);
  });
});
