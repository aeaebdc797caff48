// The Slack adapter started the way `mltrainer start` starts it (the whole app, startPlatforms, Bolt's receiver at
// /slack/events on the shared HTTP port), with signed requests posted to it and the Web API pointed at a loopback
// fake through SLACK_API_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/bots/http/http-server.ts';
import { startPlatforms, type RunningPlatforms } from '../../src/cli/start-platforms.ts';
import { HandledUpdateStore } from '../../src/engine/notify/handled-update-store.ts';
import { signSlackRequest, startSlackFake, type SlackFake } from '../fakes/slack-server.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { writeSpxChart } from './spx-chart.ts';

const SECRET = 'slack-signing-secret-for-tests';
let fake: SlackFake;
let app: TestApp;
let http: HttpServer;
let eventsUrl: string;
let running: RunningPlatforms;
let trigger = 0;

beforeAll(async () => {
  fake = await startSlackFake();
  app = await createTestApp({ SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });
  http = new HttpServer(async () => ({}));
  eventsUrl = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/slack/events`;
  running = await startPlatforms({ config: app.config, core: app.agent, db: app.db.db, clock: app.clock }, http);
});

afterAll(async () => {
  await running?.stop();
  await http?.close();
  await app?.close();
  await fake?.close();
});

function slashBody(channel: string, text: string, responseId: string): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T0TEST',
    team_domain: 'test',
    channel_id: channel,
    channel_name: 'general',
    user_id: 'U0ANN',
    user_name: 'ann',
    command: '/ml',
    text,
    api_app_id: 'A0APP',
    response_url: fake.responseUrl(responseId),
    trigger_id: `1337.42.trigger${++trigger}`,
  }).toString();
}

async function post(body: string, headers: Record<string, string>, type = 'application/x-www-form-urlencoded'): Promise<number> {
  const res = await fetch(eventsUrl, { method: 'POST', headers: { 'content-type': type, ...headers }, body });
  await res.arrayBuffer();
  return res.status;
}

const signed = (body: string, ts?: number) => signSlackRequest(SECRET, body, ts);
const sectionTexts = (p: { blocks: { type: string; text?: { text: string } }[] }) => p.blocks.filter((b) => b.type === 'section').map((b) => b.text!.text).join('\n');

describe('slack adapter (HTTP receiver on the shared port)', () => {
  it('answers a signed /ml slash command through its response_url, as Block Kit', async () => {
    const body = slashBody('C100', 'help', 'r-help');
    expect(await post(body, signed(body))).toBe(200);
    await fake.waitFor((p) => p.some((m) => m.channel === 'r-help'));
    const answer = fake.postedTo('r-help')[0]!;
    expect(answer.via).toBe('response_url');
    expect(answer.responseType).toBe('in_channel');
    expect(sectionTexts(answer)).toContain('mlTrainer');
    // Help in the form a Slack user types: /ml COMMAND.
    expect(sectionTexts(answer)).toMatch(/```\n[\s\S]*\/ml status[\s\S]*\n```/);
    expect(sectionTexts(answer)).not.toMatch(/(^|\s)\/backtest/);
  });

  it('refuses a bad signature and a stale timestamp with 401 and runs nothing', async () => {
    const bad = slashBody('C101', 'status', 'r-bad');
    expect(await post(bad, { ...signed(bad), 'x-slack-signature': 'v0=' + '0'.repeat(64) })).toBe(401);
    expect(await post(bad, {})).toBe(401);
    const stale = slashBody('C101', 'status', 'r-stale');
    expect(await post(stale, signed(stale, Math.floor(Date.now() / 1000) - 6 * 60))).toBe(401);
    // correctly signed, but dated in the future: refused as well (+6 minutes, +1 hour, +1 year)
    for (const ahead of [6 * 60, 3600, 365 * 86_400]) {
      const future = slashBody('C101', 'status', `r-future-${ahead}`);
      expect(await post(future, signed(future, Math.floor(Date.now() / 1000) + ahead))).toBe(401);
    }
    // A valid request in the same channel runs after anything queued before it: only it is answered.
    const good = slashBody('C101', 'help', 'r-good');
    expect(await post(good, signed(good))).toBe(200);
    await fake.waitFor((p) => p.some((m) => m.channel === 'r-good'));
    expect(fake.postedTo('r-bad')).toHaveLength(0);
    expect(fake.postedTo('r-stale')).toHaveLength(0);
    for (const ahead of [6 * 60, 3600, 365 * 86_400]) expect(fake.postedTo(`r-future-${ahead}`)).toHaveLength(0);
  });

  it('runs a replayed request (same body and signature) only once', async () => {
    const body = slashBody('C102', 'status', 'r-replay');
    const headers = signed(body);
    expect(await post(body, headers)).toBe(200);
    expect(await post(body, headers)).toBe(200); // acknowledged, so Slack stops retrying, but not run again
    const after = slashBody('C102', 'help', 'r-after-replay');
    expect(await post(after, signed(after))).toBe(200);
    await fake.waitFor((p) => p.some((m) => m.channel === 'r-after-replay'));
    expect(fake.postedTo('r-replay')).toHaveLength(1);
    expect(sectionTexts(fake.postedTo('r-replay')[0]!)).toContain('Database:');
  });

  it('answers an app mention and a direct message with chat.postMessage; a retried event runs once', async () => {
    const event = (id: string, e: Record<string, unknown>) =>
      JSON.stringify({ token: 'legacy', team_id: 'T0TEST', api_app_id: 'A0APP', type: 'event_callback', event_id: id, event_time: 1700000000, event: e });
    const mention = event('Ev0MENTION', { type: 'app_mention', user: 'U0ANN', text: '<@U0BOT> status', ts: '1700000000.000100', channel: 'C200', event_ts: '1700000000.000100' });
    expect(await post(mention, signed(mention), 'application/json')).toBe(200);
    expect(await post(mention, { ...signed(mention), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }, 'application/json')).toBe(200);
    const dm = event('Ev0DM', { type: 'message', channel_type: 'im', user: 'U0ANN', text: 'help', ts: '1700000000.000200', channel: 'D300', event_ts: '1700000000.000200' });
    expect(await post(dm, signed(dm), 'application/json')).toBe(200);
    await fake.waitFor((p) => p.some((m) => m.channel === 'D300'));
    const more = event('Ev0MENTION2', { type: 'app_mention', user: 'U0ANN', text: '<@U0BOT> help', ts: '1700000000.000300', channel: 'C200', event_ts: '1700000000.000300' });
    expect(await post(more, signed(more), 'application/json')).toBe(200);
    await fake.waitFor((p) => p.filter((m) => m.channel === 'C200').length >= 2);
    const inChannel = fake.postedTo('C200');
    expect(inChannel).toHaveLength(2);
    expect(inChannel[0]!.via).toBe('chat.postMessage');
    expect(sectionTexts(inChannel[0]!)).toContain('Database:');
    expect(sectionTexts(fake.postedTo('D300')[0]!)).toContain('mlTrainer');
  });

  it('sends a button action back to the core as callbackData and takes the buttons off', async () => {
    const payload = {
      type: 'block_actions',
      user: { id: 'U0ANN', username: 'ann', team_id: 'T0TEST' },
      api_app_id: 'A0APP',
      token: 'legacy',
      container: { type: 'message', message_ts: '1700000000.000400', channel_id: 'C400', is_ephemeral: false },
      trigger_id: '1337.42.button',
      team: { id: 'T0TEST', domain: 'test' },
      channel: { id: 'C400', name: 'general' },
      message: {
        type: 'message',
        ts: '1700000000.000400',
        text: 'Please confirm',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: 'Please confirm: buy 1 SPY.' } },
          { type: 'actions', elements: [{ type: 'button', action_id: 'mlt_btn_1', text: { type: 'plain_text', text: 'Cancel' }, value: 'cancel:nope' }] },
        ],
      },
      response_url: fake.responseUrl('r-button'),
      actions: [{ type: 'button', action_id: 'mlt_btn_1', block_id: 'b1', text: { type: 'plain_text', text: 'Cancel' }, value: 'cancel:nope', action_ts: '1700000001.1' }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    expect(await post(body, signed(body))).toBe(200);
    await fake.waitFor((p) => p.some((m) => m.channel === 'C400') && p.some((m) => m.channel === 'r-button'));
    const replaced = fake.postedTo('r-button')[0]!;
    expect(replaced.replaceOriginal).toBe(true);
    expect(replaced.blocks.map((b) => b.type)).toEqual(['section']);
    // The core settles `cancel:<id>` only from callbackData; an unknown id is refused, nothing is done.
    expect(sectionTexts(fake.postedTo('C400')[0]!)).toBe('That request was already handled or has expired; nothing was done.');
  });

  it('waits the Retry-After of a 429 from chat.postMessage', async () => {
    fake.knobs.rateLimitPosts = 1;
    fake.knobs.retryAfterSeconds = 1;
    const e = JSON.stringify({ type: 'event_callback', team_id: 'T0TEST', api_app_id: 'A0APP', event_id: 'Ev0LIMIT', event_time: 1, event: { type: 'app_mention', user: 'U0ANN', text: '<@U0BOT> help', ts: '1.5', channel: 'C500', event_ts: '1.5' } });
    expect(await post(e, signed(e), 'application/json')).toBe(200);
    await fake.waitFor((p) => p.some((m) => m.channel === 'C500'));
    const limited = fake.calls.find((c) => c.method === 'chat.postMessage' && c.status === 429)!;
    expect(fake.postedTo('C500')[0]!.at - limited.at).toBeGreaterThanOrEqual(1000);
  });

  it('keeps Block Kit limits on a long answer and uploads charts as files', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `${String(i).padStart(4, '0')}  close<1500 & >1400  ${'.'.repeat(40)}`);
    await running.slack!.sender.sendReply('C600', { text: 'The whole table:', code: rows.join('\n') });
    const messages = fake.postedTo('C600');
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      for (const b of m.blocks) expect(b.text!.text.length).toBeLessThan(3000 + 1);
    }
    const shown = messages.map(sectionTexts).join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    for (const r of rows) expect(shown).toContain(r);

    const chart = await writeSpxChart(app.home);
    await running.slack!.sender.sendReply('C601', { text: 'SPX close', image: chart });
    await fake.waitFor((_p, u) => u.some((x) => x.channel === 'C601'));
    const upload = fake.uploads.find((u) => u.channel === 'C601')!;
    expect(upload.bytes).toBeGreaterThan(5000);
    expect(upload.title).toBe('SPX close');
  });
});

describe('slack requests a crash cut short', () => {
  it('answers after the restart a slash command that was recorded but not answered, once, through its response_url', async () => {
    await running.stop();
    // What a process killed after acknowledging the request leaves behind: the journal row, no answer.
    const journal = new HandledUpdateStore(app.db.db);
    const message = { platform: 'slack', chatId: 'C190', userId: 'U0ANN', text: '/status' };
    const where = { channel: 'C190', user: 'U0ANN', responseUrl: fake.responseUrl('r-crash') };
    expect(await journal.record('slack', 'trigger:crashed-1', { chatId: 'C190', message, target: { where } })).toBe(true);
    running = await startPlatforms({ config: app.config, core: app.agent, db: app.db.db, clock: app.clock }, http);
    await fake.waitFor((p) => p.some((m) => m.channel === 'r-crash'));
    const answer = fake.postedTo('r-crash');
    expect(answer).toHaveLength(1);
    expect(sectionTexts(answer[0]!)).toMatch(/^mlTrainer \d+\.\d+\.\d+/);
    expect(sectionTexts(answer[0]!)).toMatch(/\(Answered after a restart: your message arrived at \d\d:\d\d UTC\.\)/);
    for (let i = 0; i < 400 && (await journal.unanswered('slack')).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await journal.unanswered('slack')).toEqual([]); // marked answered once the answer was out
    // A retry of the same request from Slack is recognised and not answered again.
    expect(await journal.record('slack', 'trigger:crashed-1', { chatId: 'C190', message, target: { where } })).toBe(false);
  });
});
