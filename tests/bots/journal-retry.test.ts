// A database that fails for a moment while an update is being recorded: the recording is retried, so the update is
// answered once and only then confirmed to Telegram, instead of being confirmed unrecorded (lost at a crash).
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../../src/bots/telegram/telegram-adapter.ts';
import { HandledUpdateStore } from '../../src/engine/notify/handled-update-store.ts';
import type { UpdateJournal } from '../../src/bots/inbound/inbound-pipeline.ts';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-server.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp | undefined;
let fake: TelegramFake | undefined;
let adapter: TelegramAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  await app?.close();
  [adapter, fake, app] = [undefined, undefined, undefined];
});

describe('recording an update', () => {
  it('is retried while the database fails, and the update answered once', async () => {
    fake = await startTelegramFake();
    app = await createTestApp();
    const store = new HandledUpdateStore(app.db.db);
    let failures = 2;
    const attempts: string[] = [];
    const journal: UpdateJournal = {
      async record(platform, key, entry) {
        attempts.push(key);
        if (failures-- > 0) throw new Error('connection reset by the database');
        return store.record(platform, key, entry);
      },
      finish: (platform, key, at) => store.finish(platform, key, at),
      claimUnanswered: (platform) => store.claimUnanswered(platform),
      noteRepliesSent: (platform, key, count) => store.noteRepliesSent(platform, key, count),
    };
    adapter = new TelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, core: app.agent, journal, commands: [] });
    await adapter.start();
    const id = fake.pushMessage(4242, '/help').update_id;
    await fake.waitFor(() => fake!.sentTo(4242).length >= 1, 20_000);
    expect(attempts.length).toBe(3);
    expect(new Set(attempts).size).toBe(1);
    await fake.waitFor(() => fake!.confirmedUpTo >= id, 20_000);
    expect(fake.sentTo(4242)).toHaveLength(1);
    expect(fake.sentTo(4242)[0]!.text).toContain('/backtest');
    await expect.poll(() => store.unanswered('telegram'), { timeout: 10_000 }).toEqual([]);
  }, 40_000);
});
