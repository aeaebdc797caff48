// The operator's endpoints on the one HTTP port, for `mltrainer start` (composition: it reads the engine's stores):
// readiness (the database answers, its migrations are applied, every configured chat platform has started) and Prometheus metrics, whose gauges
// read the paper book, the outbox and the bar store when scraped.
import { pingDb, type DbHandle } from '../engine/db/database.ts';
import { checkMigrations } from '../engine/db/database-health.ts';
import { OutboxStore } from '../engine/notify/outbox-store.ts';
import type { App } from '../main.ts';
import type { HttpServer } from '../bots/http/http-server.ts';
import { PrometheusMetrics, type GaugeReadings } from '../bots/http/prometheus-metrics.ts';
import { mountDashboard } from '../bots/http/dashboard/dashboard-routes.ts';
import { RateMeter } from '../bots/http/dashboard/rate-meter.ts';
import { dashboardSnapshot } from '../engine/use-cases/dashboard-snapshot.ts';
import { dataAge } from '../engine/data/data-age.ts';
import { isoDate } from '../calendar/dates.ts';

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

/** Mounts /metrics and points the app's measurements at it; `ready` is /readyz's verdict (mltrainer_ready). */
export function mountMetrics(app: App, http: HttpServer, ready?: () => Promise<Record<string, unknown>>): PrometheusMetrics {
  const outbox = new OutboxStore(app.db.db);
  const read = async (): Promise<GaugeReadings> => {
    const now = app.clock.now();
    const summary = await app.bars.summary();
    const readings: GaugeReadings = {
      outbox: await outbox.counts(),
      dataAge: summary.map((r) => ({ symbol: r.symbol, timeframe: r.timeframe, seconds: Math.max(0, (now - Date.parse(`${r.last}T00:00:00Z`)) / 1000) })),
    };
    if (ready) readings.ready = (await ready()).ready !== false;
    if (app.autopilot) readings.autopilot = await autopilotReadings(app.autopilot, app.bars, now);
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

/** Mounts the dashboard at `/` when MLTRAINER_DASHBOARD_TOKEN is set; otherwise `/` says how to switch it on. */
export function mountDashboardFor(app: App, http: HttpServer, metrics: PrometheusMetrics, opts: { chatPlatforms: boolean }): void {
  const token = app.config.dashboardToken;
  if (!token) {
    http.mount('/', (_req, res) => void res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('The dashboard is off: set MLTRAINER_DASHBOARD_TOKEN to switch it on.\n'));
    return;
  }
  const outbox = new OutboxStore(app.db.db);
  const meter = new RateMeter();
  mountDashboard(http, token, {
    snapshot: () => dashboardSnapshot({ db: app.db.db, clock: app.clock, bars: app.bars, anomalies: app.anomalies.store, trader: app.trader, autopilot: app.autopilot }),
    async rates() {
      const total = await metrics.messagesTotal();
      const live = app.services.live ? await app.services.live.view() : undefined;
      return { outbox: opts.chatPlatforms ? await outbox.counts() : null, messages: { total, perMinute: meter.read(app.clock.now(), total) }, live };
    },
  });
}

/** The autopilot's state for the alert rules: on or off, last run, next due run, and the traded symbols' data age. */
async function autopilotReadings(autopilot: NonNullable<App['autopilot']>, bars: App['bars'], now: number): Promise<NonNullable<GaugeReadings['autopilot']>> {
  const status = await autopilot.status();
  const dataSessionsBehind: { symbol: string; sessions: number }[] = [];
  if (status.enabled) {
    for (const symbol of status.symbols) {
      const t = await bars.lastBarTime(symbol, '1d');
      if (t !== null) dataSessionsBehind.push({ symbol, sessions: dataAge(symbol, isoDate(t), now).sessionsBehind });
    }
  }
  return {
    enabled: status.enabled,
    lastRunAt: status.lastRunAt ? Date.parse(status.lastRunAt) : null,
    nextDueAt: status.enabled && status.next?.action === 'decide' ? Date.parse(status.next.at) : null,
    dataSessionsBehind,
  };
}
