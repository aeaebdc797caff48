// Turns the names a user typed into things the engine can run: a registry model, a symbol with bars in the store.
// Unknown names become a UserError with the closest matches ("did you mean ...").
import type { Timeframe } from '../data/bar.ts';
import { UserError } from '../user-error.ts';
import type { BarSeries, Model, OutputKind } from '../../registry/model.ts';
import { assetName } from '../data/market-names.ts';
import { closestNames } from './closest-names.ts';
import type { BarStore } from '../data/bar-store.ts';
import type { ModelCatalog } from './model-catalog.ts';
import type { BarLimit } from '../heavy/chat-size-limits.ts';

export function requireModel(catalog: { models: ModelCatalog }, id: string, output?: OutputKind): Model {
  const model = catalog.models.get(id.trim().toLowerCase());
  if (!model) {
    const near = closestNames(id, catalog.models.all().map((m) => m.id), 3);
    throw new UserError(
      near.length > 0
        ? `There is no model "${id}". Did you mean ${near.join(', ')}?`
        : `There is no model "${id}". Send /models to list them.`,
    );
  }
  if (output && model.output !== output) {
    throw new UserError(`${model.id} outputs a ${model.output}, not a ${output}; pick a ${output} model (/models ${output}).`);
  }
  return model;
}

export interface SymbolBars {
  symbol: string;
  timeframe: Timeframe;
  bars: BarSeries;
}

const DAY_MS = 86_400_000;
const TIMEFRAME_PREFERENCE: Timeframe[] = ['1d', '1wk', '1mo', '1h', '1m'];
const WORDS: Record<Timeframe, string> = { '1d': 'daily', '1wk': 'weekly', '1mo': 'monthly', '1h': 'hourly', '1m': 'minute' };

/**
 * The symbol's bars in `timeframe` when given; otherwise daily when stored, else the first other timeframe there is
 * (weekly, monthly, hourly, minute): the embedded stocks have monthly closes only.
 */
export async function loadSymbolBars(stores: { bars: BarStore }, symbolText: string, wanted?: Timeframe): Promise<SymbolBars> {
  const { symbol, timeframe } = await symbolTimeframe(stores, symbolText, wanted);
  const bars = await stores.bars.readBars(symbol, timeframe);
  return { symbol, timeframe, bars };
}

/** The symbol (upper case) and the timeframe `loadSymbolBars` would read; a UserError when there is none. */
export async function symbolTimeframe(stores: { bars: BarStore }, symbolText: string, wanted?: Timeframe): Promise<{ symbol: string; timeframe: Timeframe }> {
  const symbol = symbolText.trim().toUpperCase();
  const timeframes = await stores.bars.timeframesOf(symbol);
  if (timeframes.length === 0) throw noData(symbol, await stores.bars.symbols());
  if (wanted && !timeframes.includes(wanted)) {
    throw new UserError(`${symbol} has no ${WORDS[wanted]} (${wanted}) bars, so nothing was run; it has ${timeframes.map((t) => `${WORDS[t]} (${t})`).join(', ')}.`);
  }
  return { symbol, timeframe: wanted ?? TIMEFRAME_PREFERENCE.find((t) => timeframes.includes(t)) ?? timeframes[0]! };
}

/**
 * Refuses, before anything is read or queued, a request whose models would run on more bars than `limit` allows:
 * those `loadSymbolBars` would read, up to `to` (YYYY-MM-DD, the models' last day) when given.
 */
export async function requireBarsWithin(stores: { bars: BarStore }, symbolText: string, limit: BarLimit, opts: { timeframe?: Timeframe; to?: string } = {}): Promise<void> {
  const { symbol, timeframe } = await symbolTimeframe(stores, symbolText, opts.timeframe);
  const to = opts.to ? Date.parse(`${opts.to}T00:00:00Z`) + DAY_MS - 1 : undefined;
  const n = await stores.bars.countBars(symbol, timeframe, { to });
  if (n > limit.maxBars) throw limit.refuse(n, symbol, timeframe);
}

/** The answer for a symbol with no bars: its name, the closest stored symbols and what the store holds. */
function noData(symbol: string, known: readonly string[]): UserError {
  // "bitcoin" was asked for as BTC: both names, so the user sees what was looked for; a market of its own (gold) is
  // no misspelling of a stored ticker (GOOG), so no "did you mean" then.
  const name = assetName(symbol);
  const near = name ? [] : closestNames(symbol, known, 3);
  const hint = near.length > 0 ? ` Did you mean ${near.join(', ')}?` : '';
  const asked = name && name !== symbol ? `${name} (${symbol})` : symbol;
  return new UserError(
    `There is no data for ${asked}, so nothing was run.${hint} The store holds: ${known.join(', ') || 'nothing yet'}. ` +
      `Pull it with /pull polygon ${symbol} or /pull alpaca ${symbol} when a provider is configured.`,
  );
}

/** Refuses, before anything runs, a request naming a symbol the store holds no bars of. */
export async function requireStoredSymbols(stores: { bars: BarStore }, symbols: readonly string[]): Promise<void> {
  if (symbols.length === 0) return;
  const known = await stores.bars.symbols();
  const missing = symbols.map((s) => s.trim().toUpperCase()).find((s) => !known.includes(s));
  if (missing) throw noData(missing, known);
}

