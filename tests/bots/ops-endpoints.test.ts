// The operator's endpoints on the one HTTP port: /livez while the process runs, /readyz (and /health) 503 naming
// what is not ready, 200 once it is, and /metrics in Prometheus' text format with Node's metrics and mltrainer_*
// figures that move when a message is answered and an order fills.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/bots/http/http-server.ts';
import { mountMetrics, readiness, type OpsState } from '../../src/cli/ops-endpoints.ts';
import { openFreshMemoryDb } from '../support/test-db.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let http: HttpServer;
let base: string;
const state: OpsState = { platformsStarted: false, platforms: ['telegram'] };

beforeAll(async () => {
  app = await createTestApp({}, { withTrading: true });
  http = new HttpServer(readiness({ db: app.db, version: app.services.version }, state));
  mountMetrics(app, http, readiness({ db: app.db, version: app.services.version }, state));
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await app?.close();
});

async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(base + path);
  return { status: res.status, text: await res.text() };
}

/** The value of one sample line of the text format (`name{labels} value`), or null when absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : null;
}

describe('the operator endpoints', () => {
  it('answers /livez always, and /readyz 503 naming the platform still starting, then 200', async () => {
    expect(await get('/livez')).toEqual({ status: 200, text: '{"ok":true}' });
    const starting = await get('/readyz');
    expect(starting.status).toBe(503);
    expect(JSON.parse(starting.text)).toMatchObject({ ok: false, ready: false, notReady: ['telegram'], adapters: { telegram: 'starting' } });
    state.platformsStarted = true;
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({ ok: true, ready: true, database: { answers: true }, adapters: { telegram: 'started' } });
    expect(JSON.parse(ready.text).migrations).toMatch(/^all \d+ applied \(newest 0\d{3}_/);
    expect((await get('/health')).text).toBe(ready.text);
  });

  it('serves Prometheus metrics that move after a message and a filled order', async () => {
    const before = await get('/metrics');
    expect(before.status).toBe(200);
    expect(before.text).toMatch(/^# HELP process_cpu_seconds_total /m);
    expect(before.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(sample(before.text, 'mltrainer_equity_usd')).toBe(100000);
    expect(sample(before.text, 'mltrainer_open_positions')).toBe(0);
    expect(sample(before.text, 'mltrainer_data_age_seconds{symbol="SPX",timeframe="1d"}')).toBeGreaterThan(86400 * 365);
    expect(sample(before.text, 'mltrainer_messages_total{platform="console",intent="status"}')).toBeNull();

    await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text: '/status' });
    await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text: '/buy SPX 2' });
    await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text: 'yes' });
    const after = (await get('/metrics')).text;
    expect(sample(after, 'mltrainer_messages_total{platform="console",intent="status"}')).toBe(1);
    expect(sample(after, 'mltrainer_message_duration_seconds_count{platform="console"}')).toBe(3);
    expect(sample(after, 'mltrainer_understander_answers_total{understander="offline"}')).toBe(3);
    expect(sample(after, 'mltrainer_orders_total{broker="simulated",side="buy",status="filled"}')).toBe(1);
    expect(sample(after, 'mltrainer_open_positions')).toBe(1);
    expect(sample(after, 'mltrainer_gross_exposure_usd')).toBeCloseTo(2 * 2874.560059, 6);

    expect(sample(after, 'mltrainer_evaluation_runs_total')).toBe(0);
    const evaluated = await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text: '/evaluate sma-cross-20-50 SPX' });
    expect(evaluated.intent?.name).toBe('evaluate');
    const later = (await get('/metrics')).text;
    expect(sample(later, 'mltrainer_evaluation_runs_total')).toBe(1);
    expect(sample(later, 'mltrainer_evaluation_duration_seconds_count')).toBe(1);
  });

  it('counts anomalies by rule and the autopilot\'s runs and decisions', async () => {
    const before = (await get('/metrics')).text;
    expect(sample(before, 'mltrainer_anomalies_total{rule="return-outlier"}')).toBeNull();
    expect(sample(before, 'mltrainer_autopilot_decisions_total')).toBe(0);
    await app.anomalies.reporter.report([{ rule: 'return-outlier', key: 'outlier:TEST:1d:2020-04-17', text: 'a crafted outlier' }]);
    const run = await app.autopilot!.runOnce('2020-04-17');
    expect(run.ran).toBe(true);
    const after = (await get('/metrics')).text;
    expect(sample(after, 'mltrainer_anomalies_total{rule="return-outlier"}')).toBe(1);
    expect(sample(after, 'mltrainer_autopilot_decisions_total')).toBe(run.decisions.length);
    expect(run.decisions.length).toBeGreaterThan(0);
    expect(sample(after, 'mltrainer_autopilot_last_run_timestamp_seconds')).toBeGreaterThan(0);
    expect(sample(after, 'mltrainer_autopilot_enabled')).toBe(0);
    expect(sample(after, 'mltrainer_ready')).toBe(1); // the first test saw the platform start
  });

  it('answers /readyz 503 naming the database when it does not answer', async () => {
    const db = await openFreshMemoryDb();
    const probe = new HttpServer(readiness({ db, version: '0.0.0' }, { platformsStarted: true, platforms: [] }));
    const url = `http://127.0.0.1:${await probe.listen(0, '127.0.0.1')}`;
    try {
      expect((await fetch(url + '/readyz')).status).toBe(200);
      await db.close();
      const down = await fetch(url + '/readyz');
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ ready: false, notReady: ['database', 'migrations'], database: { answers: false } });
      expect((await fetch(url + '/livez')).status).toBe(200);
    } finally {
      await probe.close();
    }
  });
});
