// The composition root: reads the config, opens the database, builds the engine, registry and agent, and wires the
// ports to their adapters. Every CLI command and `mltrainer start` go through `createApp`.
import fs from 'node:fs';
import path from 'node:path';
import { MlAgent } from './agent/agent.ts';
import type { AgentServices } from './agent/services.ts';
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
import { SubscriptionStore } from './engine/notify/subscription-store.ts';
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
  close(): Promise<void>;
}

export interface CreateAppOptions {
  clock?: Clock;
  /** Print warnings to the terminal (default: when stderr is a terminal). */
  terminalLogs?: boolean;
  /** An already open database (tests); otherwise opened from the config. */
  db?: DbHandle;
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
    allowedUsers: config.allowedUsers,
    configured: {
      telegram: !!config.telegram,
      slack: !!config.slack,
      claude: !!config.anthropic,
      alpaca: !!config.alpaca,
      polygon: !!config.polygon,
      fred: !!config.fred,
    },
  };
  const sources = createDataSources(config);
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
    async close() {
      await Promise.all([sources.polygon?.close(), sources.alpaca?.close(), sources.fred?.close()]);
      await db.close();
    },
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
