// The port every stock-bar connector implements (Polygon, Alpaca market data), so pulls do not care which one serves.
import type { BarRow, BarSource, Timeframe } from '../bar.ts';

export interface MarketDataSource {
  /** How stored bars are labelled ("polygon", "alpaca"). */
  readonly name: BarSource;
  /**
   * Bars of `symbol` from `from` to `to` (YYYY-MM-DD, both inclusive, New York dates), oldest first, as the provider
   * sent them: not yet validated (see validate-bars.ts). Daily and longer bars are stamped at 00:00 UTC of their date.
   */
  fetchBars(symbol: string, timeframe: Timeframe, from: string, to: string): Promise<BarRow[]>;
  /** Stops the source's timers (rate limiter); pending requests are dropped. */
  close(): Promise<void>;
}
