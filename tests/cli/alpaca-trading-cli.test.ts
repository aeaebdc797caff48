// Paper trading through Alpaca from the console: the same chat commands go through the SDK to a loopback server
// speaking Alpaca's REST API; an order whose POST times out is looked up, never sent twice; and a process killed
// while its order is in flight is restarted without losing or doubling the order.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAlpacaTradingServer } from '../fakes/alpaca-trading-server.ts';
import { runCli, startCli } from '../support/run-cli.ts';
import { createScratchDatabase } from '../support/test-db.ts';
import { seededHome } from '../support/seeded-home.ts';

const KEY = 'PKCLITESTKEY00000001';
const SECRET = 'cli-test-secret-abcdefghijklmnop';

let home: string;
let env: Record<string, string | undefined>;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let alpaca: FakeAlpacaTradingServer;

beforeAll(async () => {
  home = await seededHome('mlt-alpaca-');
  scratch = await createScratchDatabase();
  alpaca = new FakeAlpacaTradingServer({ keyId: KEY, secretKey: SECRET, cash: 100_000, prices: { SPY: 500.25 } });
  const url = await alpaca.start();
  env = { MLTRAINER_HOME: home, DATABASE_URL: scratch.url, PORT: '0', APCA_API_KEY_ID: KEY, APCA_API_SECRET_KEY: SECRET, APCA_API_BASE_URL: url, APCA_API_DATA_URL: url };
  // The risk checks price an order from the bar store: one daily SPY bar, as a pull from Alpaca would store it.
  const csv = path.join(home, 'spy.csv');
  fs.writeFileSync(csv, 'Date,Open,High,Low,Close,Adj Close,Volume\n2026-11-24,499,501,498,500.25,500.25,1000000\n');
  const imported = await runCli(['data', 'import', csv, '--symbol', 'SPY'], { env });
  expect(imported.code).toBe(0);
});
afterAll(async () => {
  await alpaca.close();
  await scratch.drop();
  fs.rmSync(home, { recursive: true, force: true });
});

const postsOf = () => alpaca.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v2/orders'));

describe('Alpaca paper trading from the console', () => {
  it('places a confirmed order through the SDK with a client order id and shows the position', async () => {
    const r = await runCli(['chat'], { env, input: '/buy SPY 10\nyes\n/positions\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[alerts] Fill: bought 10 SPY at 500.25');
    expect(r.stdout).toMatch(/SPY\s+10\s+500\.25/);
    const posts = postsOf();
    expect(posts).toHaveLength(1);
    expect((posts[0]!.body as { client_order_id: string }).client_order_id).toMatch(/^mlt-[0-9a-f]{40}$/);
    expect((posts[0]!.body as { time_in_force: string }).time_in_force).toBe('day');
  });

  it('says in one line which request Alpaca refused at start and what to check, and exits', async () => {
    const r = await runCli(['chat'], { env: { ...env, APCA_API_SECRET_KEY: 'not-the-secret-0000000000' }, input: '/status\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'mltrainer: paper trading could not start: Alpaca refused the account check (HTTP 401): request is not authorized; ' +
        'check APCA_API_KEY_ID and APCA_API_SECRET_KEY (paper keys for the paper endpoint)\n',
    );
  });

  it('sends a good-till-cancelled limit order when asked', async () => {
    const before = postsOf().length;
    const r = await runCli(['chat'], { env, input: '/buy SPY 1 limit 400 gtc\nyes\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('good till cancelled');
    const post = postsOf()[before]!.body as { time_in_force: string; type: string; limit_price: string; qty: string };
    expect(post).toMatchObject({ time_in_force: 'gtc', type: 'limit', qty: '1' });
    expect(Number(post.limit_price)).toBe(400);
  });

  // A POST that times out is looked up by its client order id, never sent twice: tests/engine/trader/alpaca-broker.test.ts
  // proves it against the same loopback server with a short timeout (here it would wait out the default 10 s).

  it('a process killed (SIGKILL) while its order is in flight: the restart adopts the order, nothing is sent twice', async () => {
    // The broker creates the order but never answers: the process is killed between sending and recording the answer.
    alpaca.hangNextPosts = 1;
    alpaca.hangMs = 120_000;
    const before = postsOf().length;
    const running = startCli(['chat'], { env });
    running.child.stdin.write('/buy SPY 3\nyes\n');
    const deadline = Date.now() + 60_000;
    while (postsOf().length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(postsOf().length - before).toBe(1);
    running.child.kill('SIGKILL');
    await running.exited;
    expect([...alpaca.orders.values()].filter((o) => o.qty === 3)).toHaveLength(1);

    // The restart takes over the killed process's lock at once and reconciles with the broker: the order the book
    // left at `new` is adopted as the broker has it.
    const r = await runCli(['chat'], { env, input: '/orders\n/positions\n' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/buy 3 SPY market, filled at 500\.25/);
    expect(r.stdout).toMatch(/SPY\s+13\s+500\.25/); // 10 from the first test, and these 3
    expect(postsOf().length - before).toBe(1);
    expect([...alpaca.orders.values()].filter((o) => o.qty === 3)).toHaveLength(1);
  }, 120_000);
});
