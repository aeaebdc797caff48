// The default Claude model: one the installed SDK does not list as deprecated (the SDK prints an end-of-life warning
// on every request with such a model, which would land in the console chat), and ANTHROPIC_MODEL still overrides it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClaudeUnderstander } from '../../src/agent/claude/claude-understander.ts';
import { allIntents } from '../../src/agent/intents/index.ts';
import type { UnderstandInput } from '../../src/agent/understand/understander.ts';
import { DEFAULT_ANTHROPIC_MODEL, loadConfig } from '../../src/config.ts';
import { FAKE_KEY, startAnthropicFake, text, type AnthropicFake } from '../fakes/anthropic-server.ts';

// The SDK's own deprecation table (not exported, so read from the installed package).
const sdkDir = path.dirname(createRequire(import.meta.url).resolve('@anthropic-ai/sdk'));
const deprecationTable = fs.readFileSync(path.join(sdkDir, 'internal/data/deprecated-models.js'), 'utf8');
const sdkModelType = fs.readFileSync(path.join(sdkDir, 'resources/messages/messages.d.ts'), 'utf8');

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
  it('is a Sonnet the installed SDK knows and does not list as deprecated', () => {
    expect(DEFAULT_ANTHROPIC_MODEL).toBe('claude-sonnet-5-5');
    expect(sdkModelType).toContain(`'${DEFAULT_ANTHROPIC_MODEL}'`);
    expect(deprecationTable).toContain("'claude-sonnet-4-5'");
    expect(deprecationTable).not.toContain(`'${DEFAULT_ANTHROPIC_MODEL}'`);
  });

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
