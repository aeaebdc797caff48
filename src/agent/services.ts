// What the conversation core's intents run on: the engine and registry pieces, built by the composition root.
// Pieces that another part of mlTrainer provides (the trader, the autopilot, subscriptions) are ports declared here
// and optional: an intent whose piece is missing says so instead of inventing an answer.
import type { LiveView } from '../engine/live/live-feed.ts';
import type { EvaluationRunner } from '../engine/evaluate/evaluation-runner.ts';
import type { RoleBook } from '../engine/access/role-book.ts';
import type { AuditLog } from '../engine/audit/audit-log.ts';
import type { Clock } from '../engine/clock.ts';
import type { AppMetrics } from '../engine/metrics/app-metrics.ts';
import type { BarStore } from '../engine/data/bar-store.ts';
import type { SeriesStore } from '../engine/data/series-store.ts';
import type { DbHandle } from '../engine/db/database.ts';
import type { SettingsStore } from '../engine/settings-store.ts';
import type { SubscriptionStore } from '../engine/notify/subscription-store.ts';
import type { AlertSettingsStore } from '../engine/notify/alert-settings-store.ts';
import type { TraderService } from '../engine/trader/trader-service.ts';
import type { ModelCatalog } from '../engine/use-cases/model-catalog.ts';
import type { HeavyWork } from '../engine/heavy/heavy-work.ts';

export type { ModelCatalog };

/** The autonomous loop: switched on and off from the chat, explains its decisions. */
export interface AutopilotControl {
  setEnabled(on: boolean): Promise<void>;
  /** The symbols it trades, and a change of them. */
  symbols(): Promise<string[]>;
  setSymbols(symbols: string[]): Promise<void>;
  status(): Promise<{ enabled: boolean; symbols: string[]; lastRun?: string | null; summary?: string }>;
  /** Why the autopilot holds what it holds on a symbol (at a date, default the latest decision). */
  explain(symbol: string, date?: string): Promise<string>;
  /** Hit rate and error of the predictions the loop used, joined to their outcomes (its prediction log). */
  accuracy(model?: string, symbol?: string): Promise<{
    rows: { model: string; symbol: string; kind: string; predictions: number; byMonth: { month: string; predictions: number; hitRate: number | null; meanAbsError: number | null }[] }[];
    text: string;
  }>;
}

/** The daily report, produced on demand. */
export interface ReportMaker {
  dailyReport(): Promise<{ text: string; code?: string; image?: string | null }>;
  weeklyReport(): Promise<{ text: string; code?: string; image?: string | null }>;
}

/** Pulls new bars or series from a configured provider into the stores. */
export interface DataPuller {
  /** Names of the configured sources, e.g. ['polygon', 'fred']. */
  sources(): string[];
  pull(req: { source: string; symbol?: string; series?: string; from?: string; to?: string }): Promise<string>;
  /** A provider's newest daily close of a symbol (not stored), with the providers' failures on the way. */
  quote(symbol: string): Promise<{ quote: { symbol: string; source: string; close: number; date: string } | null; failures: string[] }>;
}

/** Claude settings (from ANTHROPIC_*), when a key is set. */
export interface LlmSettings {
  apiKey: string;
  baseUrl?: string;
  model: string;
  /** Per request, ms (default 20000). */
  timeoutMs?: number;
  /** SDK retries per request (default 1). */
  maxRetries?: number;
  /** Bound on the tool-use loop (default 6 model calls). */
  maxSteps?: number;
}

export interface AgentServices {
  version: string;
  clock: Clock;
  db: DbHandle;
  bars: BarStore;
  series: SeriesStore;
  settings: SettingsStore;
  models: ModelCatalog;
  /** Folder where rendered charts are saved ($MLTRAINER_HOME/charts). */
  chartsDir: string;
  /** Each user's role (viewer, trader, admin): the environment's floor and the roles granted from chat. */
  roles: RoleBook;
  /** The append-only log of actions and refusals (/audit reads it). */
  audit: AuditLog;
  /** Which outside services are configured (for /status), never their secrets. */
  configured: Readonly<Record<string, boolean>>;
  llm?: LlmSettings;
  /** Basis points of traded notional that rankings and recommendations assume (config.trading.rankingCostBps; default 5). */
  rankingCostBps?: number;
  /** The paper trader (simulated broker or Alpaca); absent until the composition root builds one. */
  trader?: TraderService;
  autopilot?: AutopilotControl;
  reports?: ReportMaker;
  subscriptions?: SubscriptionStore;
  /** Each chat's choice per alert kind (/notify). */
  alertSettings?: AlertSettingsStore;
  puller?: DataPuller;
  /** Where measurements go (Prometheus in the running bot); absent: none are kept. */
  metrics?: AppMetrics;
  /** The heavy-work queue and worker pool (backtests, comparisons, charts, evaluations from chats); absent: in-thread. */
  heavy?: HeavyWork;
  /** The live view every instance shares (REDIS_URL); absent without Redis. */
  live?: { view(): Promise<LiveView | null> };
  /** Where evaluations asked from chats run: the job queue to `mltrainer worker` processes (REDIS_URL); absent: a worker thread here. */
  evaluationRunner?: EvaluationRunner;
}

/** The parts the composition root may leave out (a session without a trader, an autopilot, ...). */
export type OptionalPart = 'trader' | 'autopilot' | 'reports' | 'subscriptions' | 'alertSettings' | 'puller';

/**
 * A part an intent needs, which its `unavailable` check has already required: the core never runs the intent without
 * it, so a missing part here is a wiring mistake, reported as one.
 */
export function partOf<K extends OptionalPart>(services: AgentServices, key: K): NonNullable<AgentServices[K]> {
  const part = services[key];
  if (part == null) throw new Error(`the ${key} is not built, yet an intent that needs it ran`);
  return part;
}
