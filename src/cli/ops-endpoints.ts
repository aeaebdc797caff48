// The operator's endpoints on the one HTTP port, for `mltrainer start` (composition: it reads the engine's stores):
// readiness (the database answers, its migrations are applied, every configured chat platform has started) and Prometheus metrics, whose gauges
// read the paper book, the outbox and the bar store when scraped.
import { pingDb, type DbHandle } from '../engine/db/database.ts';
import { checkMigrations } from '../engine/db/database-health.ts';
import { OutboxStore } from '../engine/notify/outbox-store.ts';
import type { App } from '../main.ts';
import type { HttpServer } from '../bots/http/http-server.ts';
import { PrometheusMetrics, type GaugeReadings } from '../bots/http/prometheus-metrics.ts';

export interface OpsState {
  /** Set once every configured chat platform has started (none configured: at once). */
  platformsStarted: boolean;
  platforms: string[];
}

/** The body of /readyz: `ready` only when the database answers, is migrated and the platforms have started. */
export function readiness(app: { db: DbHandle; version: string }, state: OpsState): () => Promise<Record<string, unknown>> {
  return async () => {
    const database = await pingDb(app.db.db).catch(() => false);
    const migrations = database ? await checkMigrations(app.db.db).catch(() => null) : null;
    const adapters = Object.fromEntries(state.platforms.map((p) => [p, state.platformsStarted ? 'started' : 'starting']));
    const notReady = [
      ...(database ? [] : ['database']),
      ...(migrations?.ok ? [] : ['migrations']),
      ...(state.platformsStarted ? [] : state.platforms),
    ];
    return {
      ready: notReady.length === 0,
      ...(notReady.length > 0 ? { notReady } : {}),
      version: app.version,
      database: { driver: app.db.driver, answers: database },
      migrations: migrations?.detail ?? 'not checked: the database does not answer',
      adapters,
    };
  };
}

/** Mounts /metrics and points the app's measurements at it. */
export function mountMetrics(app: App, http: HttpServer): PrometheusMetrics {
  const outbox = new OutboxStore(app.db.db);
  const read = async (): Promise<GaugeReadings> => {
    const now = app.clock.now();
    const summary = await app.bars.summary();
    const readings: GaugeReadings = {
      outbox: await outbox.counts(),
      dataAge: summary.map((r) => ({ symbol: r.symbol, timeframe: r.timeframe, seconds: Math.max(0, (now - Date.parse(`${r.last}T00:00:00Z`)) / 1000) })),
    };
    if (app.trader) {
      // The same figures /balance and /pnl all answer with.
      const [balance, pnl] = await Promise.all([app.trader.balance(), app.trader.pnl('all')]);
      readings.account = {
        equity: balance.equity,
        cash: balance.cash,
        openPositions: balance.openPositions,
        grossExposure: balance.grossExposure,
        realizedPnl: pnl.realized,
        unrealizedPnl: pnl.unrealized,
      };
    }
    return readings;
  };
  const metrics = new PrometheusMetrics(read);
  app.metrics.setTarget(metrics);
  http.mount('/metrics', async (_req, res) => {
    const { contentType, body } = await metrics.scrape();
    res.writeHead(200, { 'content-type': contentType }).end(body);
  });
  return metrics;
}
