// An intent is declared once (name, description, zod schema, handler); the same declaration drives the slash
// parser, the offline understander and the Claude tools.
import type { z } from 'zod';
import type { ChatMessage } from './chat-message.ts';
import type { Reply } from './reply.ts';
import type { AgentServices } from './services.ts';

export interface IntentContext {
  message: ChatMessage;
  services: AgentServices;
}

export interface IntentDefinition<S extends z.ZodObject = z.ZodObject> {
  name: string;
  /** One sentence, shown in /help and offered to Claude as the tool description. */
  description: string;
  /** The usage line shown when an argument is missing, e.g. `/backtest MODEL SYMBOL [FROM] [TO]`. */
  usage: string;
  args: S;
  /** Slash-command positional arguments, in order (the rest may be given as key=value). */
  positional?: readonly (keyof z.infer<S> & string)[];
  /** Places or cancels orders or changes settings: needs an allowed user and a confirmation. */
  action?: boolean;
  run(args: z.infer<S>, ctx: IntentContext): Promise<Reply[]>;
}

/** Identity function that keeps the schema's type for the handler's arguments. */
export function defineIntent<S extends z.ZodObject>(def: IntentDefinition<S>): IntentDefinition<S> {
  return def;
}

export interface UnderstoodIntent {
  name: string;
  args: Record<string, unknown>;
}
