// An intent is declared once (name, description, zod schema, handler); the same declaration drives the slash
// parser, the offline understander and the Claude tools.
import type { z } from 'zod';
import type { ChatMessage } from './chat-message.ts';
import type { ChatState } from './chat-state.ts';
import type { Reply } from './reply.ts';
import type { AgentServices } from './services.ts';
import { readChatNumber } from './understand/chat-number.ts';
import { numberReading } from './understand/slash-command.ts';
import type { Role } from '../engine/access/role.ts';

export interface IntentContext {
  message: ChatMessage;
  services: AgentServices;
  /** The chat's memory; handlers update it (last symbol, model, window, backtest) and the core saves it. */
  memory: ChatState;
  /** Set when an action runs after its confirmation: a stable id for idempotency keys. */
  confirmationId?: string;
  /** Sends a reply at once, before the answer (a "busy" notice); absent, the notice goes out with the answer. */
  say?(reply: Reply): Promise<void>;
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
  /**
   * The role a user needs to run it with these arguments (viewer when absent): trader to place, cancel or close
   * orders; admin to change limits, the autopilot, the watched symbols, others' notifications, roles, or to pull.
   * The core checks it in one place, before any confirmation and again when one is answered.
   */
  role?: Role | ((args: z.infer<S>, message: ChatMessage) => Role);
  /** Changes something (orders, settings, roles): asks for a confirmation first and is written to the audit log. */
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
  /** False: left out of /help's list (greetings, answered to plain words; /help NAME still explains it). */
  listed?: boolean;
  /** Its answers show the asker's own account (positions, orders, P&L, limits): only they see them outside a DM. */
  private?: boolean;
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

/** The role running this intent with these arguments needs. */
export function requiredRole(def: IntentDefinition, args: Record<string, unknown>, message: ChatMessage): Role {
  return typeof def.role === 'function' ? def.role(args, message) : (def.role ?? 'viewer');
}

/**
 * Whether a chat is one person's own (a Telegram private chat, whose id is the user's; a Slack DM, whose channel id
 * starts with D; the console): what is set there concerns nobody else.
 */
export function isOwnChat(message: ChatMessage): boolean {
  if (message.platform === 'console') return true;
  return message.platform === 'telegram' ? message.chatId === message.userId : message.chatId.startsWith('D');
}

/** Whether running this intent with these arguments needs a confirmation (and is audited). */
export function isAction(def: IntentDefinition, args: Record<string, unknown>): boolean {
  return typeof def.action === 'function' ? def.action(args) : !!def.action;
}

/** What each argument is called in a chat sentence. */
const ARG_WORDS: Record<string, string> = {
  model: 'the model',
  models: 'the models',
  symbol: 'the symbol',
  symbols: 'the symbols',
  from: 'the start date',
  to: 'the end date',
  date: 'the date',
  qty: 'the quantity',
  limit: 'the limit price',
  costBps: 'the cost in basis points',
  level: 'the confidence level',
  period: 'the period',
  state: 'the state',
  topic: 'the topic',
  kind: 'the kind',
  id: 'the order id',
  source: 'the source',
  series: 'the series',
  metric: 'the metric',
  count: 'the count',
  days: 'the number of days',
  command: 'the command',
  timeframe: 'the bar length',
  symbolWeight: 'the largest weight of one symbol',
  grossExposure: 'the largest gross exposure',
  positions: 'the largest number of open positions',
  dailyLoss: "the day's loss that halts new entries",
};

/** Models offered as buttons when a request names none. */
const EXAMPLE_MODELS = ['sma-cross-20-50', 'rsi-14-30-70', 'momentum-252'];

/** What an argument is called in a sentence: its word, or its name quoted (own keys only: never "constructor"'s). */
function argWord(key: string): string {
  return Object.hasOwn(ARG_WORDS, key) ? ARG_WORDS[key]! : key ? `"${key}"` : 'an argument';
}

interface Issue {
  path: PropertyKey[];
  message: string;
  code: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  values?: readonly unknown[];
  input?: unknown;
}

/** The command with these arguments in slash form (positional ones in order, the rest as key=value). */
export function slashCommand(def: IntentDefinition, args: Record<string, unknown>): string {
  const parts = [`/${def.name}`];
  const positional = def.positional ?? [];
  for (const p of positional) if (Object.hasOwn(args, p) && args[p] !== undefined) parts.push(String(args[p]));
  for (const [k, v] of Object.entries(args)) {
    if (v === undefined || positional.includes(k)) continue;
    parts.push(Array.isArray(v) ? (k === 'models' ? v.join(' ') : `${k}=${v.join(',')}`) : `${k}=${String(v)}`);
  }
  return parts.join(' ');
}

/**
 * One sentence for arguments that do not pass the schema: what was wrong and what to type instead, never the
 * validator's own words. A missing model comes with buttons of ready commands.
 */
export function invalidArgs(def: IntentDefinition, issues: readonly Issue[], args: Record<string, unknown>): { text: string; buttons: { label: string; data: string }[] } {
  const issue = issues[0]!;
  const key = issue.path.map(String)[0] ?? '';
  const what = argWord(key);
  const typeIt = `Type it like this: ${def.usage}`;
  const typed = Object.hasOwn(args, key) ? args[key] : undefined;
  const missing = issue.code === 'invalid_type' && typed === undefined;
  if (missing && (key === 'model' || key === 'models') && 'symbol' in (def.args.shape as object)) {
    const on = typeof args.symbol === 'string' ? args.symbol : 'SPX';
    const verb = def.name === 'compare' ? 'compare' : def.name === 'backtest' ? 'backtest' : `use for /${def.name}`;
    const examples = def.name === 'compare' ? [EXAMPLE_MODELS.slice(0, 2), EXAMPLE_MODELS.slice(1, 3)] : EXAMPLE_MODELS.map((m) => [m]);
    const buttons = examples.map((ms) => {
      const filled = { ...args, ...(def.name === 'compare' ? { models: ms } : { [key]: ms[0] }) };
      return { label: ms.join(' vs '), data: slashCommand(def, filled) };
    });
    const question = typeof args.symbol === 'string' ? `Which model should I ${verb} on ${on}?` : `Which model should I ${verb}, and on which symbol?`;
    return { text: `${question} Name one (send /models for the list), or pick one below. ${typeIt}.`, buttons };
  }
  if (missing) return { text: `${capital(what)} is missing. ${typeIt}.`, buttons: [] };
  // A number typed in a form the chat's reader refuses ("0x10", "1/2", "1e-320"): its own reason and what to write.
  if (issue.code === 'invalid_type' && issue.expected === 'number' && typeof typed === 'string') {
    const shape = def.args.shape as Record<string, z.ZodType>;
    const read = readChatNumber(typed, Object.hasOwn(shape, key) ? numberReading(shape[key]!) : {});
    const reason = read.ok ? 'is not a number I can use here' : read.reason;
    return { text: `${capital(what)} ${JSON.stringify(typed)} ${reason}. ${typeIt}.`, buttons: [] };
  }
  const input = issue.input !== undefined ? issue.input : typed;
  const given = input !== undefined ? ` (you gave ${JSON.stringify(input)})` : '';
  // The schema's own message is a sentence already ("the largest weight of one symbol must be at most 1", "must be a
  // date written YYYY-MM-DD"); zod's defaults ("Too small: expected number to be >0") never reach a chat.
  if (!/^(?:Too |Invalid|Expected)/.test(issue.message)) {
    const shown = input !== undefined ? `${key}=${typeof input === 'string' ? input : JSON.stringify(input)}: ` : '';
    const sentence = issue.message.startsWith('must') ? `${what} ${issue.message}` : issue.message;
    return { text: `${shown ? shown + sentence : capital(sentence)}. ${typeIt}.`, buttons: [] };
  }
  let problem: string;
  if (issue.code === 'too_small' && issue.minimum !== undefined) {
    problem = issue.inclusive === false ? `must be more than ${issue.minimum}` : `must be at least ${issue.minimum}`;
  } else if (issue.code === 'too_big' && issue.maximum !== undefined) {
    problem = issue.inclusive === false ? `must be less than ${issue.maximum}` : `must be at most ${issue.maximum}`;
  } else if (issue.code === 'invalid_value' && issue.values) {
    problem = `must be one of ${issue.values.map(String).join(', ')}`;
  } else if (issue.code === 'invalid_type' && issue.expected === 'int') {
    problem = 'must be a whole number';
  } else if (issue.code === 'invalid_type') {
    problem = /number/.test(issue.message) ? 'must be a number' : /array/.test(issue.message) ? 'must be a list' : 'is not in a form I can use';
  } else {
    problem = 'is not in a form I can use';
  }
  return { text: `${capital(what)} ${problem}${given}. ${typeIt}.`, buttons: [] };
}

/** A sentence for arguments the intent does not take ("/autopilot on ORCL": symbols), or null when there are none. */
export function unusedArgs(def: IntentDefinition, args: Record<string, unknown>): string | null {
  const shape = def.args.shape as Record<string, unknown>;
  const extra = Object.entries(args).filter(([k, v]) => v !== undefined && !Object.hasOwn(shape, k));
  if (extra.length === 0) return null;
  const said = extra.map(([k, v]) => `${Object.hasOwn(ARG_WORDS, k) ? ARG_WORDS[k]!.replace(/^the /, '') : k} ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('; ');
  return `/${def.name} does not take ${said}, so I did not run it rather than ignore that. Type it like this: ${def.usage}.`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
