// Argument schemas shared by the intents: one definition of what a symbol, a date or a model id looks like.
import { z } from 'zod';

export const symbolArg = z
  .string()
  .min(1)
  .max(20, 'must be a ticker of at most 20 characters, like SPX or BRK.B')
  .regex(/^(?=.*\p{L})[\p{L}\p{N}.^=/&_-]+$/u, 'must be a ticker like SPX or BRK.B (a letter at least; letters, digits and . ^ - = / &)')
  .describe('Ticker symbol, upper case, e.g. SPX (the S&P 500)');
export const modelArg = z.string().min(1).max(100, 'must be a model id of at most 100 characters (see /models)').describe('Registry model id, e.g. sma-cross-20-50 (see /models)');

/** The dates the store and every query work with: the bar store holds nothing before 1970 and no date after 2100. */
export const FIRST_DATE = '1970-01-01';
export const LAST_DATE = '2100-12-31';

/** Whether `s` (YYYY-MM-DD) is a day of the calendar (not 2020-02-30) between FIRST_DATE and LAST_DATE. */
export function isSupportedDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s && s >= FIRST_DATE && s <= LAST_DATE;
}

export const dateArg = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isSupportedDate, `must be a real calendar date between ${FIRST_DATE} and ${LAST_DATE}, written YYYY-MM-DD`)
  .describe('Date YYYY-MM-DD');

/**
 * The smallest order quantity taken from a chat, and its step: a ten-thousandth of a share. Alpaca takes fractional
 * quantities to 9 decimals, but the book and every reply show 4 (format.ts `qty`), so a finer quantity would be filled
 * and then shown as 0.
 */
export const MIN_ORDER_QTY = 0.0001;
/** The largest order quantity taken from a chat: far beyond any paper account, far below what a double loses. */
export const MAX_ORDER_QTY = 1_000_000_000;
/** The largest price taken from a chat. */
export const MAX_PRICE = 100_000_000;

/** Whether x has at most `places` decimals (0.0003 with 4: yes; 0.00003: no), read as the decimal a user typed. */
function hasDecimals(x: number, places: number): boolean {
  return Number(x.toFixed(places)) === x;
}

export const quantityArg = z
  .number()
  .gt(0, 'must be a positive number of shares (to sell, use /sell)')
  .min(MIN_ORDER_QTY, `must be at least ${MIN_ORDER_QTY} shares, the smallest order I place`)
  .max(MAX_ORDER_QTY, `must be at most ${MAX_ORDER_QTY.toLocaleString('en-US')} shares`)
  .refine((x) => hasDecimals(x, 4), 'must have at most 4 decimals (a ten-thousandth of a share is the smallest step)')
  .describe('Number of shares (fractions allowed, to 4 decimals)');

export const priceArg = z
  .number()
  .gt(0, 'must be a positive price')
  .max(MAX_PRICE, `must be at most ${MAX_PRICE.toLocaleString('en-US')}`)
  .refine((x) => hasDecimals(x, 6), 'must have at most 6 decimals');

/** Numeric arguments that are fractions, where "25%" is typed for 0.25. */
const percentArgs = new WeakSet<z.ZodType>();

/** Marks a fraction argument: the chat's "25%" is read as 0.25 for it. */
export function acceptsPercent<T extends z.ZodType>(schema: T): T {
  percentArgs.add(schema);
  return schema;
}

export function isPercentArg(schema: z.ZodType): boolean {
  return percentArgs.has(schema);
}

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
  const args: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
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

/**
 * An order id as /orders shows it (the book's bigserial, read as a JavaScript number, so at most 2^53 - 1), or a
 * broker's client order id.
 */
export const orderIdArg = z
  .string()
  .min(1)
  .max(64, 'must be an order id as /orders shows it, at most 64 characters')
  .refine((s) => !/^#?\d+$/.test(s) || Number(s.replace(/^#/, '')) <= Number.MAX_SAFE_INTEGER, {
    message: `must be one that /orders shows; order numbers go up to ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}`,
  })
  .describe('Order id, as /orders shows it');
