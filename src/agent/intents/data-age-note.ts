// The staleness sentence of a "now" answer, from the chat's clock and the configured providers.
import { dataAge, staleDataSentence, type DataAge } from '../../engine/data/data-age.ts';
import type { Timeframe } from '../../engine/data/bar.ts';
import type { AgentServices } from '../services.ts';

export function ageOf(services: AgentServices, symbol: string, asOf: string, timeframe: Timeframe = '1d'): DataAge {
  return dataAge(symbol, asOf, services.clock.now(), timeframe);
}

/** "Data age: the newest SPX bar is 2020-04-17, 6.6 years old ..." when stale; null when fresh. */
export function staleNote(services: AgentServices, symbol: string, asOf: string, timeframe: Timeframe = '1d'): string | null {
  return staleDataSentence(ageOf(services, symbol, asOf, timeframe), services.puller?.sources() ?? []);
}

/** One sentence for several symbols' prices (a book's positions): the stale ones with their dates, or null. */
export function staleNotes(services: AgentServices, prices: readonly { symbol: string; asOf: string }[]): string | null {
  const stale = prices.map((p) => ageOf(services, p.symbol, p.asOf)).filter((a) => a.stale);
  if (stale.length === 0) return null;
  if (stale.length === 1) return staleNote(services, stale[0]!.symbol, stale[0]!.asOf);
  const list = stale.map((a) => `${a.symbol} ${a.asOf} (${a.age} old)`).join(', ');
  const hasProvider = (services.puller?.sources() ?? []).some((p) => p === 'polygon' || p === 'alpaca');
  const how = hasProvider ? 'pull fresh data with /pull' : "to get fresh prices, set POLYGON_API_KEY (or Alpaca's keys) and /pull them";
  return `Data age: these prices are old, not today's market: ${list}; ${how}.`;
}
