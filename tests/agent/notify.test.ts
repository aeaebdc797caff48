// /notify in chat: lists this chat's alert kinds with their modes, sets one kind or all, asks how when no mode is
// given, and keeps the choice in the database for the notifier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertSettingsStore } from '../../src/engine/notify/alert-settings-store.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
// the user's own chat (a Telegram private chat's id is the user's): in a group, changing alerts is an admin's
const chat = { platform: 'telegram' as const, chatId: 'u1' };

async function say(text: string): Promise<string> {
  const r = await app.agent.handle({ ...chat, userId: 'u1', text });
  return r.replies.map((x) => `${x.text}\n${x.code ?? ''}`).join('\n');
}

beforeAll(async () => {
  app = await createTestApp();
}, 60_000);
afterAll(async () => app?.close());

describe('/notify', () => {
  it('lists the defaults, sets a kind and all kinds, and the notifier reads the same settings', async () => {
    const list = await say('/notify');
    expect(list).toMatch(/^This chat's alerts:\nThis chat does not receive alerts yet: \/subscribe alerts turns them on\./);
    expect(list).toMatch(/fill\s+on\s+an order filled in full/);
    expect(list).toMatch(/partial-fill\s+silent/);
    expect(await say('/notify fill')).toBe('Say how: /notify fill on, /notify fill silent or /notify fill off.\n');
    expect(await say('/notify fill silent')).toMatch(/^Set: fill silent for this chat\./);
    const store = new AlertSettingsStore(app.db.db);
    expect((await store.modesOf(chat)).fill).toBe('silent');
    await say('/notify all off');
    expect(Object.values(await store.modesOf(chat)).every((m) => m === 'off')).toBe(true);
    expect(await say('/notify bogus off')).toMatch(/bogus/);
  });

  it('offers one button per kind that moves it to its next mode, and a press sets it', async () => {
    const other = { platform: 'slack' as const, chatId: 'D0N2' }; // a direct message: the user's own chat
    const r = await app.agent.handle({ ...other, userId: 'U1', text: '/notify' });
    const buttons = r.replies[0]!.buttons ?? [];
    expect(buttons.find((b) => b.label === 'fill: silent')?.data).toBe('/notify fill silent');
    expect(buttons.find((b) => b.label === 'partial-fill: off')?.data).toBe('/notify partial-fill off');
    expect(buttons.find((b) => b.label === 'protective: silent')?.data).toBe('/notify protective silent');
    const pressed = await app.agent.handle({ ...other, userId: 'U1', text: 'fill: silent', callbackData: '/notify fill silent' });
    expect(pressed.replies[0]!.text).toMatch(/^Set: fill silent for this chat\./);
    expect(pressed.replies[0]!.buttons?.find((b) => b.data.startsWith('/notify fill '))?.label).toBe('fill: off');
    expect((await new AlertSettingsStore(app.db.db).modesOf(other)).fill).toBe('silent');
  });
});
