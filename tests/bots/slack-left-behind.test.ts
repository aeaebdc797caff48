// Several instances on one PostgreSQL database, Slack served by whichever receives a request: a slash command another
// instance recorded and is still answering is left to it; once that instance is gone (its database session ends, as
// on a crash), this one's periodic check answers it, once, through its response_url at the loopback Slack server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/bots/http/http-server.ts';
import { startPlatforms, type RunningPlatforms } from '../../src/cli/start-platforms.ts';
import { openDb } from '../../src/engine/db/database.ts';
import { InstancePresence } from '../../src/engine/db/instance-presence.ts';
import { HandledUpdateStore } from '../../src/engine/notify/handled-update-store.ts';
import { startSlackFake, type SlackFake } from '../fakes/slack-server.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import type { TestDb } from '../support/test-db.ts';
import { usingPostgres } from '../support/test-db.ts';

let fake: SlackFake;
let app: TestApp;
let http: HttpServer;
let running: RunningPlatforms | undefined;
let presence: InstancePresence | undefined;

beforeAll(async () => {
  fake = await startSlackFake();
});
afterAll(async () => {
  await running?.stop();
  await presence?.withdraw();
  await http?.close();
  await app?.close();
  await fake?.close();
});

describe.skipIf(!usingPostgres())('a Slack request left by an instance that died', () => {
  it('is left to its live owner, then answered once by another instance after the owner is gone', async () => {
    app = await createTestApp({ SLACK_BOT_TOKEN: fake.botToken, SLACK_SIGNING_SECRET: 'slack-signing-secret-for-tests', SLACK_API_URL: fake.apiUrl });
    // The other instance: its own connection and presence, a request recorded (acknowledged to Slack), not answered.
    const other = await openDb({ databaseUrl: (app.db as TestDb).url! });
    const otherPresence = await InstancePresence.announce(other);
    const message = { platform: 'slack', chatId: 'C300', userId: 'U0ANN', text: '/status' };
    const where = { channel: 'C300', user: 'U0ANN', responseUrl: fake.responseUrl('r-left') };
    expect(await new HandledUpdateStore(other.db, otherPresence).record('slack', 'trigger:left-1', { chatId: 'C300', message, target: { where } })).toBe(true);

    presence = await InstancePresence.announce(app.db);
    http = new HttpServer(async () => ({}));
    await http.listen(0, '127.0.0.1');
    running = await startPlatforms({ config: app.config, core: app.agent, db: app.db.db, clock: app.clock, presence }, http, { leftBehindCheckMs: 200 });
    // Started and checked several times while the owner lives: not answered here.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(fake.postedTo('r-left')).toHaveLength(0);

    await other.close(); // the owner's session ends, its presence lock with it
    await fake.waitFor((p) => p.some((m) => m.channel === 'r-left'), 20_000);
    await new Promise((r) => setTimeout(r, 1_000)); // time for a second answer to show, if there were one
    const answers = fake.postedTo('r-left');
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers[0]!.blocks)).toContain('Answered after a restart');
    expect(await new HandledUpdateStore(app.db.db).unanswered('slack')).toEqual([]);
  }, 60_000);
});
