// Starts a real node:http server on 127.0.0.1 (a free port) for the loopback stand-ins of outside APIs, and closes it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface LoopbackServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Writes a JSON answer with a status and extra headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    Promise.resolve(handler(req, res, url)).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets from fetch would hold close() open otherwise.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Faults a test can ask a fake for; each count is used up by the next requests. */
export interface FaultKnobs {
  /** The next N requests are answered 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitAnswers: number;
  retryAfterSeconds: number;
  /** The next N requests are answered with `serverErrorStatus` (5xx). */
  serverErrors: number;
  serverErrorStatus: number;
  /** The next N requests get their connection cut without an answer (a network error). */
  droppedConnections: number;
}

export function noFaults(): FaultKnobs {
  return { rateLimitAnswers: 0, retryAfterSeconds: 1, serverErrors: 0, serverErrorStatus: 503, droppedConnections: 0 };
}

/** Answers with the next pending fault, if any; returns the status sent (0 for a cut connection), or null for none. */
export function answerFault(
  res: ServerResponse,
  knobs: FaultKnobs,
  bodies: { rateLimited: unknown; serverError: unknown },
): number | null {
  if (knobs.droppedConnections > 0) {
    knobs.droppedConnections--;
    res.socket?.destroy();
    return 0;
  }
  if (knobs.serverErrors > 0) {
    knobs.serverErrors--;
    sendJson(res, knobs.serverErrorStatus, bodies.serverError);
    return knobs.serverErrorStatus;
  }
  if (knobs.rateLimitAnswers > 0) {
    knobs.rateLimitAnswers--;
    sendJson(res, 429, bodies.rateLimited, { 'retry-after': String(knobs.retryAfterSeconds) });
    return 429;
  }
  return null;
}
