// Builds the trader: Alpaca paper when keys are configured, else the simulated broker on the bar store; opens the
// book and reconciles it with the broker at start (the broker is the source of truth).
import type { Clock } from '../clock.ts';
import type { BarStore } from '../data/bar-store.ts';
import type { Db } from '../db/database.ts';
import type { Notifier } from '../notify/notifier.ts';
import { AlpacaBroker } from './alpaca-broker.ts';
import { Book } from './book.ts';
import { BrokerAmbiguousError, BrokerRejectedError, type Broker } from './broker.ts';
import { UserError } from '../user-error.ts';
import type { AppMetrics } from '../metrics/app-metrics.ts';
import { TradeLedger } from './trade-ledger.ts';
import { PaperTrader } from './paper-trader.ts';
import { BarPriceSource } from './price-source.ts';
import { SimulatedBroker } from './simulated-broker.ts';
import { DEFAULT_SIMULATED, type TraderConfig } from './trader-config.ts';
import type { ReconcileReport, TraderService } from './trader-service.ts';

export interface CreateTraderOptions {
  db: Db;
  bars: BarStore;
  clock: Clock;
  notifier: Notifier;
  config?: TraderConfig;
  /** A broker built elsewhere (tests); otherwise chosen from the config. */
  broker?: Broker;
  metrics?: AppMetrics;
}

export interface StartedTrader extends TraderService {
  /** What the reconciliation at start found (null when it was switched off). */
  readonly startReconcile: ReconcileReport | null;
}

export async function createTraderService(opts: CreateTraderOptions): Promise<StartedTrader> {
  const cfg = opts.config ?? {};
  const sim = { ...DEFAULT_SIMULATED, ...cfg.simulated };
  const replay = cfg.replay ?? false;
  const prices = new BarPriceSource(opts.bars, opts.clock, replay ? 'next-open' : 'latest-close', sim.timeframe);
  let broker = opts.broker;
  if (!broker) {
    if (cfg.alpaca) broker = new AlpacaBroker(cfg.alpaca);
    else {
      const s = new SimulatedBroker(opts.db, prices, opts.clock, sim);
      await s.init();
      broker = s;
    }
  }
  const book = new Book(opts.db, broker.kind, opts.metrics);
  const acct = await broker.account().catch((err: unknown) => {
    throw startRefusal(err);
  });
  await book.ensureAccount(acct.cash, acct.equity ?? acct.cash, opts.clock.now());
  const trader = new PaperTrader({
    broker,
    book,
    trades: new TradeLedger(opts.db, broker.kind, book),
    prices,
    clock: opts.clock,
    notifier: opts.notifier,
    risk: cfg.risk ?? {},
    staleAfterDays: cfg.staleAfterDays ?? 4,
    allowLimitOverride: cfg.allowLimitOverride ?? false,
    maxAttempts: cfg.alpaca?.maxAttempts ?? 3,
    retryDelayMs: cfg.alpaca?.retryDelayMs ?? 500,
    replay,
  });
  const startReconcile =
    cfg.reconcileOnStart === false
      ? null
      : await trader.reconcile().catch((err: unknown) => {
          throw startRefusal(err);
        });
  return Object.assign(trader, { startReconcile });
}

/** A broker failing at start is said in one line the user can act on (the broker's words name the request and what to check). */
function startRefusal(err: unknown): Error {
  if (err instanceof BrokerRejectedError || err instanceof BrokerAmbiguousError) return new UserError(`paper trading could not start: ${err.message}`);
  return err instanceof Error ? err : new Error(String(err));
}
