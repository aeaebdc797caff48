// Parses `/name arg1 arg2 key=value` against the intents' declarations (positional order from each intent, or the
// intent's own list parsing), then coerces each value to its schema's type (numbers, lists, booleans).
import { z } from 'zod';
import type { IntentDefinition, UnderstoodIntent } from '../intent.ts';
import { isPercentArg } from '../intents/arg-types.ts';
import { chatNumberOrText } from './chat-number.ts';

export type SlashParse =
  | { kind: 'intent'; intent: UnderstoodIntent; definition: IntentDefinition }
  | { kind: 'unknown-command'; command: string }
  | { kind: 'not-a-command' };

export function parseSlashCommand(text: string, intents: readonly IntentDefinition[]): SlashParse {
  const trimmed = text.trim();
  if (!trimmed.startsWith('/')) return { kind: 'not-a-command' };
  const [head, ...tokens] = trimmed.split(/\s+/);
  // Telegram adds the bot's name in groups: /help@mltrainer_bot
  const command = head!.slice(1).split('@')[0]!.toLowerCase();
  const definition = intents.find((i) => i.name === command || i.aliases?.includes(command));
  if (!definition) return { kind: 'unknown-command', command };
  let raw: Record<string, unknown>;
  if (definition.slash) raw = definition.slash(tokens);
  else {
    // No prototype: `/help constructor=1` names an argument called "constructor", not Object's own.
    raw = Object.create(null) as Record<string, unknown>;
    const positional = [...(definition.positional ?? [])];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const kv = /^([A-Za-z]\w*)=(.*)$/.exec(token);
      const named = positional.find((p) => p.toLowerCase() === token.toLowerCase());
      if (kv) raw[kv[1]!] = kv[2];
      else if (named && i + 1 < tokens.length) {
        // `/sell SPX 5 limit 2800`: a keyword that names an argument takes the next token.
        raw[named] = tokens[++i];
        positional.splice(positional.indexOf(named), 1);
      } else {
        const name = positional.shift();
        if (name) raw[name] = token;
        // Tickers past the last positional argument ("/autopilot on ORCL") are kept as symbols, so the core can use them
        // or say it cannot, rather than drop them silently.
        else if (/^[A-Z][A-Z0-9.^-]{0,9}$/.test(token)) raw.symbols = [...((raw.symbols as string[] | undefined) ?? []), token];
      }
    }
  }
  return { kind: 'intent', intent: { name: definition.name, args: coerceArgs(definition.args, raw) }, definition };
}

/** The schema type under optional/default/nullable wrappers: 'number', 'array', 'string', 'enum', ... */
function baseType(schema: z.ZodType): { type: string; element?: z.ZodType; inner: z.ZodType } {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault || inner instanceof z.ZodNullable || inner instanceof z.ZodPrefault) {
    inner = inner.unwrap() as z.ZodType;
  }
  return { type: inner.def.type, element: inner instanceof z.ZodArray ? (inner.element as z.ZodType) : undefined, inner };
}

/** How the chat's number reader reads text for this field: "25%" as 0.25 for fractions only. */
export function numberReading(field: z.ZodType): { percent: boolean } {
  return { percent: isPercentArg(baseType(field).inner) };
}

/** Turns text values into what the schema expects; values it cannot convert stay as they are (zod names the problem). */
export function coerceArgs(schema: z.ZodObject, raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const shape = schema.shape as Record<string, z.ZodType>;
  for (const [key, value] of Object.entries(raw)) {
    // Only the schema's own keys are arguments; an inherited name ("toString") is an unknown one, said as such.
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    out[key] = field ? coerceValue(field, value) : value;
  }
  return out;
}

function coerceValue(field: z.ZodType, value: unknown): unknown {
  const { type, element } = baseType(field);
  if (typeof value === 'string') {
    // The chat's one number reader; text it cannot read exactly stays text, and the schema's refusal says why.
    if (type === 'number') return chatNumberOrText(value, numberReading(field));
    if (type === 'boolean') return /^(true|yes|on|1)$/i.test(value) ? true : /^(false|no|off|0)$/i.test(value) ? false : value;
    if (type === 'array') return value.split(',').filter(Boolean).map((v) => (element ? coerceValue(element, v) : v));
    if (type === 'enum') return value.toLowerCase();
  }
  if (Array.isArray(value) && type === 'array' && element) return value.map((v) => coerceValue(element, v));
  return value;
}
