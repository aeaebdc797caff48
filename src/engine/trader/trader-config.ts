// The trader's settings: which broker, the simulated broker's costs and fill mode, and the risk limits (the
// contract's defaults: 25% of equity per symbol, 100% gross exposure, 10 open positions, 3% daily loss).
import type { Timeframe } from '../data/bar.ts';

export interface RiskLimits {
  /** Largest |market value| of one symbol as a fraction of equity. */
  maxSymbolWeight: number;
  /** Largest sum of |market values| as a fraction of equity. */
  maxGrossExposure: number;
  maxOpenPositions: number;
  /** A loss of this fraction of the day's starting equity halts new entries for the rest of the day. */
  dailyLossLimit: number;
  /** Only these symbols may be traded; null allows every symbol. */
  allowlist: string[] | null;
  /** A limit price farther than this fraction from the last price needs the user's confirmation. */
  limitDeviationConfirm: number;
  /** Refuse an order worth more than this multiple of equity (typing errors like 10000 for 100). */
  maxOrderValueMultiple: number;
  /** Refuse quantities above this many shares. */
  maxQty: number;
}

export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxSymbolWeight: 0.25,
  maxGrossExposure: 1,
  maxOpenPositions: 10,
  dailyLossLimit: 0.03,
  allowlist: null,
  limitDeviationConfirm: 0.1,
  maxOrderValueMultiple: 2,
  maxQty: 1_000_000,
};

/**
 * How the simulated broker fills, set by `TraderConfig.replay`. `latest-close` (the wall clock): a market order fills
 * at once at the latest close in the bar store. `next-open` (a replay clock): a market order fills at the open of the
 * first bar after the clock. In both modes a limit order fills on the first later bar that trades through its limit.
 */
export type SimulatedFillMode = 'latest-close' | 'next-open';

export interface SimulatedBrokerConfig {
  startingCash: number;
  /** Fraction of traded notional, e.g. 0.0005 = 5 bps. */
  commissionRate: number;
  /** A fixed amount per fill. */
  commissionPerOrder: number;
  /** Fraction of price a market order pays (buy higher, sell lower). */
  slippage: number;
  /** Bars used for fills under replay. */
  timeframe: Timeframe;
}

export const DEFAULT_SIMULATED: SimulatedBrokerConfig = {
  startingCash: 100_000,
  commissionRate: 0,
  commissionPerOrder: 0,
  slippage: 0,
  timeframe: '1d',
};

export interface AlpacaBrokerConfig {
  keyId: string;
  secretKey: string;
  /** APCA_API_BASE_URL: the paper endpoint, a loopback stand-in, or (with `live`) the live endpoint. */
  baseUrl: string;
  /** MLTRAINER_LIVE_TRADING=yes. */
  live: boolean;
  /** Per-request timeout in ms (default 10 s): a hung POST is then looked up by client order id. */
  timeoutMs?: number;
  /** Attempts to place one order through 5xx and timeouts (default 3). */
  maxAttempts?: number;
  /** Pause between attempts, ms (default 500). */
  retryDelayMs?: number;
}

export interface TraderConfig {
  /** Alpaca when given (keys set), else the simulated broker. */
  alpaca?: AlpacaBrokerConfig;
  simulated?: Partial<SimulatedBrokerConfig>;
  risk?: Partial<RiskLimits>;
  /** A fill price older than this many days before the clock's today comes with a warning. */
  staleAfterDays?: number;
  /** A confirmed chat order may exceed the per-symbol limit (MLTRAINER_ALLOW_LIMIT_OVERRIDE=yes); default: limits hold. */
  allowLimitOverride?: boolean;
  /** Reconcile with the broker when the service starts (default true). */
  reconcileOnStart?: boolean;
  /**
   * A replay clock walks through bar dates (default false, the wall clock): simulated orders fill at the next bar's
   * open and the trading day is the bar's date.
   */
  replay?: boolean;
}
