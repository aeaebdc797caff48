// Roles through the real core: a viewer reads, a trader also orders, an admin also changes settings; each level by
// slash command, by button and in plain English. Admins grant and remove roles from chat (confirmed); the
// environment's roles are a floor; a bad MLTRAINER_ROLES entry is refused at start; a grant survives a restart.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { allIntents } from '../../src/agent/intents/index.ts';
import { isAction, requiredRole } from '../../src/agent/intent.ts';
import { loadConfig } from '../../src/config.ts';
import { openDb, type DbHandle } from '../../src/engine/db/database.ts';
import { createApp, type App } from '../../src/main.ts';
import { seededHome } from '../support/seeded-home.ts';
import { openTestDb, usingPostgres } from '../support/test-db.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const ENV = { MLTRAINER_ROLES: 'admin:telegram:1,viewer:slack:U9', MLTRAINER_ALLOWED_USERS: 'telegram:2' };
const ADMIN = '1';
const TRADER = '2';
const VIEWER = '3';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp(ENV, { withTrading: true });
});
afterAll(async () => {
  await app?.close();
});

/** A message in the user's own Telegram chat; `button` sends the command as a button's data. */
const say = (userId: string, text: string, how: 'typed' | 'button' = 'typed'): Promise<Awaited<ReturnType<TestApp['agent']['handle']>>> =>
  app.agent.handle({ platform: 'telegram', chatId: userId, userId, text: how === 'button' ? '' : text, ...(how === 'button' ? { callbackData: text } : {}) } satisfies ChatMessage);

const first = async (userId: string, text: string, how: 'typed' | 'button' = 'typed') => (await say(userId, text, how)).replies[0]!.text;

describe('every intent declares its role', () => {
  it('actions need at least a trader; orders a trader; settings and pulls an admin', () => {
    const msg: ChatMessage = { platform: 'telegram', chatId: '5', userId: '5', text: '' };
    for (const def of allIntents()) {
      if (def.action === true) expect(requiredRole(def, {}, msg), def.name).not.toBe('viewer');
    }
    const need = (name: string, args: Record<string, unknown> = {}) => requiredRole(allIntents().find((d) => d.name === name)!, args, msg);
    expect(['buy', 'sell', 'close', 'cancel', 'halt', 'stopentry'].map((n) => need(n))).toEqual(Array(6).fill('trader'));
    expect([need('pull'), need('resume'), need('role'), need('limits', { positions: 3 }), need('autopilot', { state: 'on' }), need('watch', { action: 'add' })]).toEqual(Array(6).fill('admin'));
    expect([need('positions'), need('limits'), need('autopilot', { state: 'status' }), need('watch'), need('backtest')]).toEqual(Array(5).fill('viewer'));
    const group: ChatMessage = { platform: 'telegram', chatId: '-100', userId: '5', text: '' };
    const subscribe = allIntents().find((d) => d.name === 'subscribe')!;
    expect([requiredRole(subscribe, { topic: 'alerts' }, msg), requiredRole(subscribe, { topic: 'alerts' }, group)]).toEqual(['viewer', 'admin']);
    expect(isAction(allIntents().find((d) => d.name === 'role')!, { action: 'add' })).toBe(true);
  });
});

describe('each role, by slash command and by button', () => {
  for (const how of ['typed', 'button'] as const) {
    it(`a viewer reads but is refused orders and settings (${how})`, async () => {
      expect(await first(VIEWER, '/positions', how)).not.toMatch(/needs/);
      expect(await first(VIEWER, '/buy SPX 1', how)).toBe('/buy needs a trader, and telegram:3 is a viewer. An admin can grant it with /role add telegram:3 trader.');
      expect(await first(VIEWER, '/limits positions=9', how)).toBe('/limits needs an admin, and telegram:3 is a viewer. An admin can grant it with /role add telegram:3 admin.');
    });

    it(`a trader orders but is refused settings (${how})`, async () => {
      expect(await first(TRADER, '/positions', how)).not.toMatch(/needs/);
      expect(await first(TRADER, '/buy SPX 1', how)).toMatch(/^Please confirm: buy 1 SPX at market \(at about 2,874\.56 a share/);
      await say(TRADER, 'no');
      expect(await first(TRADER, '/autopilot on', how)).toBe('/autopilot needs an admin, and telegram:2 is a trader. An admin can grant it with /role add telegram:2 admin.');
    });

    it(`an admin does all three (${how})`, async () => {
      expect(await first(ADMIN, '/positions', how)).not.toMatch(/needs/);
      expect(await first(ADMIN, '/buy SPX 1', how)).toMatch(/^Please confirm: buy 1 SPX/);
      await say(ADMIN, 'no');
      expect(await first(ADMIN, '/limits positions=9', how)).toMatch(/^Please confirm: /);
      await say(ADMIN, 'no');
    });
  }

  it('plain English is held to the same roles', async () => {
    expect(await first(VIEWER, 'buy 1 share of SPX')).toMatch(/^\/buy needs a trader, and telegram:3 is a viewer/);
    expect(await first(TRADER, 'buy 1 share of SPX')).toMatch(/^Please confirm: buy 1 SPX/);
    await say(TRADER, 'no');
    expect(await first(TRADER, 'turn the autopilot on')).toMatch(/^\/autopilot needs an admin/);
  });

  it('the console is admin', async () => {
    const r = await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text: '/limits positions=9' });
    expect(r.replies[0]!.text).toMatch(/^Please confirm: /);
    await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text: 'no' });
  });
});

describe('/role from chat', () => {
  it('is refused to a trader', async () => {
    expect(await first(TRADER, '/role')).toBe('/role needs an admin, and telegram:2 is a trader. An admin can grant it with /role add telegram:2 admin.');
    expect(await first(TRADER, '/role add telegram:2 admin')).toMatch(/^\/role needs an admin/);
  });

  it('an admin grants a role (confirmed), lists it, and removes it; the environment\'s role is a floor', async () => {
    const ask = await first(ADMIN, '/role add telegram:3 trader');
    expect(ask).toMatch(/^Please confirm: make telegram:3 a trader\./);
    expect(await first(VIEWER, '/buy SPX 1')).toMatch(/^\/buy needs a trader/);
    expect(await first(ADMIN, 'yes')).toBe('telegram:3 is now granted a trader.');
    expect(await first(VIEWER, '/buy SPX 1')).toMatch(/^Please confirm: buy 1 SPX/);
    await say(VIEWER, 'no');

    const list = (await say(ADMIN, '/role')).replies[0]!;
    expect(list.code).toMatch(/telegram:1\s+admin\s+env/);
    expect(list.code).toMatch(/telegram:2\s+trader\s+env/);
    expect(list.code).toMatch(/slack:U9\s+viewer\s+env/);
    expect(list.code).toMatch(/telegram:3\s+trader\s+by telegram:1/);

    await say(ADMIN, '/role remove telegram:3');
    expect(await first(ADMIN, 'yes')).toBe('Removed the role granted to telegram:3; telegram:3 is now a viewer.');
    expect(await first(VIEWER, '/buy SPX 1')).toMatch(/^\/buy needs a trader/);

    await say(ADMIN, '/role add telegram:2 viewer');
    expect(await first(ADMIN, 'yes')).toBe('telegram:2 is now granted a viewer. It stays a trader: the environment (MLTRAINER_ROLES or MLTRAINER_ALLOWED_USERS) sets that as its floor.');
    await say(ADMIN, '/role remove telegram:2');
    expect(await first(ADMIN, 'yes')).toBe('Removed the role granted to telegram:2; telegram:2 is now a trader, as the environment sets.');
  });

  it('refuses a malformed user or role with a sentence', async () => {
    expect(await first(ADMIN, '/role add bob trader')).toMatch(/must be written platform:id, like telegram:123/);
    expect(await first(ADMIN, '/role add telegram:5 boss')).toMatch(/must be one of viewer, trader, admin/);
    expect(await first(ADMIN, '/role add telegram:5')).toBe('Name the role (viewer, trader or admin), like /role add telegram:5 trader.');
  });
});

describe('MLTRAINER_ROLES at start', () => {
  it('refuses a bad entry with one line', () => {
    expect(() => loadConfig({ MLTRAINER_ROLES: 'boss:telegram:1' })).toThrow(/^MLTRAINER_ROLES: must be role:platform:<id> entries/);
    expect(() => loadConfig({ MLTRAINER_ROLES: 'admin:telegram:1,viewer:telegram:1' })).toThrow('MLTRAINER_ROLES: names one user with two different roles');
    expect(loadConfig({ MLTRAINER_ROLES: 'viewer:telegram:2', MLTRAINER_ALLOWED_USERS: 'telegram:2,slack:U1' }).roles).toEqual({ 'telegram:2': 'trader', 'slack:U1': 'trader' });
  });
});

describe('a granted role across a restart', () => {
  let home: string;
  let pgUrl: string | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    home = await seededHome('mlt-roles-');
  });
  afterAll(async () => {
    await cleanup?.();
    fs.rmSync(home, { recursive: true, force: true });
  });

  async function openSameDb(): Promise<DbHandle> {
    if (usingPostgres()) {
      if (!pgUrl) {
        const db = await openTestDb();
        pgUrl = db.url!;
        cleanup = () => db.close();
        return { ...db, close: async () => undefined };
      }
      return openDb({ databaseUrl: pgUrl });
    }
    return openDb({ home, noLock: true });
  }
  const start = async (): Promise<App> => createApp(loadConfig({ MLTRAINER_HOME: home, MLTRAINER_LOG_LEVEL: 'warn', ...ENV }), { db: await openSameDb(), terminalLogs: false });
  const ask = (a: App, userId: string, text: string) => a.agent.handle({ platform: 'telegram', chatId: userId, userId, text }).then((r) => r.replies[0]!.text);

  it('keeps a grant after the database is closed and opened again', async () => {
    const before = await start();
    await ask(before, ADMIN, '/role add telegram:7 admin');
    expect(await ask(before, ADMIN, 'yes')).toBe('telegram:7 is now granted an admin.');
    await before.close();
    const after = await start();
    try {
      expect(await ask(after, '7', '/role')).not.toMatch(/needs/);
      expect(await ask(after, '8', '/role')).toMatch(/^\/role needs an admin, and telegram:8 is a viewer/);
    } finally {
      await after.close();
    }
  });
});
