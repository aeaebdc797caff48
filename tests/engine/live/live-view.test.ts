// The live view in Redis: two instances publish; either reads the same account and the summed rates, and /status
// shows them. Runs in CI's Redis pass (REDIS_URL); skipped without a Redis server.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { LivePublisher } from '../../../src/engine/live/live-publisher.ts';
import { LiveReader } from '../../../src/engine/live/live-reader.ts';
import { RedisLiveFeed } from '../../../src/engine/live/redis-live-feed.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { testRedisUrl } from '../../support/test-redis.ts';
import { Redis } from 'ioredis';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

describe.skipIf(!testRedisUrl)('the live view in Redis', () => {
  it('two instances publish; /status reads the same account and the rates of both', async () => {
    const prefix = `mlt-test-live-${randomBytes(5).toString('hex')}`;
    closers.push(async () => {
      const redis = new Redis(testRedisUrl!);
      await redis.del(`${prefix}:account`, `${prefix}:autopilot`, `${prefix}:activity`);
      redis.disconnect();
    });
    const app: TestApp = await createTestApp({}, { withTrading: true });
    closers.push(() => app.close());
    const buy = await app.trader!.placeOrder({ symbol: 'SPX', side: 'buy', qty: 2, type: 'market', decisionKey: 'test:live' });
    expect(buy.ok).toBe(true);
    // Instance one runs the trader; instance two only answers chats.
    const one = new LivePublisher({ feed: new RedisLiveFeed(testRedisUrl!, 'one', prefix), trader: app.trader, autopilot: app.autopilot });
    const two = new LivePublisher({ feed: new RedisLiveFeed(testRedisUrl!, 'two', prefix) });
    closers.push(() => one.stop(), () => two.stop());
    await Promise.all([one.publishOnce(), two.publishOnce()]);
    for (let i = 0; i < 6; i++) one.listener.messageHandled!({ platform: 'telegram', intent: 'status', understander: 'offline', seconds: 0.01 });
    for (let i = 0; i < 3; i++) two.listener.messageHandled!({ platform: 'slack', intent: 'help', understander: 'offline', seconds: 0.01 });
    one.listener.orderFinished!({ broker: 'simulated', side: 'buy', status: 'filled' });
    await new Promise((r) => setTimeout(r, 600));
    await Promise.all([one.publishOnce(), two.publishOnce()]);

    const reader = new LiveReader(testRedisUrl!, prefix);
    closers.push(() => reader.close());
    const view = (await reader.view())!;
    expect(view.instances).toBe(2);
    expect(view.account!.value).toMatchObject({ broker: 'simulated', openPositions: 1, positions: [{ symbol: 'SPX', qty: 2 }] });
    expect(view.account!.value.equity).toBeCloseTo(100_000, 6);
    // 9 messages and 1 order over about 0.6 s: about 900 and 100 a minute (the interval is Redis's own clock).
    expect(view.messagesPerMinute!).toBeGreaterThan(400);
    expect(view.messagesPerMinute! / view.ordersPerMinute!).toBeGreaterThan(5);

    app.services.live = reader;
    const status = await app.agent.handle({ platform: 'console', chatId: 'console', userId: 'local', text: '/status' });
    const line = status.replies[0]!.text.split('\n').find((l) => l.startsWith('Live view (Redis)'));
    expect(line).toMatch(/^Live view \(Redis\): 2 instance\(s\) active in the last 2 minutes; equity 100,000\.00, 1 open position\(s\) as of \d\d:\d\d:\d\d UTC; \d+\.\d messages and \d+\.\d orders a minute over all instances\.$/);
  }, 60_000);
});
