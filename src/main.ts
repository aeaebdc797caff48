// The composition root: reads the config, opens the database, builds the engine, registry and agent, and wires the
// ports to their adapters. Every CLI command and `mltrainer start` go through `createApp`.
import { HeavyWork, sharedHeavyPool } from './engine/heavy/heavy-work.ts';
import { RoleBook } from './engine/access/role-book.ts';
import { RoleStore } from './engine/access/role-store.ts';
import { AuditLog } from './engine/audit/audit-log.ts';
import fs from 'node:fs';
import path from 'node:path';
import { MlAgent, type AgentServices } from './agent/index.ts';
import type { Config } from './config.ts';
import { wallClock, type Clock } from './engine/clock.ts';
import { BarStore } from './engine/data/bar-store.ts';
import { seedEmbeddedData } from './engine/data/embedded-seed.ts';
import { SeriesStore } from './engine/data/series-store.ts';
import { AlpacaDataSource } from './engine/data/sources/alpaca-source.ts';
import { FredSource } from './engine/data/sources/fred-source.ts';
import { PolygonSource } from './engine/data/sources/polygon-source.ts';
import { openDb, type DbHandle } from './engine/db/database.ts';
import { NotifierRelay } from './engine/notify/notifier-relay.ts';
import { MetricsRelay } from './engine/metrics/metrics-relay.ts';
import { AnomalyStore } from './engine/anomaly/anomaly-store.ts';
import { LiveReader } from './engine/live/live-reader.ts';
import { AnomalyReporter } from './engine/anomaly/anomaly-reporter.ts';
import { DataWatch } from './engine/anomaly/data-watch.ts';
import { SchedulerHeartbeat } from './engine/anomaly/scheduler-heartbeat.ts';
import { SubscriptionStore } from './engine/notify/subscription-store.ts';
import { AlertSettingsStore } from './engine/notify/alert-settings-store.ts';
import { AutopilotService } from './engine/autopilot/autopilot-service.ts';
import { DataPullService, type DataSources } from './engine/data/sources/data-puller.ts';
import { createStoreRefresher } from './engine/data/sources/refresh-stores.ts';
import { ReportService } from './engine/reports/report-service.ts';
import { ScheduledBackups } from './engine/backup/scheduled-backups.ts';
import { evaluatePoolAgain } from './engine/reports/pool-evaluation.ts';
import { evaluationRunnerFor } from './cli/evaluation-runner-for.ts';
import type { EvaluationRunner } from './engine/evaluate/evaluation-runner.ts';
import { InProcessRunner } from './engine/evaluate/in-process-runner.ts';
import { autopilotSettings } from './engine/autopilot/autopilot-config.ts';
import { createTraderService, type StartedTrader } from './engine/trader/create-trader-service.ts';
import type { SimulatedBrokerConfig } from './engine/trader/trader-config.ts';
import { SettingsStore } from './engine/settings-store.ts';
import { UserError } from './engine/user-error.ts';
import { AUTOPILOT_SYMBOLS_KEY } from './engine/autopilot/autopilot-service.ts';
import { initLogging, logger } from './log.ts';
import { allModels, getModel, searchModels } from './registry/catalog.ts';
import { VERSION } from './version.ts';

export type { DataSources };

export interface App {
  config: Config;
  sources: DataSources;
  db: DbHandle;
  bars: BarStore;
  series: SeriesStore;
  settings: SettingsStore;
  agent: MlAgent;
  services: AgentServices;
  clock: Clock;
  /** Where the trader, autopilot and reports announce things; the start/chat command points it at a delivery. */
  notifier: NotifierRelay;
  /** Where measurements go: nowhere until `mltrainer start` points it at Prometheus. */
  metrics: MetricsRelay;
  /** The anomaly watchers: each raised once, alerted through `notifier`, counted in `metrics`. */
  anomalies: Anomalies;
  /** Built with `withTrading`: the paper trader, the autopilot and the reports. */
  trader?: StartedTrader;
  autopilot?: AutopilotService;
  reports?: ReportService;
  close(): Promise<void>;
}

export interface Anomalies {
  store: AnomalyStore;
  reporter: AnomalyReporter;
  /** Checks imported and pulled bars; counts provider failures. */
  data: DataWatch;
}

export interface CreateAppOptions {
  clock?: Clock;
  /** Print warnings to the terminal (default: when stderr is a terminal). */
  terminalLogs?: boolean;
  /** An already open database (tests); otherwise opened from the config. */
  db?: DbHandle;
  /**
   * Build the paper trader (reconciling with its broker), the autopilot and the reports. The chat and start
   * commands do; one-shot data commands do not, so they never call a broker.
   */
  withTrading?: boolean;
}

export async function createApp(config: Config, opts: CreateAppOptions = {}): Promise<App> {
  ensureWritableHome(config.home);
  initLogging({ home: config.home, level: config.logLevel, secrets: config.secretValues, terminal: opts.terminalLogs });
  const db = opts.db ?? (await openDb({ home: config.home, databaseUrl: config.databaseUrl }));
  try {
    return await assembleApp(config, opts, db);
  } catch (err) {
    // A start that fails after opening the database (a broker refusing at start, ...) releases it: its lock included.
    if (!opts.db) await db.close().catch(() => undefined);
    throw err;
  }
}

async function assembleApp(config: Config, opts: CreateAppOptions, db: DbHandle): Promise<App> {
  const log = logger('main');
  const bars = new BarStore(db.db, { summaryTtlMs: db.driver === 'pglite' ? Infinity : undefined });
  const series = new SeriesStore(db.db, { summaryTtlMs: db.driver === 'pglite' ? Infinity : undefined });
  const settings = new SettingsStore(db.db);
  if (await seedEmbeddedData(bars, settings)) log.info('bar store seeded from vega-datasets');
  const clock = opts.clock ?? wallClock;
  const chartsDir = path.join(config.home, 'charts');
  fs.mkdirSync(chartsDir, { recursive: true });
  const sources = createDataSources(config);
  const notifier = new NotifierRelay();
  const metrics = new MetricsRelay();
  const live = config.redisUrl ? new LiveReader(config.redisUrl) : undefined;
  const anomalyStore = new AnomalyStore(db.db);
  const reporter = new AnomalyReporter({ store: anomalyStore, notifier, metrics, clock });
  const anomalies: Anomalies = { store: anomalyStore, reporter, data: new DataWatch({ bars, reporter, metrics, clock }) };
  const subscriptions = new SubscriptionStore(db.db);
  const audit = new AuditLog(db.db);
  // Backtests, comparisons and charts asked from chats (and the reports' charts) run on worker threads.
  const heavy = new HeavyWork({ pool: sharedHeavyPool() });
  const trading = opts.withTrading ? await createTrading(config, { db, bars, series, settings, clock, notifier, subscriptions, chartsDir, sources, audit, metrics, heavy, anomalies }) : {};
  const services: AgentServices = {
    metrics,
    version: VERSION,
    clock,
    db,
    bars,
    series,
    settings,
    models: { all: allModels, get: getModel, search: searchModels },
    subscriptions,
    alertSettings: new AlertSettingsStore(db.db),
    llm: config.anthropic
      ? { apiKey: config.anthropic.apiKey, baseUrl: config.anthropic.baseUrl, model: config.anthropic.model }
      : undefined,
    chartsDir,
    rankingCostBps: config.trading.rankingCostBps,
    roles: new RoleBook(config.roles, new RoleStore(db.db)),
    audit,
    configured: {
      telegram: !!config.telegram,
      slack: !!config.slack,
      claude: !!config.anthropic,
      alpaca: !!config.alpaca,
      polygon: !!config.polygon,
      fred: !!config.fred,
      // Real-money orders: MLTRAINER_LIVE_TRADING=yes with a non-paper Alpaca endpoint (the chat's /live says so).
      liveTrading: !!config.alpaca?.live && !config.alpaca.baseUrl.includes('paper-api'),
    },
    puller: new DataPullService(sources, { bars, series }, clock, anomalies.data),
    trader: trading.trader,
    autopilot: trading.autopilot,
    reports: trading.reports,
    // Chats' heavy requests are admitted by a per-chat, bounded queue.
    heavy,
    evaluationRunner: ownRunsRunner(config, db),
    // The live view every instance publishes to Redis (read by /status).
    live,
  };
  const agent = new MlAgent(services);
  const { trader, autopilot, reports } = trading;
  log.info({ driver: db.driver, location: db.location }, 'mlTrainer ready');
  return {
    config,
    sources,
    db,
    bars,
    series,
    settings,
    agent,
    services,
    clock,
    notifier,
    metrics,
    anomalies,
    trader,
    autopilot,
    reports,
    async close() {
      await autopilot?.stop();
      await heavy.close();
      await live?.close();
      await trader?.close();
      await Promise.all([sources.polygon?.close(), sources.alpaca?.close(), sources.fred?.close()]);
      await db.close();
    },
  };
}

interface TradingParts {
  trader?: StartedTrader;
  autopilot?: AutopilotService;
  reports?: ReportService;
}

/** The paper trader (reconciled with its broker), the reports, and the autopilot that trades and sends them. */
async function createTrading(
  config: Config,
  core: {
    db: DbHandle;
    bars: BarStore;
    series: SeriesStore;
    settings: SettingsStore;
    clock: Clock;
    notifier: NotifierRelay;
    subscriptions: SubscriptionStore;
    chartsDir: string;
    sources: DataSources;
    audit: AuditLog;
    metrics: MetricsRelay;
    heavy: HeavyWork;
    anomalies: Anomalies;
  },
): Promise<TradingParts> {
  const { db, bars, series, settings, clock, notifier, subscriptions, chartsDir, sources, audit, metrics, heavy, anomalies } = core;
  const alpaca = config.alpaca;
  const trader = await createTraderService({
    db: db.db,
    bars,
    clock,
    notifier,
    metrics,
    config: {
      alpaca: alpaca ? { keyId: alpaca.keyId, secretKey: alpaca.secretKey, baseUrl: alpaca.baseUrl, live: alpaca.live } : undefined,
      simulated: simulatedSettings(config),
      risk: config.trading.risk,
      allowLimitOverride: config.trading.allowLimitOverride,
    },
  });
  const symbols = async () => (await settings.get<string[]>(AUTOPILOT_SYMBOLS_KEY)) ?? ['SPX'];
  const pool = autopilotSettings().pool;
  const reports = new ReportService({
    db: db.db,
    trader,
    bars,
    notifier,
    clock,
    chartsDir,
    renderChart: (input) => heavy.equityChartPng(input, 'The report chart'),
    symbols,
    refreshLeaderboard: (syms) => evaluatePoolAgain({ db: db.db, bars, series }, pool, syms, ownRunsRunner(config, db)),
    rankingCostBps: config.trading.rankingCostBps,
  });
  const backups =
    config.backups.keep > 0
      ? new ScheduledBackups({ db, dir: path.join(config.home, 'backups'), keep: config.backups.keep, clock, notifier, metrics })
      : undefined;
  const autopilot = new AutopilotService({
    db,
    audit,
    bars,
    settings,
    trader,
    notifier,
    clock,
    reportTime: config.reports,
    sendDailyReport: async (date) => void (await reports.sendDaily(date)),
    sendWeeklyReport: async (date) => void (await reports.sendWeekly(date)),
    hasReportSubscribers: async () => (await subscriptions.list('daily')).length > 0,
    dailyBackup: backups ? (session) => backups.runDaily(session) : undefined,
    refresh: createStoreRefresher({ bars: sources.polygon ?? sources.alpaca, fred: sources.fred }, { bars, series }, clock, anomalies.data),
    metrics,
    anomalies: anomalies.reporter,
    heartbeat: new SchedulerHeartbeat(db.db, anomalies.reporter, autopilotSettings().closeMarginMinutes * 60_000),
  });
  return { trader, autopilot, reports };
}

/** The bot's own evaluations (the weekly refresh, a chat's /evaluate): queued with REDIS_URL, here on one thread when no worker is up. */
function ownRunsRunner(config: Config, db: DbHandle): EvaluationRunner | undefined {
  return evaluationRunnerFor(config, { fallback: new InProcessRunner(db.db, 1) });
}

/** The simulated broker's settings the environment sets (the rest keep their defaults). */
export function simulatedSettings(config: Config): Partial<SimulatedBrokerConfig> {
  const t = config.trading;
  return {
    ...(t.startingCash !== undefined ? { startingCash: t.startingCash } : {}),
    ...(t.commissionRate !== undefined ? { commissionRate: t.commissionRate } : {}),
    ...(t.slippage !== undefined ? { slippage: t.slippage } : {}),
  };
}

function createDataSources(config: Config): DataSources {
  const log = logger('data-sources');
  return {
    polygon: config.polygon
      ? new PolygonSource({
          apiKey: config.polygon.apiKey,
          baseUrl: config.polygon.baseUrl,
          rateLimit: { requests: config.polygon.requestsPerMinute, intervalMs: 60_000 },
          log,
        })
      : undefined,
    alpaca: config.alpaca
      ? new AlpacaDataSource({ keyId: config.alpaca.keyId, secretKey: config.alpaca.secretKey, dataUrl: config.alpaca.dataUrl, log })
      : undefined,
    fred: config.fred ? new FredSource({ apiKey: config.fred.apiKey, baseUrl: config.fred.baseUrl, log }) : undefined,
  };
}

function ensureWritableHome(home: string): void {
  try {
    fs.mkdirSync(home, { recursive: true });
    fs.accessSync(home, fs.constants.W_OK);
  } catch {
    throw new UserError(`MLTRAINER_HOME: cannot create or write to ${home}; choose a writable folder`);
  }
}
