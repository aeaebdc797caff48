// The Claude understander: the intents are offered as tools (input schemas from their zod schemas); each tool_use is
// validated and run through the core (with its checks), its result sent back as a tool_result, until Claude answers
// in text or the step bound is reached. Any failure (timeout, 4xx/5xx/529, malformed tool input) throws, and the
// core falls back to the offline understander.
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { logger } from '../../log.ts';
import type { IntentDefinition, UnderstoodIntent } from '../intent.ts';
import type { HistoryMessage } from '../../engine/chat/chat-memory-store.ts';
import type { ChatState } from '../chat-state.ts';
import { textReply, type Reply } from '../reply.ts';
import type { LlmSettings } from '../services.ts';
import type { IntentRunner, UnderstandInput, Understander, Understanding } from '../understand/understander.ts';
import { unsupportedNumbers } from './number-check.ts';
import type { AppMetrics } from '../../engine/metrics/app-metrics.ts';

const log = logger('agent');

/** How long one request to the model may take before the chat falls back (the SDK's default is 10 minutes). */
export const CLAUDE_TIMEOUT_MS = 20_000;

export class MalformedToolInputError extends Error {
  override name = 'MalformedToolInputError';
}

type Tool = Anthropic.Messages.Tool;
type MessageParam = Anthropic.Messages.MessageParam;
type ToolResultBlock = Anthropic.Messages.ToolResultBlockParam;

/** The intents as Claude tools. */
export function intentTools(intents: readonly IntentDefinition[]): Tool[] {
  return intents.map((def) => {
    const schema = z.toJSONSchema(def.args, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete schema.$schema;
    return {
      name: def.name,
      description: `${def.description} Slash form: ${def.usage}${def.action ? ' (an action: the user will be asked to confirm)' : ''}`,
      input_schema: { ...schema, type: 'object' } as Tool['input_schema'],
    };
  });
}

export class ClaudeUnderstander implements Understander {
  readonly name = 'claude';
  /** The SDK is loaded at the first message (about 0.15 s), not when a one-shot command builds the core. */
  private client: Promise<Anthropic> | undefined;
  private readonly tools: Tool[];

  constructor(
    private readonly settings: LlmSettings,
    private readonly intents: readonly IntentDefinition[],
    private readonly metrics?: AppMetrics,
  ) {
    this.tools = intentTools(intents);
  }

  private sdk(): Promise<Anthropic> {
    const { settings } = this;
    this.client ??= import('@anthropic-ai/sdk').then(
      ({ default: Sdk }) => new Sdk({ apiKey: settings.apiKey, baseURL: settings.baseUrl, timeout: settings.timeoutMs ?? CLAUDE_TIMEOUT_MS, maxRetries: settings.maxRetries ?? 1 }),
    );
    return this.client;
  }

  async understand(input: UnderstandInput, run: IntentRunner): Promise<Understanding> {
    const messages: MessageParam[] = conversation(input.history, input.message.text);
    const system = systemPrompt(input.memory, input.vocabulary.symbols, input.vocabulary.newest);
    const maxSteps = this.settings.maxSteps ?? 6;
    const toolReplies: Reply[] = [];
    const toolResults: string[] = [];
    let lastIntent: UnderstoodIntent | null = null;

    const client = await this.sdk();
    for (let step = 0; step < maxSteps; step++) {
      const response = await client.messages
        .create({ model: this.settings.model, max_tokens: 1024, system, tools: this.tools, messages })
        .catch((err: unknown) => {
          this.metrics?.llmCall({ outcome: 'error', inputTokens: 0, outputTokens: 0 });
          throw err;
        });
      this.metrics?.llmCall({ outcome: 'ok', inputTokens: response.usage?.input_tokens ?? 0, outputTokens: response.usage?.output_tokens ?? 0 });
      const uses = response.content.filter((b): b is Anthropic.Messages.ToolUseBlock => b.type === 'tool_use');
      if (response.stop_reason !== 'tool_use' || uses.length === 0) {
        const text = response.content
          .filter((b): b is Anthropic.Messages.TextBlock => b.type === 'text')
          .map((b) => b.text)
          .join('\n')
          .trim();
        return this.finish(text, toolReplies, toolResults, input.message.text, lastIntent);
      }
      messages.push({ role: 'assistant', content: response.content as Anthropic.Messages.ContentBlockParam[] });
      const results: ToolResultBlock[] = [];
      for (const use of uses) {
        if (!this.intents.some((i) => i.name === use.name)) throw new MalformedToolInputError(`unknown tool ${use.name}`);
        if (!use.input || typeof use.input !== 'object' || Array.isArray(use.input)) {
          throw new MalformedToolInputError(`tool ${use.name} input is not an object`);
        }
        const outcome = await run({ name: use.name, args: use.input as Record<string, unknown> });
        if (!outcome.ok) throw new MalformedToolInputError(`tool ${use.name} input rejected: ${outcome.replies[0]?.text ?? ''}`);
        if (outcome.intent) lastIntent = outcome.intent;
        const content = outcome.replies.map((r) => [r.text, r.code].filter(Boolean).join('\n')).join('\n\n');
        toolResults.push(content);
        toolReplies.push(...outcome.replies);
        results.push({ type: 'tool_result', tool_use_id: use.id, content });
      }
      messages.push({ role: 'user', content: results });
    }
    log.warn({ maxSteps }, 'tool-use loop hit its step bound; answering with the tool results');
    const results = distinctReplies(toolReplies);
    return {
      kind: 'answered',
      intent: lastIntent,
      replies: results.length
        ? [...results, textReply(stepBoundNotice(maxSteps, true))]
        : [textReply(stepBoundNotice(maxSteps, false))],
    };
  }

  private finish(text: string, toolReplies: Reply[], toolResults: string[], userText: string, intent: UnderstoodIntent | null): Understanding {
    const shown = distinctReplies(toolReplies);
    if (!text) return { kind: 'answered', intent, replies: shown.length ? shown : [textReply('(no answer)')] };
    // Numbers must come from the tool results; the user's own numbers count only as echoed dates and parameters.
    const bad = unsupportedNumbers(text, toolResults, userText);
    if (bad.length > 0) {
      log.warn({ numbers: bad, text }, 'the language model wrote numbers no tool produced; answering with the tool results instead');
      return {
        kind: 'answered',
        intent,
        replies: shown.length ? shown : [textReply('I could not answer that from computed results; try /help.')],
      };
    }
    // Claude's explanation, carrying the tables, chart and buttons the tools produced.
    const code = toolReplies.map((r) => r.code).filter(Boolean).join('\n\n') || undefined;
    const image = [...toolReplies].reverse().find((r) => r.image)?.image ?? null;
    const buttons = [...toolReplies].reverse().find((r) => r.buttons?.length)?.buttons;
    return { kind: 'answered', intent, replies: [textReply(text, { code, image, ...(buttons ? { buttons } : {}) })] };
  }
}

/** What the user reads when the tool-use loop stops at its bound. */
export function stepBoundNotice(maxSteps: number, withResults: boolean): string {
  return withResults
    ? `(I stopped after ${maxSteps} steps without a final answer; above are the results computed so far.)`
    : `I could not finish that request within ${maxSteps} steps; please ask again more simply.`;
}

/** The replies without repeats (a model that calls the same tool over and over gets each result once). */
function distinctReplies(replies: readonly Reply[]): Reply[] {
  const seen = new Set<string>();
  return replies.filter((r) => {
    const key = JSON.stringify([r.text, r.code ?? null, r.image ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** History plus the new message, merged so roles alternate and the first is the user's. */
function conversation(history: readonly HistoryMessage[], text: string): MessageParam[] {
  const out: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const m of [...history, { role: 'user' as const, content: text }]) {
    const last = out[out.length - 1];
    if (last && last.role === m.role) last.content += `\n\n${m.content}`;
    else if (out.length > 0 || m.role === 'user') out.push({ role: m.role, content: m.content });
  }
  return out;
}

function systemPrompt(memory: ChatState, symbols: readonly string[], newest: Readonly<Record<string, string>>): string {
  const mem = [
    memory.symbol && `last symbol ${memory.symbol}`,
    memory.model && `last model ${memory.model}`,
    memory.models && memory.models.length > 1 && `last models ${memory.models.join(', ')}`,
    memory.from && `last window from ${memory.from}`,
    memory.to && `to ${memory.to}`,
  ].filter(Boolean);
  return [
    'You are mlTrainer, an assistant for ML trading models, backtests and paper trading on real market data.',
    'Answer by calling the tools; they compute every figure. Then explain the results in two or three plain sentences.',
    'Quote only figures that appear in the tool results, with their sign, as the results show them (a percentage stays a percentage; rounding a shown figure, 55.83% to 55.8%, is fine); never estimate, compute differences or invent numbers. Numbers from the user\'s message may only be echoed as dates or model parameters.',
    'Symbols are upper case ("S&P 500" is SPX). Dates are YYYY-MM-DD ("since 2010" is from 2010-01-01).',
    `Stored symbols: ${symbols.map((s) => `${s} (to ${newest[s]})`).join(', ') || 'none'}.`,
    mem.length ? `This chat so far: ${mem.join(', ')}. Resolve "it", "that model", "the same symbol" with these.` : '',
    'Actions (orders, halts, autopilot switches, pulls) are only requested by the tools; the user confirms them with a button or "yes".',
  ]
    .filter(Boolean)
    .join('\n');
}
