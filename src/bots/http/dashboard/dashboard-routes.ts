// Mounts the read-only dashboard on the HTTP port: `/` (the page), `/dashboard/panels` (what the page polls) and
// `/dashboard.js` (its client). 401 without the token; the page and panels are never cached.
import type { HttpServer } from '../http-server.ts';
import type { DashboardSnapshot } from '../../../engine/use-cases/dashboard-snapshot.ts';
import { DashboardAuth, DASHBOARD_COOKIE } from './dashboard-auth.ts';
import { dashboardPanels, type DashboardRates } from './dashboard-panels.ts';
import { DASHBOARD_SCRIPT, dashboardPage } from './dashboard-page.ts';

export interface DashboardSource {
  snapshot(): Promise<DashboardSnapshot>;
  rates(): Promise<DashboardRates>;
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:",
};

export function mountDashboard(http: HttpServer, token: string, source: DashboardSource): void {
  const auth = new DashboardAuth(token);
  const refused = { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="mltrainer"' };
  const refuse = (res: Parameters<Parameters<HttpServer['mount']>[1]>[1]) =>
    void res.writeHead(401, refused).end('401: the dashboard needs MLTRAINER_DASHBOARD_TOKEN, as ?token=... or a bearer token\n');

  http.mount('/', async (req, res) => {
    const by = auth.check(req);
    if (!by) return refuse(res);
    const [snapshot, rates] = await Promise.all([source.snapshot(), source.rates()]);
    const headers: Record<string, string> = { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' };
    if (by === 'token') headers['set-cookie'] = `${DASHBOARD_COOKIE}=${auth.cookieValue()}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers).end(dashboardPage(dashboardPanels(snapshot, rates), snapshot.asOf));
  });

  http.mount('/dashboard/panels', async (req, res) => {
    if (!auth.check(req)) return refuse(res);
    const [snapshot, rates] = await Promise.all([source.snapshot(), source.rates()]);
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/json' }).end(JSON.stringify({ asOf: snapshot.asOf, html: dashboardPanels(snapshot, rates) }));
  });

  http.mount('/dashboard.js', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }).end(DASHBOARD_SCRIPT);
  });
}
