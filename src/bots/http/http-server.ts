// The one HTTP port (PORT): the probes (/livez while the process runs; /readyz and its alias /health, 503 with what
// is not ready), and the handlers others mount here (/metrics, the Slack receiver, the Telegram webhook).
import http from 'node:http';
import { logger } from '../../log.ts';

const log = logger('http');

export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private server?: http.Server;

  /** `readiness`: the body of /readyz; `ready: false` in it answers 503. */
  constructor(private readonly readiness: () => Promise<Record<string, unknown>>) {}

  /** Mounts a handler on an exact path (any method). */
  mount(path: string, handler: RouteHandler): void {
    this.routes.set(path, handler);
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    const server = http.createServer((req, res) => void this.dispatch(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      if (path === '/livez') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return;
      }
      if (path === '/readyz' || path === '/health' || path === '/healthz') {
        const body = await this.readiness();
        const ready = body.ready !== false;
        res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: ready, ...body }));
        return;
      }
      const handler = this.routes.get(path);
      if (!handler) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      await handler(req, res);
    } catch (err) {
      log.error({ err, path }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
  }
}
