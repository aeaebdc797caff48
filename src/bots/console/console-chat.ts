// The console adapter: one chat on stdin/stdout through the same core as Telegram and Slack. Works in a pipe
// (ends at end of input) and as an interactive prompt on a terminal.
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { AgentResult } from '../../agent/agent.ts';
import type { ChatMessage } from '../../agent/chat-message.ts';
import { renderConsoleReply } from './render-console.ts';

export interface ConsoleAgent {
  handle(message: ChatMessage): Promise<AgentResult>;
}

export interface ConsoleChatOptions {
  input: Readable;
  output: Writable;
  json: boolean;
  /** Show a prompt (on a terminal). */
  interactive: boolean;
  chatId?: string;
}

export const CONSOLE_CHAT_ID = 'console';

export function consoleMessage(text: string, chatId = CONSOLE_CHAT_ID): ChatMessage {
  return { platform: 'console', chatId, userId: 'local', text };
}

export function formatResult(result: AgentResult, json: boolean): string {
  if (json) {
    return JSON.stringify({
      intent: result.intent,
      replies: result.replies.map((r) => ({ ...r, text: r.code ? `${r.text}\n${r.code}` : r.text, image: r.image ?? null })),
    });
  }
  return result.replies.map(renderConsoleReply).join('\n\n');
}

/** The interactive prompt while a console chat runs on a terminal, so an alert can be printed above it. */
let activePrompt: { rl: readline.Interface; output: Writable } | null = null;

/**
 * Writes `text` (ending in a newline) without breaking the prompt line: on a terminal the half-typed line is cleared,
 * the text printed, and the prompt redrawn with what was typed; otherwise it is simply written.
 */
export function printAbovePrompt(output: Writable, text: string): void {
  if (!activePrompt || activePrompt.output !== output) {
    output.write(text);
    return;
  }
  readline.cursorTo(output, 0);
  readline.clearLine(output, 0);
  output.write(text);
  activePrompt.rl.prompt(true);
}

/** Runs the chat until the input ends; resolves then. Messages are handled one at a time, in order. */
export async function runConsoleChat(agent: ConsoleAgent, opts: ConsoleChatOptions): Promise<void> {
  const rl = readline.createInterface({ input: opts.input, output: opts.interactive ? opts.output : undefined, terminal: opts.interactive });
  if (opts.interactive) {
    opts.output.write('mlTrainer console. Type /help, or ask in plain words; Ctrl-D quits.\n');
    rl.setPrompt('you> ');
    activePrompt = { rl, output: opts.output };
    rl.prompt();
  }
  let answered = 0;
  try {
    for await (const line of rl) {
      const text = line.trim();
      if (text) {
        const result = await agent.handle(consoleMessage(text, opts.chatId));
        // One blank line between answers, so each reads as its own block.
        const gap = !opts.json && answered++ > 0 && !opts.interactive ? '\n' : '';
        opts.output.write(gap + formatResult(result, opts.json) + '\n' + (opts.json || !opts.interactive ? '' : '\n'));
      }
      if (opts.interactive) rl.prompt();
    }
  } finally {
    if (activePrompt?.rl === rl) activePrompt = null;
  }
}
