// The default Claude model: a request with it draws no end-of-life warning from the SDK (which would land in the
// console chat on every message), checked against the loopback Messages API; ANTHROPIC_MODEL still overrides it.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClaudeUnderstander } from '../../src/agent/claude/claude-understander.ts';
import { allIntents } from '../../src/agent/intents/index.ts';
import type { UnderstandInput } from '../../src/agent/understand/understander.ts';
import { DEFAULT_ANTHROPIC_MODEL, loadConfig } from '../../src/config.ts';
import { FAKE_KEY, startAnthropicFake, text, type AnthropicFake } from '../fakes/anthropic-server.ts';

let fake: AnthropicFake;

beforeAll(async () => {
  fake = await startAnthropicFake();
});

afterAll(async () => {
  await fake?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
  fake.requests.length = 0;
});

const input: UnderstandInput = {
  message: { platform: 'console', chatId: 'console', userId: 'me', text: 'hello' },
  memory: {},
  history: [],
  vocabulary: { symbols: ['SPX'], newest: { SPX: '2020-04-17' }, isModelId: () => false, today: '2026-12-04' },
};

async function askOnce(model: string): Promise<void> {
  fake.script = [{ content: [text('Hello.')] }];
  const claude = new ClaudeUnderstander({ apiKey: FAKE_KEY, baseUrl: fake.url, model }, allIntents());
  const r = await claude.understand(input, async () => ({ intent: null, replies: [], ok: true }));
  expect(r).toMatchObject({ kind: 'answered', replies: [{ text: 'Hello.' }] });
}

describe('the default Claude model', () => {
  it('is used when ANTHROPIC_MODEL is not set, and ANTHROPIC_MODEL overrides it', () => {
    expect(loadConfig({ ANTHROPIC_API_KEY: FAKE_KEY }).anthropic?.model).toBe(DEFAULT_ANTHROPIC_MODEL);
    expect(loadConfig({ ANTHROPIC_API_KEY: FAKE_KEY, ANTHROPIC_MODEL: 'claude-opus-5' }).anthropic?.model).toBe('claude-opus-5');
  });

  it('prints no end-of-life warning when a request is sent with it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await askOnce(loadConfig({ ANTHROPIC_API_KEY: FAKE_KEY, ANTHROPIC_BASE_URL: fake.url }).anthropic!.model);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body.model).toBe(DEFAULT_ANTHROPIC_MODEL);
    expect(warn).not.toHaveBeenCalled();
  });

  it('(the SDK does warn for the old default, so the check above can see a warning)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await askOnce('claude-sonnet-4-5');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("The model 'claude-sonnet-4-5' is deprecated and will reach end-of-life"));
  });
});
