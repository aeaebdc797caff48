// Every secret set at once (a database password with '@' and '/' written without URL-encoding, every provider's and
// platform's key), every provider pointed at a server that refuses each request and echoes it back (key included),
// then the error paths a user can reach from the CLI and the chat: no piece of any secret appears on stdout, stderr,
// in a reply or in the log file.
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { seededHome } from '../support/seeded-home.ts';

const SECRETS = {
  db: 'Pw@d/b:x-9f3c1e',
  polygon: 'polygonSECRETkey0123456789',
  fred: '0123456789abcdef0123456789abcdef',
  alpacaId: 'PKLEAKTEST00000000001',
  alpacaSecret: 'alpacaSECRETvalue0123456789abcdef',
  anthropic: 'sk-ant-LEAKTEST-0123456789abcdef',
  telegram: '123456:LEAKtestTOKENabcdefghijklmno',
  slackBot: 'xoxb-LEAK-TEST-0123456789',
  slackSigning: 'slackSIGNINGsecret0123456789ab',
};

let echo: Server;
let echoUrl: string;
let home: string;

beforeAll(async () => {
  // Refuses everything, and echoes the request (path, query, headers) in its body, as some providers do.
  echo = createServer((req, res) => {
    const body = JSON.stringify({ error: `bad request: ${req.method} ${req.url} ${JSON.stringify(req.headers)}`, message: `echo ${req.url}`, error_message: `echo ${req.url}` });
    res.writeHead(400, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  home = await seededHome('mlt-leaks-');
});
afterAll(async () => {
  echo.closeAllConnections();
  await new Promise<void>((r) => echo.close(() => r()));
  fs.rmSync(home, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    MLTRAINER_HOME: home,
    PORT: '0',
    POLYGON_API_KEY: SECRETS.polygon,
    POLYGON_BASE_URL: echoUrl,
    POLYGON_REQUESTS_PER_MINUTE: '1000',
    FRED_API_KEY: SECRETS.fred,
    FRED_BASE_URL: echoUrl,
    APCA_API_KEY_ID: SECRETS.alpacaId,
    APCA_API_SECRET_KEY: SECRETS.alpacaSecret,
    APCA_API_BASE_URL: echoUrl,
    APCA_API_DATA_URL: echoUrl,
    ANTHROPIC_API_KEY: SECRETS.anthropic,
    ANTHROPIC_BASE_URL: echoUrl,
    TELEGRAM_BOT_TOKEN: SECRETS.telegram,
    SLACK_BOT_TOKEN: SECRETS.slackBot,
    SLACK_SIGNING_SECRET: SECRETS.slackSigning,
    ...extra,
  };
}

/** Every piece of a secret long enough to identify it: the whole, its URL-encoding, and the parts around '@', '/', ':'. */
function pieces(): string[] {
  const out = new Set<string>();
  for (const s of Object.values(SECRETS)) {
    out.add(s);
    out.add(encodeURIComponent(s));
    for (const part of s.split(/[@/:]/)) if (part.length >= 4) out.add(part);
  }
  return [...out];
}

function expectClean(where: string, text: string): void {
  for (const p of pieces()) expect(text.includes(p), `${where} holds "${p}"`).toBe(false);
}

describe('no secret leaks', () => {
  it('a database URL with an unencoded password: the refusal names host and database only', async () => {
    const r = await runCli(['data', 'list'], { env: env({ DATABASE_URL: `postgres://bob:${SECRETS.db}@127.0.0.1:1/book` }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mltrainer: DATABASE_URL: cannot connect to PostgreSQL at 127\.0\.0\.1:1\/book/);
    expectClean('stderr', r.stderr + r.stdout);
  });

  it('providers and the language model refusing with echoes of the request, from the CLI and the chat', async () => {
    const runs = [
      ['data', 'pull', '--source', 'polygon', '--symbol', 'SPY', '--from', '2024-01-02'],
      ['data', 'pull', '--source', 'fred', '--series', 'GDP'],
      ['data', 'pull', '--source', 'alpaca', '--symbol', 'SPY', '--from', '2024-01-02'],
      ['chat', '--json', '/quote SPX'],
      ['chat', '--json', '/pull polygon SPY'],
      ['chat', '--json', '/status'],
      ['chat', '--json', 'how is the s&p 500 doing?'],
    ];
    for (const args of runs) {
      const r = await runCli(args, { env: env() });
      expectClean(`${args.join(' ')}: stdout`, r.stdout);
      expectClean(`${args.join(' ')}: stderr`, r.stderr);
      // a command that failed at start still releases the database (its lock) before it returns
      expect(fs.existsSync(path.join(home, 'mltrainer.lock')), `${args.join(' ')} left the database locked`).toBe(false);
    }
    const logs = path.join(home, 'logs');
    for (const f of fs.existsSync(logs) ? fs.readdirSync(logs) : []) expectClean(`log ${f}`, fs.readFileSync(path.join(logs, f), 'utf8'));
  }, 120_000);
});
