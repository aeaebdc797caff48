// What the paper trader's parts (order sending, reconciliation, valuation, risk state) share: the broker, the book,
// prices, the clock, where alerts go and the settings, built once by `createTraderService`.
import type { Clock } from '../clock.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { Book } from './book.ts';
import type { Broker } from './broker.ts';
import type { BarPriceSource } from './price-source.ts';
import type { TradeLedger } from './trade-ledger.ts';
import type { RiskLimits } from './trader-config.ts';

export interface PaperTraderDeps {
  broker: Broker;
  book: Book;
  /** The book's round-trip trades, rebuilt from its fills. */
  trades: TradeLedger;
  prices: BarPriceSource;
  clock: Clock;
  notifier: Notifier;
  risk: Partial<RiskLimits>;
  staleAfterDays: number;
  /** A confirmed chat order may pass the per-symbol limit (the admin's MLTRAINER_ALLOW_LIMIT_OVERRIDE=yes). */
  allowLimitOverride: boolean;
  /** Attempts to place one order through ambiguous failures, and the pause between them. */
  maxAttempts: number;
  retryDelayMs: number;
  /** A replay: the clock walks through bar dates, and the trading day is the bar's date (not New York's). */
  replay: boolean;
}
