// Argument schemas shared by the intents: one definition of what a symbol, a date or a model id looks like.
import { z } from 'zod';

export const symbolArg = z.string().min(1).describe('Ticker symbol, upper case, e.g. SPX (the S&P 500)');
export const modelArg = z.string().min(1).describe('Registry model id, e.g. sma-cross-20-50 (see /models)');
export const dateArg = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .describe('Date YYYY-MM-DD');

/** Splits `a,b c` style list tokens. */
export function listTokens(tokens: readonly string[]): string[] {
  return tokens.flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
}

const DATE_TOKEN = /^\d{4}-\d{2}-\d{2}$/;
/** A ticker as typed (upper case). */
export const SYMBOL_TOKEN = /^[A-Z][A-Z0-9.^-]{0,9}$/;

/**
 * Slash parsing for commands that take a list of models then a symbol and dates (`/compare A B SPX 2010-01-01`):
 * upper-case tokens are symbols, dated tokens fill from then to, the rest are models.
 */
export function modelsSymbolDates(tokens: readonly string[], listKey: 'models' = 'models'): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const models: string[] = [];
  const dates: string[] = [];
  for (const t of listTokens(tokens)) {
    const kv = /^([A-Za-z]\w*)=(.*)$/.exec(t);
    if (kv) args[kv[1]!] = kv[2];
    else if (DATE_TOKEN.test(t)) dates.push(t);
    else if (SYMBOL_TOKEN.test(t) && args.symbol === undefined) args.symbol = t;
    else models.push(t);
  }
  if (models.length > 0) args[listKey] = models;
  if (dates[0]) args.from = dates[0];
  if (dates[1]) args.to = dates[1];
  return args;
}
