// An intent is declared once (name, description, zod schema, handler); the same declaration drives the slash
// parser, the offline understander and the Claude tools.
import type { z } from 'zod';
import type { ChatMessage } from './chat-message.ts';
import type { ChatState } from './memory/chat-state.ts';
import type { Reply } from './reply.ts';
import type { AgentServices } from './services.ts';

export interface IntentContext {
  message: ChatMessage;
  services: AgentServices;
  /** The chat's memory; handlers update it (last symbol, model, window, backtest) and the core saves it. */
  memory: ChatState;
  /** Set when an action runs after its confirmation: a stable id for idempotency keys. */
  confirmationId?: string;
}

export interface IntentDefinition<S extends z.ZodObject = z.ZodObject> {
  name: string;
  /** One sentence, shown in /help and offered to Claude as the tool description. */
  description: string;
  /** The usage line shown when an argument is missing, e.g. `/backtest MODEL SYMBOL [FROM] [TO]`. */
  usage: string;
  /** Other slash names that reach this intent (`/auto` for `/autopilot`). */
  aliases?: readonly string[];
  args: S;
  /** Slash-command positional arguments, in order (the rest may be given as key=value). */
  positional?: readonly (keyof z.infer<S> & string)[];
  /** Custom slash parsing for commands with lists (`/compare A B C SPX`): tokens in, raw arguments out. */
  slash?(tokens: readonly string[]): Record<string, unknown>;
  /** Places or cancels orders or changes settings: needs an allowed user and a confirmation. */
  action?: boolean | ((args: z.infer<S>) => boolean);
  /** The sentence a confirmation asks about ("buy 10 SPX at market"). */
  describeAction?(args: z.infer<S>): string;
  /**
   * Checked before asking for a confirmation: a refusal is answered at once (nothing to confirm); warnings (a risk
   * limit the user would override) are shown in the confirmation request.
   */
  precheck?(args: z.infer<S>, services: AgentServices): Promise<{ refusal?: string; warnings?: string[] }>;
  /** Why the intent cannot run in this installation (a piece not built or not configured), or null when it can. */
  unavailable?(services: AgentServices): string | null;
  run(args: z.infer<S>, ctx: IntentContext): Promise<Reply[]>;
}

/** Identity function that keeps the schema's type for the handler's arguments. */
/**
 * A description's head for lists (/help, "did not understand" suggestions): up to its first colon when that leaves a
 * sentence of some length, without a closing parenthesis such as "(asks for confirmation)".
 */
export function shortDescription(description: string): string {
  const colon = description.indexOf(': ');
  const head = colon >= 25 ? `${description.slice(0, colon)}.` : description;
  return head.replace(/\s*\([^()]*\)\.$/, '.');
}

export function defineIntent<S extends z.ZodObject>(def: IntentDefinition<S>): IntentDefinition<S> {
  return def;
}

export interface UnderstoodIntent {
  name: string;
  args: Record<string, unknown>;
}

/** Whether running this intent with these arguments needs authorisation and a confirmation. */
export function isAction(def: IntentDefinition, args: Record<string, unknown>): boolean {
  return typeof def.action === 'function' ? def.action(args) : !!def.action;
}
