// The dashboard in a real browser (Debian's headless Chromium driven by playwright-core): refused without the token,
// loaded with it on a phone-sized screen (no sideways scrolling, no console error), showing the equity chart and
// the positions after a paper trade, and updating by itself within 10 s after a new fill. A screenshot is written
// to test-results/dashboard/.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { HttpServer } from '../../src/bots/http/http-server.ts';
import { mountDashboardFor, mountMetrics, readiness } from '../../src/cli/ops-endpoints.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
// CI installs Chromium and sets MLTRAINER_REQUIRE_BROWSER, so a missing browser fails there instead of skipping.
const skip = !CHROMIUM && process.env.MLTRAINER_REQUIRE_BROWSER !== '1';
const TOKEN = 'dash-test-token';
const OUTPUT = path.resolve('test-results/dashboard');

let app: TestApp;
let http: HttpServer;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (skip) return;
  app = await createTestApp({ MLTRAINER_DASHBOARD_TOKEN: TOKEN }, { withTrading: true });
  http = new HttpServer(readiness({ db: app.db, version: app.services.version }, { platformsStarted: true, platforms: [] }));
  mountDashboardFor(app, http, mountMetrics(app, http), { chatPlatforms: false });
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await http?.close();
  await app?.close();
});

const buy = async (qty: number, key: string) => {
  const r = await app.trader!.placeOrder({ symbol: 'SPX', side: 'buy', qty, type: 'market', decisionKey: key });
  expect(r.ok).toBe(true);
};

describe.skipIf(skip)('the dashboard in headless Chromium', () => {
  it('refuses a visit without the token, and a wrong one', async () => {
    const page = await browser.newPage();
    expect((await page.goto(`${base}/`))!.status()).toBe(401);
    expect(await page.textContent('body')).toContain('the dashboard needs MLTRAINER_DASHBOARD_TOKEN');
    expect((await page.goto(`${base}/?token=wrong`))!.status()).toBe(401);
    expect((await page.goto(`${base}/dashboard/panels`))!.status()).toBe(401);
    await page.close();
  });

  it('shows the equity chart and the positions after a trade, and updates after a new fill without a reload', async () => {
    await buy(2, 'test:dashboard:1');
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(`${base}/?token=${TOKEN}`);
    expect(res!.status()).toBe(200);
    await expect.poll(() => page.locator('#equity-chart svg').count()).toBe(1);
    expect(await page.locator('#equity-chart svg').boundingBox()).toMatchObject({ width: expect.any(Number) });
    expect(await page.textContent('#equity')).toContain('buy-and-hold SPX');
    const rows = () => page.locator('#positions-table tbody tr').allInnerTexts();
    expect(await rows()).toEqual([expect.stringMatching(/^SPX\s+2 @ 2,874\.56\s+2,874\.56\s+2020-04-17\s+5,749\.12\s+0\.00$/)]);
    expect(await page.textContent('#account')).toContain('Equity');
    // The embedded data ends in 2020: the account says its positions are valued at those closes, not today's.
    expect(await page.textContent('#prices-as-of')).toBe("Positions valued at the stored closes of 2020-04-17, not today's prices.");
    // Usable on a phone: nothing wider than the screen.
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    fs.mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-phone.png'), fullPage: true });

    // A new fill: the page shows it by itself (it polls every 3 s), within 10 s.
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await buy(3, 'test:dashboard:2');
    await expect.poll(() => page.locator('#positions-table tbody tr td:nth-child(2)').allInnerTexts(), { timeout: 10_000, interval: 250 }).toEqual(['5 @ 2,874.56']);
    expect(await page.locator('#fills-table tbody tr').count()).toBe(2);
    expect(navigations).toEqual([]);
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-after-fill.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
