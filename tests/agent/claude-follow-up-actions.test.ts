// With the language model answering: a vague follow-up it reads as the last action ("what about BRK.B" after
// /close SPX, "and now?" after /halt) is not put up for confirmation; a message that names the action is.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { FAKE_KEY, lastToolResults, startAnthropicFake, text, toolUse, type AnthropicFake } from '../fakes/anthropic-server.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let fake: AnthropicFake;
let app: TestApp;
let chat = 0;

const msg = (t: string): ChatMessage => ({ platform: 'telegram', chatId: `cfa${chat}`, userId: '42', text: t });

beforeAll(async () => {
  fake = await startAnthropicFake();
  app = await createTestApp(
    { ANTHROPIC_API_KEY: FAKE_KEY, ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_MODEL: 'claude-test', MLTRAINER_ALLOWED_USERS: 'telegram:42' },
    { withTrading: true },
  );
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
});

beforeEach(() => {
  fake.script = [];
  fake.whenEmpty = null;
  fake.requests.length = 0;
  chat++;
});

describe('actions the language model proposes', () => {
  it('"what about BRK.B" read as /close SPX is refused, nothing to confirm', async () => {
    fake.script = [{ content: [toolUse('close', { symbol: 'SPX' })] }, { content: [text('I did not close anything.')] }];
    const r = await app.agent.handle(msg('what about BRK.B'));
    // The model is told why (and words the answer); nothing waits for a confirmation.
    expect(lastToolResults(fake.requests[1]!.body)).toEqual(['I did not put /close up for confirmation: your message does not ask for it. To do it, say it: /close SYMBOL|all.']);
    expect(r.replies.some((x) => x.buttons?.length)).toBe(false);
    expect((await app.agent.handle(msg('yes'))).replies[0]!.text).toBe('There is nothing waiting for a confirmation.');
    expect((await app.services.audit.recent(1))[0]).toMatchObject({ intent: 'close', outcome: 'refused' });
  });

  it('"and now?" read as /halt is refused; "halt trading" is put up for confirmation', async () => {
    fake.script = [{ content: [toolUse('halt', {})] }, { content: [text('Nothing was done.')] }];
    await app.agent.handle(msg('and now?'));
    expect(lastToolResults(fake.requests[1]!.body)[0]).toMatch(/^I did not put \/halt up for confirmation/);
    expect((await app.agent.handle(msg('yes'))).replies[0]!.text).toBe('There is nothing waiting for a confirmation.');

    fake.script = [{ content: [toolUse('halt', {})] }, { content: [text('Please confirm the halt.')] }];
    await app.agent.handle(msg('halt trading please'));
    expect(lastToolResults(fake.requests[3]!.body)[0]).toMatch(/^Please confirm: halt trading/);
    expect((await app.agent.handle(msg('no'))).replies[0]!.text).toMatch(/^Cancelled: halt trading/);
    expect(await app.trader!.isHalted()).toBe(false);
  });
});
