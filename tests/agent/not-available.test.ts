// Names the store or registry does not hold, through the real core on the seeded test database: each answer names
// what was asked for and the closest real choices, and nothing is run in its place (no backtest, no chart).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { NOT_AVAILABLE } from './trader-phrasings.ts';

let app: TestApp;
let n = 0;
const ask = (text: string, chatId = `na${++n}`) => app.agent.handle({ platform: 'console', chatId, userId: 'local', text } satisfies ChatMessage);

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('not available, or did you mean', () => {
  it.each(NOT_AVAILABLE.map((c) => [c.text, c] as const))('%s', async (_label, c) => {
    const r = await ask(c.text);
    expect(r.replies).toHaveLength(1);
    const reply = r.replies[0]!;
    expect(reply.text).toMatch(c.says);
    expect(reply.text).not.toMatch(/^Backtest of|^Comparison on/);
    expect(reply.image ?? null).toBeNull();
  });

  it('offers ready commands as buttons when it asks, and a pressed button runs its command', async () => {
    const r = await ask('backtest the random forest on spx since 2015', 'rf');
    expect(r.replies[0]!.buttons?.map((b) => b.data)).toEqual(['/backtest rf-clf-tech-12 SPX 2015-01-01', '/backtest rf-clf-mix-12 SPX 2015-01-01']);
    const pressed = await app.agent.handle({ platform: 'telegram', chatId: 'rf', userId: '1', text: 'rf-clf-tech-12', callbackData: '/backtest rf-clf-tech-12 SPX 2015-01-01' });
    expect(pressed.intent).toEqual({ name: 'backtest', args: { model: 'rf-clf-tech-12', symbol: 'SPX', from: '2015-01-01' } });
    expect(pressed.replies[0]!.text).toMatch(/^Backtest of rf-clf-tech-12 on SPX, 2015-01-02\.\.2020-04-17 \(\d+ daily bars\)\./);
  });
});
