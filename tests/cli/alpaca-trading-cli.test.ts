// Paper trading through Alpaca from the console: the same chat commands go through the SDK to a loopback server
// speaking Alpaca's REST API, and an order whose POST times out is looked up, never sent twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAlpacaTradingServer } from '../fakes/alpaca-trading-server.ts';
import { runCli } from '../support/run-cli.ts';
import { createScratchDatabase } from '../support/test-db.ts';

const KEY = 'PKCLITESTKEY00000001';
const SECRET = 'cli-test-secret-abcdefghijklmnop';

let home: string;
let env: Record<string, string | undefined>;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let alpaca: FakeAlpacaTradingServer;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-alpaca-'));
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
  });

  it('looks a timed-out order up by its client order id instead of sending it again', async () => {
    alpaca.hangNextPosts = 1;
    alpaca.hangMs = 15_000;
    const before = postsOf().length;
    const r = await runCli(['chat'], { env, input: '/buy SPY 2\nyes\n/orders\n' });
    expect(r.code).toBe(0);
    expect(postsOf().length - before).toBe(1);
    const lookups = alpaca.requests.filter((q) => q.method === 'GET' && q.path.startsWith('/v2/orders:by_client_order_id'));
    expect(lookups.length).toBeGreaterThan(0);
    expect([...alpaca.orders.values()].filter((o) => o.qty === 2)).toHaveLength(1);
    expect(r.stdout).toMatch(/buy 2 SPY/);
  });
});
