// Redis going away while `evaluate` waits for its queued jobs: the wait ends with one line naming the server (without
// its password) instead of hanging, since BullMQ's connections retry forever. Uses a redis-server of its own on a
// free loopback port, killed mid-run; in CI's Redis pass (testRedisUrl is set there), skipped without redis-server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueEvaluationRunner } from '../../../src/engine/jobs/queue-evaluation-runner.ts';
import { testRedisUrl } from '../../support/test-redis.ts';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
let server: ChildProcess | undefined;
afterEach(() => {
  server?.kill('SIGKILL');
  server = undefined;
});

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function startRedis(port: number): Promise<void> {
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', 's3cret-password'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((r) => net.connect(port, '127.0.0.1').on('connect', function (this: net.Socket) { this.destroy(); r(true); }).on('error', () => r(false)));
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not start');
}

describe.skipIf(!testRedisUrl || !hasRedisServer)('Redis lost during a queued run', () => {
  it('ends the wait with one line instead of hanging', async () => {
    const port = await freePort();
    await startRedis(port);
    const url = `redis://:s3cret-password@127.0.0.1:${port}`;
    const notices: string[] = [];
    const runner = new QueueEvaluationRunner({ url, queueName: 'mlt-test-lost', lostMs: 3_000, onNotice: (l) => notices.push(l) });
    const batch = { tasks: [{ modelId: 'buy-and-hold', symbol: 'SPX' }], timeframe: '1d' as const, hashes: new Map([['SPX', 'h']]), keepPredictions: 0, bars: new Map(), series: {} };
    const run = runner.run(batch as never, () => undefined);
    // No worker is connected: the job waits; then the server dies.
    for (let i = 0; i < 100 && notices.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(notices[0]).toMatch(/queued, but no `mltrainer worker` is connected/);
    server!.kill('SIGKILL');
    const started = Date.now();
    const error = await run.then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(/^REDIS_URL: Redis at redis:\/\/127\.0\.0\.1:\d+ stopped answering during the run \(nothing for 3 s\); the results stored so far are kept/);
    expect(error?.message).not.toContain('s3cret');
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
