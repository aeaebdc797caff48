// `mltrainer start` (what `npm start` runs) as a child process with Telegram and Slack both configured against
// loopback servers: /help and /backtest answered on Telegram (the chart as a photo), a signed /ml backtest answered
// on Slack, an unsigned one refused with 401, and a clean exit on SIGTERM.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest, startSlackFake, type SlackFake } from '../fakes/slack-server.ts';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-server.ts';
import { createScratchDatabase } from '../support/test-db.ts';
import { seededHome } from '../support/seeded-home.ts';

const BIN = fileURLToPath(new URL('../../bin/mltrainer.js', import.meta.url));
const SECRET = 'slack-signing-secret-start';

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

let tg: TelegramFake;
let slack: SlackFake;
let home: string;
// A database of its own on the PostgreSQL pass: the update ledger of an earlier run must not mark this run's updates
// as already answered.
let scratch: { url?: string; drop(): Promise<void> };

beforeAll(async () => {
  tg = await startTelegramFake();
  slack = await startSlackFake();
  home = await seededHome('mlt-start-');
  scratch = await createScratchDatabase();
});

afterAll(async () => {
  await tg?.close();
  await slack?.close();
  await scratch?.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('mltrainer start with Telegram and Slack', () => {
  it('answers on both platforms and exits cleanly on SIGTERM', async () => {
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      TZ: 'UTC',
      MLTRAINER_HOME: home,
      PORT: String(port),
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      ...(scratch.url ? { DATABASE_URL: scratch.url } : {}),
    };
    const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      tg.pushMessage(3001, '/help');
      await tg.waitFor(() => tg.sentTo(3001).length >= 1, 60_000);
      expect(tg.sentTo(3001)[0]!.plain).toContain('/backtest');

      tg.pushMessage(3001, '/backtest sma-cross-20-50 SPX');
      await tg.waitFor(() => tg.sentTo(3001).some((s) => s.method === 'sendPhoto'), 60_000);
      const answer = tg.sentTo(3001).slice(1);
      expect(answer[0]!.plain).toContain('Backtest of sma-cross-20-50 on SPX');
      expect(answer[0]!.text).toMatch(/<pre>[\s\S]*total return[\s\S]*<\/pre>/);
      expect(answer.find((s) => s.method === 'sendPhoto')!.photoBytes).toBeGreaterThan(10_000);

      const url = `http://127.0.0.1:${port}/slack/events`;
      const body = new URLSearchParams({
        team_id: 'T0TEST',
        channel_id: 'C700',
        user_id: 'U0ANN',
        command: '/ml',
        text: 'backtest sma-cross-20-50 SPX',
        response_url: slack.responseUrl('r-start'),
        trigger_id: '1.2.start',
      }).toString();
      const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      expect(unsigned.status).toBe(401);
      const signed = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SECRET, body) },
        body,
      });
      expect(signed.status).toBe(200);
      await slack.waitFor((p, u) => p.some((m) => m.channel === 'r-start') && u.some((x) => x.channel === 'C700'), 60_000);
      const text = slack.postedTo('r-start')[0]!.blocks.map((b) => b.text?.text ?? '').join('\n');
      expect(text).toContain('Backtest of sma-cross-20-50 on SPX');
      expect(slack.uploads.find((x) => x.channel === 'C700')!.bytes).toBeGreaterThan(10_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).not.toContain(tg.token);
    expect(stderr).not.toContain(slack.botToken);
    const logText = fs.readFileSync(path.join(home, 'logs', 'mltrainer.log'), 'utf8');
    expect(logText).toContain('telegram adapter started');
    for (const secret of [tg.token, slack.botToken, SECRET]) expect(logText).not.toContain(secret);
  }, 120_000);
});
