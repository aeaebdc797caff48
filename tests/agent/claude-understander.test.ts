// The Claude path against a real HTTP server on loopback that speaks the Messages API: tools offered from the intents,
// a multi-step tool-use loop, the final text's numbers checked against the tool results, and the fallback to the
// offline understander (with its notice) on malformed tool input, 529, 500 and a timeout; the loop's step bound on a
// model that never stops calling tools; and the follow-up "now compare it with rsi" through tool use.
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FALLBACK_NOTICE, MlAgent } from '../../src/agent/agent.ts';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { stepBoundNotice } from '../../src/agent/claude/claude-understander.ts';
import { numbersIn } from '../../src/agent/claude/number-check.ts';
import { FAKE_KEY, lastToolResults, startAnthropicFake, text, toolUse, type AnthropicFake } from '../fakes/anthropic-server.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let fake: AnthropicFake;
let app: TestApp;
let chat = 0;

const msg = (t: string, chatId: string): ChatMessage => ({ platform: 'telegram', chatId, userId: '42', text: t });

beforeAll(async () => {
  fake = await startAnthropicFake();
  app = await createTestApp({ ANTHROPIC_API_KEY: FAKE_KEY, ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_MODEL: 'claude-test' });
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
});

beforeEach(() => {
  fake.script = [];
  fake.whenEmpty = null;
  fake.failures = 0;
  fake.requests.length = 0;
  chat++;
});

const BACKTEST = { model: 'sma-cross-20-50', symbol: 'SPX', from: '2010-01-01' };

describe('Claude understander', () => {
  it('runs a multi-step tool-use loop and answers with numbers taken from the tool results', async () => {
    let quoted = '';
    fake.script = [
      { content: [text('Running the backtest.'), toolUse('backtest', BACKTEST)] },
      { content: [toolUse('compare', { models: ['sma-cross-20-50', 'rsi-14-30-70'], symbol: 'SPX', from: '2010-01-01' })] },
      (req) => {
        const results = lastToolResults(req);
        // Quote the compare table's first return figure, as a careful model would.
        quoted = /sma-cross-20-50\s+(-?\d+\.\d+%)/.exec(results[0] ?? '')?.[1] ?? 'none';
        return { content: [text(`The 20/50 crossover returned ${quoted} since 2010, less than the RSI model.`)] };
      },
    ];
    const r = await app.agent.handle(msg('backtest a 20/50 sma crossover on SPX since 2010 and compare it with rsi', `c${chat}`));
    expect(fake.requests).toHaveLength(3);
    // The key went as a bearer token; the intents were offered as tools with object schemas.
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${FAKE_KEY}`);
    const tools = fake.requests[0]!.body.tools!;
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['backtest', 'compare', 'volatility', 'buy', 'autopilot', 'subscribe']));
    const bt = tools.find((t) => t.name === 'backtest')!;
    expect(bt.input_schema.type).toBe('object');
    expect(bt.input_schema.required).toEqual(['model', 'symbol']);
    expect(fake.requests[0]!.body.model).toBe('claude-test');
    // The second request carries the first tool's result, tied to its tool_use id, with the real metrics.
    const second = fake.requests[1]!.body.messages;
    const toolUseId = (second[second.length - 2]!.content as { type: string; id?: string }[]).find((b) => b.type === 'tool_use')!.id;
    const results = second[second.length - 1]!.content as { type: string; tool_use_id: string; content: string }[];
    expect(results[0]!.type).toBe('tool_result');
    expect(results[0]!.tool_use_id).toBe(toolUseId);
    expect(results[0]!.content).toContain('Backtest of sma-cross-20-50 on SPX, 2010-01-04..2020-04-17 (2590 daily bars)');
    expect(results[0]!.content).toMatch(/total return\s+55\.83%\s+153\.79%/);
    // The answer is Claude's text, with the chart and tables the tools produced.
    expect(quoted).toBe('55.83%');
    expect(r.intent).toEqual({ name: 'compare', args: { models: ['sma-cross-20-50', 'rsi-14-30-70'], symbol: 'SPX', from: '2010-01-01' } });
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]!.text).toBe('The 20/50 crossover returned 55.83% since 2010, less than the RSI model.');
    // The chart of the last tool that drew one: the comparison of both models with buy-and-hold.
    expect(r.replies[0]!.image).toMatch(/compare-spx-[0-9a-f]+\.png$/);
    expect(fs.existsSync(r.replies[0]!.image!)).toBe(true);
    expect(r.replies[0]!.code).toMatch(/rsi-14-30-70\s+117\.04%/);
  });

  it('replaces an answer with invented numbers by the tool results themselves', async () => {
    fake.script = [{ content: [toolUse('backtest', BACKTEST)] }, { content: [text('It returned 99.9% with a Sharpe of 3.1.')] }];
    const r = await app.agent.handle(msg('backtest a 20/50 sma crossover on SPX since 2010', `c${chat}`));
    expect(r.intent).toEqual({ name: 'backtest', args: BACKTEST });
    const all = r.replies.map((x) => `${x.text}\n${x.code ?? ''}`).join('\n');
    expect(all).not.toContain('99.9');
    expect(r.replies[0]!.text).toBe('Backtest of sma-cross-20-50 on SPX, 2010-01-04..2020-04-17 (2590 daily bars).');
    expect(r.replies[0]!.code).toMatch(/Sharpe\s+0\.45\s+0\.61/);
  });

  it('falls back to the offline understander on malformed tool input', async () => {
    fake.script = [{ content: [toolUse('backtest', { model: 20, symbol: ['SPX'] })] }];
    const r = await app.agent.handle(msg('backtest a 20/50 sma crossover on SPX since 2010', `c${chat}`));
    expect(fake.requests).toHaveLength(1);
    expect(r.intent).toEqual({ name: 'backtest', args: BACKTEST });
    expect(r.replies[0]!.code).toMatch(/total return\s+55\.83%\s+153\.79%/);
    expect(r.replies.at(-1)!.text).toBe(FALLBACK_NOTICE);
    expect(r.replies.filter((x) => x.text === FALLBACK_NOTICE)).toHaveLength(1);
  });

  it('falls back on an unknown tool name', async () => {
    fake.script = [{ content: [toolUse('launch_rocket', {})] }];
    const r = await app.agent.handle(msg('/status', `c${chat}`));
    expect(r.intent).toEqual({ name: 'status', args: {} });
    expect(r.replies.at(-1)!.text).toBe(FALLBACK_NOTICE);
  });

  it.each([529, 500])('falls back when the API answers %i (after the one retry)', async (status) => {
    fake.failureStatus = status;
    fake.failures = 2;
    const r = await app.agent.handle(msg('what data do you have?', `c${chat}`));
    expect(fake.requests).toHaveLength(2);
    expect(r.intent).toEqual({ name: 'data', args: {} });
    expect(r.replies[0]!.code).toMatch(/SPX\s+1d\s+2000-01-03\s+2020-04-17\s+5105/);
    expect(r.replies.at(-1)!.text).toBe(FALLBACK_NOTICE);
  });

  it('falls back when the API is too slow (timeout), then skips it for a minute instead of waiting again', async () => {
    const agent = new MlAgent({ ...app.services, llm: { ...app.services.llm!, timeoutMs: 300, maxRetries: 0 } });
    fake.script = [{ delayMs: 3000, content: [text('too late')] }];
    const r = await agent.handle(msg('what data do you have?', `c${chat}`));
    expect(r.intent).toEqual({ name: 'data', args: {} });
    expect(r.replies.at(-1)!.text).toBe(FALLBACK_NOTICE);
    const asked = fake.requests.length;
    const next = await agent.handle(msg('show the models in the trend category', `c${chat}`));
    expect(fake.requests).toHaveLength(asked); // the hung model is not asked again
    expect(next.intent).toEqual({ name: 'models', args: { category: 'trend' } });
    expect(next.replies.at(-1)!.text).toBe(FALLBACK_NOTICE);
  });

  it('sends the chat history and memory as context on the next message', async () => {
    fake.script = [{ content: [toolUse('backtest', BACKTEST)] }, { content: [text('Done.')] }];
    await app.agent.handle(msg('backtest a 20/50 sma crossover on SPX since 2010', `c${chat}`));
    fake.script = [{ content: [text('Which model should I compare it with?')] }];
    const r = await app.agent.handle(msg('compare it', `c${chat}`));
    const last = fake.requests.at(-1)!.body;
    expect(last.system).toContain('last symbol SPX, last model sma-cross-20-50, last window from 2010-01-01');
    expect(last.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(last.messages[0]!.content).toBe('backtest a 20/50 sma crossover on SPX since 2010');
    expect(r.intent).toBeNull();
    expect(r.replies[0]!.text).toBe('Which model should I compare it with?');
  });

  it('replaces an answer that flips a sign or shows a ratio as a percentage by the tool results', async () => {
    fake.script = [{ content: [toolUse('backtest', BACKTEST)] }, { content: [text('The crossover lost -55.83% since 2010, with a win rate of 45%.')] }];
    const r = await app.agent.handle(msg('backtest a 20/50 sma crossover on SPX since 2010', `c${chat}`));
    expect(r.replies.map((x) => x.text).join('\n')).not.toContain('-55.83%');
    expect(r.replies[0]!.text).toBe('Backtest of sma-cross-20-50 on SPX, 2010-01-04..2020-04-17 (2590 daily bars).');
    expect(r.replies[0]!.code).toMatch(/total return\s+55\.83%\s+153\.79%/);
  });

  it('stops a model that calls tools forever at the step bound (default 6) and answers with the results', async () => {
    fake.whenEmpty = () => ({ content: [toolUse('data', {})] });
    const r = await app.agent.handle(msg('what data do you have?', `c${chat}`));
    // Six model calls, each after the previous tool result, and no seventh.
    expect(fake.requests).toHaveLength(6);
    expect(fake.requests.map((q) => q.body.messages.length)).toEqual([1, 3, 5, 7, 9, 11]);
    expect(fake.requests[5]!.body.messages.at(-1)!.content).toEqual([expect.objectContaining({ type: 'tool_result' })]);
    expect(r.intent).toEqual({ name: 'data', args: {} });
    // The data tool's own answer, once (not six copies), then a clear note that the loop was stopped.
    const tables = r.replies.filter((x) => /SPX\s+1d\s+2000-01-03\s+2020-04-17\s+5105/.test(x.code ?? ''));
    expect(tables).toHaveLength(1);
    expect(r.replies.at(-1)!.text).toBe(stepBoundNotice(6, true));
    expect(r.replies.at(-1)!.text).toContain('stopped after 6 steps');
    expect(r.replies.some((x) => x.text === FALLBACK_NOTICE)).toBe(false);
  });

  it('honours a configured step bound', async () => {
    const agent = new MlAgent({ ...app.services, llm: { ...app.services.llm!, maxSteps: 2 } });
    fake.whenEmpty = () => ({ content: [toolUse('status', {})] });
    const r = await agent.handle(msg('/status', `c${chat}`));
    expect(fake.requests).toHaveLength(2);
    expect(r.intent).toEqual({ name: 'status', args: {} });
    expect(r.replies.at(-1)!.text).toBe(stepBoundNotice(2, true));
  });

  it('runs the follow-up "now compare it with rsi" through tool use, with the first exchange as history', async () => {
    const chatId = `c${chat}`;
    const first = 'backtest a 20/50 sma crossover on SPX since 2010';
    let firstAnswer = '';
    fake.script = [
      { content: [toolUse('backtest', BACKTEST)] },
      (req) => {
        const ret = /total return\s+(-?\d+\.\d+%)/.exec(lastToolResults(req)[0] ?? '')?.[1] ?? 'none';
        firstAnswer = `The 20/50 crossover returned ${ret} since 2010.`;
        return { content: [text(firstAnswer)] };
      },
    ];
    const r1 = await app.agent.handle(msg(first, chatId));
    expect(r1.replies[0]!.text).toBe('The 20/50 crossover returned 55.83% since 2010.');
    fake.requests.length = 0;

    let sawHistory = false;
    let compareResult = '';
    let quoted: string[] = [];
    fake.script = [
      (req) => {
        // Like Claude, resolve "it" from the history and the chat's memory in the system prompt.
        const [u1, a1, u2] = req.messages;
        sawHistory =
          req.messages.length === 3 &&
          u1?.role === 'user' && u1.content === first &&
          a1?.role === 'assistant' && typeof a1.content === 'string' && a1.content.startsWith(firstAnswer) &&
          u2?.role === 'user' && u2.content === 'now compare it with rsi';
        const from = /last window from (\d{4}-\d{2}-\d{2})/.exec(req.system ?? '')?.[1];
        const lastModel = /last model ([a-z0-9-]+)/.exec(req.system ?? '')?.[1];
        if (!sawHistory || !lastModel) return { content: [text('Compare what with RSI?')] };
        return { content: [toolUse('compare', { models: [lastModel, 'rsi-14-30-70'], symbol: 'SPX', ...(from ? { from } : {}) })] };
      },
      (req) => {
        compareResult = lastToolResults(req)[0] ?? '';
        const row = (id: string) => new RegExp(`^${id}\\s+(-?\\d+\\.\\d+%)\\s+(-?\\d+\\.\\d+%)\\s+(-?\\d+\\.\\d+)`, 'm').exec(compareResult);
        const rsi = row('rsi-14-30-70');
        const sma = row('sma-cross-20-50');
        quoted = [rsi?.[1] ?? 'none', rsi?.[3] ?? 'none', sma?.[1] ?? 'none', sma?.[3] ?? 'none'];
        return {
          content: [
            text(`Since 2010 the RSI(14) model returned ${quoted[0]} with a Sharpe of ${quoted[1]}, against ${quoted[2]} and ${quoted[3]} for the 20/50 crossover.`),
          ],
        };
      },
    ];
    const r2 = await app.agent.handle(msg('now compare it with rsi', chatId));
    expect(sawHistory).toBe(true);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]!.body.messages[1]!.content).toMatch(/total return\s+55\.83%/);
    expect(fake.requests[0]!.body.system).toContain('last symbol SPX, last model sma-cross-20-50, last window from 2010-01-01');
    expect(r2.intent).toEqual({ name: 'compare', args: { models: ['sma-cross-20-50', 'rsi-14-30-70'], symbol: 'SPX', from: '2010-01-01' } });
    expect(compareResult).toContain('Comparison on SPX, 2010-01-04 to 2020-04-17');
    expect(quoted.slice(0, 1).concat(quoted.slice(2, 3))).toEqual(['117.04%', '55.83%']);
    // Claude's explanation is kept (its numbers passed the check), with the compare table.
    expect(r2.replies).toHaveLength(1);
    const answer = r2.replies[0]!.text;
    expect(answer).toBe(`Since 2010 the RSI(14) model returned 117.04% with a Sharpe of ${quoted[1]}, against 55.83% and ${quoted[3]} for the 20/50 crossover.`);
    expect(r2.replies[0]!.code).toMatch(/rsi-14-30-70\s+117\.04%/);
    // Every figure of the answer is in the compare tool's result.
    const figures = numbersIn(answer).filter((n) => n.role === 'figure');
    expect(figures.map((n) => n.raw)).toEqual(quoted);
    for (const f of figures) expect(compareResult).toContain(f.raw);
  });
});
