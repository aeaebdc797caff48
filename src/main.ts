// The composition root: reads the config, opens the database, builds the engine, registry and agent, and wires the
// ports to their adapters. Every CLI command and `mltrainer start` go through `createApp`.
import fs from 'node:fs';
import path from 'node:path';
import { MlAgent, type AgentServices, type DataPuller } from './agent/index.ts';
import type { Config } from './config.ts';
import { wallClock, type Clock } from './engine/clock.ts';
import { BarStore } from './engine/data/bar-store.ts';
import { seedEmbeddedData } from './engine/data/embedded-seed.ts';
import { SeriesStore } from './engine/data/series-store.ts';
import { AlpacaDataSource } from './engine/data/sources/alpaca-source.ts';
import { FredSource } from './engine/data/sources/fred-source.ts';
import type { MarketDataSource } from './engine/data/sources/market-data-source.ts';
import { PolygonSource } from './engine/data/sources/polygon-source.ts';
import { openDb, type DbHandle } from './engine/db/database.ts';
import { NotifierRelay } from './engine/notify/notifier-relay.ts';
import { SubscriptionStore } from './engine/notify/subscription-store.ts';
import { AutopilotService } from './engine/autopilot/autopilot-service.ts';
import { pullBars, pullSeries } from './engine/data/sources/pull.ts';
import { createStoreRefresher } from './engine/data/sources/refresh-stores.ts';
import { ReportService } from './engine/reports/report-service.ts';
import { runEvaluation } from './engine/evaluate/run-evaluation.ts';
import { createTraderService, type StartedTrader } from './engine/trader/create-trader-service.ts';
import type { SimulatedBrokerConfig } from './engine/trader/trader-config.ts';
import { SettingsStore } from './engine/settings-store.ts';
import { UserError } from './engine/user-error.ts';
import { initLogging, logger } from './log.ts';
import { allModels, getModel, searchModels } from './registry/catalog.ts';
import { VERSION } from './version.ts';

/** The configured data providers (none without keys). */
export interface DataSources {
  polygon?: MarketDataSource;
  alpaca?: MarketDataSource;
  fred?: FredSource;
}

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
  /** Built with `withTrading`: the paper trader, the autopilot and the reports. */
  trader?: StartedTrader;
  autopilot?: AutopilotService;
  reports?: ReportService;
  close(): Promise<void>;
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
  const log = logger('main');
  const db = opts.db ?? (await openDb({ home: config.home, databaseUrl: config.databaseUrl }));
  const bars = new BarStore(db.db);
  const series = new SeriesStore(db.db);
  const settings = new SettingsStore(db.db);
  if (await seedEmbeddedData(bars, settings)) log.info('bar store seeded from vega-datasets');
  const clock = opts.clock ?? wallClock;
  const chartsDir = path.join(config.home, 'charts');
  fs.mkdirSync(chartsDir, { recursive: true });
  const services: AgentServices = {
    version: VERSION,
    clock,
    db,
    bars,
    series,
    settings,
    models: { all: allModels, get: getModel, search: searchModels },
    subscriptions: new SubscriptionStore(db.db),
    llm: config.anthropic
      ? { apiKey: config.anthropic.apiKey, baseUrl: config.anthropic.baseUrl, model: config.anthropic.model }
      : undefined,
    chartsDir,
    rankingCostBps: config.trading.rankingCostBps,
    allowedUsers: config.allowedUsers,
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
  };
  const sources = createDataSources(config);
  const notifier = new NotifierRelay();
  services.puller = createPuller(sources, bars, series, clock);
  let trader: StartedTrader | undefined;
  let autopilot: AutopilotService | undefined;
  let reports: ReportService | undefined;
  if (opts.withTrading) {
    const alpaca = config.alpaca;
    trader = await createTraderService({
      db: db.db,
      bars,
      clock,
      notifier,
      config: {
        alpaca: alpaca ? { keyId: alpaca.keyId, secretKey: alpaca.secretKey, baseUrl: alpaca.baseUrl, live: alpaca.live } : undefined,
        simulated: simulatedSettings(config),
        risk: config.trading.risk,
      },
    });
    const symbols = async () => (await settings.get<string[]>('autopilot.symbols')) ?? ['SPX'];
    // Before the weekly summary ranks the models, the autopilot's pool is evaluated again on the week's bars (on a
    // worker thread, so the chats stay responsive); models already evaluated on the same data are skipped.
    const refreshLeaderboard = async (syms: string[]) => {
      const r = await runEvaluation({ db: db.db, bars, series, models: autopilot!.pool, symbols: syms, timeframe: '1d', workers: 1 });
      return `Leaderboard refreshed: the autopilot's ${autopilot!.pool.length} pool models evaluated on the latest bars (${r.evaluated} evaluated, ${r.skipped} unchanged since their last evaluation, ${r.failed} failed); other models keep their last evaluation (run /evaluate to refresh them).`;
    };
    reports = new ReportService({ db: db.db, trader, bars, notifier, clock, chartsDir, symbols, refreshLeaderboard, rankingCostBps: config.trading.rankingCostBps });
    autopilot = new AutopilotService({
      db,
      bars,
      settings,
      trader,
      notifier,
      clock,
      reportTime: config.reports,
      sendDailyReport: async (date) => void (await reports!.sendDaily(date)),
      sendWeeklyReport: async (date) => void (await reports!.sendWeekly(date)),
      hasReportSubscribers: async () => (await services.subscriptions!.list('daily')).length > 0,
      refresh: createStoreRefresher({ bars: sources.polygon ?? sources.alpaca, fred: sources.fred }, { bars, series }, clock),
    });
    services.trader = trader;
    services.autopilot = autopilot;
    services.reports = reports;
  }
  const agent = new MlAgent(services);
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
    trader,
    autopilot,
    reports,
    async close() {
      await autopilot?.stop();
      await trader?.close();
      await Promise.all([sources.polygon?.close(), sources.alpaca?.close(), sources.fred?.close()]);
      await db.close();
    },
  };
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

/** `/pull` from the chat: the same pulls as `mltrainer data pull`, summarised in one line. */
function createPuller(sources: DataSources, bars: BarStore, series: SeriesStore, clock: Clock): DataPuller {
  return {
    sources: () => Object.entries(sources).filter(([, s]) => s).map(([name]) => name),
    async pull(req) {
      if (req.source === 'fred') {
        if (!sources.fred) throw new UserError('FRED_API_KEY is not set: FRED needs a key');
        if (!req.series) throw new UserError('Which FRED series? For example /pull fred DGS10');
        const r = await pullSeries({ fred: sources.fred, sink: series, seriesId: req.series.toUpperCase(), from: req.from, to: req.to });
        return `${r.seriesId} (${r.meta.title}): ${r.fetched} observations, ${r.missing} missing; ${r.inserted} new, ${r.updated} updated`;
      }
      const source = req.source === 'polygon' ? sources.polygon : req.source === 'alpaca' ? sources.alpaca : undefined;
      if (!source) throw new UserError(`${req.source} is not configured: set its key (see /status)`);
      if (!req.symbol) throw new UserError(`Which symbol? For example /pull ${req.source} AAPL`);
      const r = await pullBars({ source, sink: bars, symbol: req.symbol.toUpperCase(), timeframe: '1d', from: req.from, to: req.to, clockNow: () => clock.now() });
      return `${r.symbol} from ${r.source}: ${r.fetched} bars${r.from ? ` ${r.from}..${r.to}` : ' (nothing newer)'}; ${r.inserted} new, ${r.updated} updated, ${r.rejected.length} rejected`;
    },
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
