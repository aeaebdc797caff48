// mlAgent, the one conversation core: a chat message in, the understood intent and platform-neutral replies out.
// Every adapter (console, Telegram, Slack) calls `handle`.
import { logger } from '../log.ts';
import { UserError } from '../engine/user-error.ts';
import type { ChatMessage } from './chat-message.ts';
import type { IntentDefinition, UnderstoodIntent } from './intent.ts';
import { allIntents } from './intents/index.ts';
import { textReply, type Reply } from './reply.ts';
import type { AgentServices } from './services.ts';
import { parseSlashCommand } from './understand/slash-command.ts';

const log = logger('agent');

export interface AgentResult {
  intent: UnderstoodIntent | null;
  replies: Reply[];
}

export class MlAgent {
  constructor(private readonly services: AgentServices) {}

  async handle(message: ChatMessage): Promise<AgentResult> {
    const intents = allIntents();
    const parsed = parseSlashCommand(message.text, intents);
    if (parsed.kind === 'unknown-command') {
      return { intent: null, replies: [textReply(`There is no /${parsed.command} command. Send /help to see what I can do.`)] };
    }
    if (parsed.kind === 'not-a-command') {
      return {
        intent: null,
        replies: [textReply(`I did not understand "${truncate(message.text, 80)}". Send /help to see what I can do.`)],
      };
    }
    return this.run(parsed.definition, parsed.intent, message);
  }

  private async run(definition: IntentDefinition, intent: UnderstoodIntent, message: ChatMessage): Promise<AgentResult> {
    const checked = definition.args.safeParse(intent.args);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      const field = issue.path.join('.') || 'arguments';
      return { intent, replies: [textReply(`${field}: ${issue.message}. Usage: ${definition.usage}`)] };
    }
    const args = checked.data as Record<string, unknown>;
    try {
      const replies = await definition.run(args, { message, services: this.services });
      return { intent: { name: intent.name, args }, replies };
    } catch (err) {
      if (err instanceof UserError) return { intent: { name: intent.name, args }, replies: [textReply(err.message)] };
      log.error({ err, intent: intent.name, platform: message.platform, chatId: message.chatId }, 'intent failed');
      return {
        intent: { name: intent.name, args },
        replies: [textReply(`Sorry, /${intent.name} failed on my side; the details are in the log.`)],
      };
    }
  }
}

function truncate(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}
