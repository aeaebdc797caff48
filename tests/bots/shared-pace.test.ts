// Two instances of one bot pacing through Redis (REDIS_URL): together they stay within Telegram's limits, 30 sends a
// second overall and a second between two sends to a chat, and a 429 one of them receives holds the chat for both.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformPacer, TELEGRAM_LIMITS } from '../../src/bots/notifier/platform-pacer.ts';
import { RedisPace } from '../../src/bots/notifier/redis-pace.ts';
import { testRedisUrl } from '../support/test-redis.ts';
import { busiestSecond } from '../support/busiest-second.ts';

const pacers: PlatformPacer[] = [];
afterEach(async () => {
  for (const p of pacers.splice(0)) await p.stop();
});

/** Two pacers of one bot, as two instances would have. */
function twoInstances(): [PlatformPacer, PlatformPacer] {
  const scope = `test-${randomBytes(5).toString('hex')}`;
  const make = () => new PlatformPacer(TELEGRAM_LIMITS, () => false, undefined, new RedisPace(testRedisUrl!, scope));
  const pair: [PlatformPacer, PlatformPacer] = [make(), make()];
  pacers.push(...pair);
  return pair;
}


describe.skipIf(!testRedisUrl)('limits shared through Redis', () => {
  it('two instances sending to 100 chats together stay within 30 a second', async () => {
    const [a, b] = twoInstances();
    const starts: number[] = [];
    const send = (p: PlatformPacer, chat: string) => p.send(chat, async () => void starts.push(Date.now()));
    await Promise.all(Array.from({ length: 100 }, (_, c) => [send(a, `a${c}`), send(b, `b${c}`)]).flat());
    expect(starts).toHaveLength(200);
    expect(busiestSecond(starts)).toBeLessThanOrEqual(30);
  }, 30_000);

  it('keeps a second between two sends to one chat, whichever instance sends', async () => {
    const [a, b] = twoInstances();
    const at: number[] = [];
    const send = (p: PlatformPacer) => p.send('chat-1', async () => void at.push(Date.now()));
    await Promise.all([send(a), send(b), send(a), send(b)]);
    const sorted = [...at].sort((x, y) => x - y);
    expect(sorted).toHaveLength(4);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(1000);
  }, 30_000);

  it('a 429 one instance received holds the chat for the other', async () => {
    const [a, b] = twoInstances();
    a.holdChat('chat-429', 2500); // Telegram answered retry_after: 2.5 s to instance A
    await new Promise((r) => setTimeout(r, 100)); // the hold reaches Redis
    const asked = Date.now();
    let sentAt = 0;
    await b.send('chat-429', async () => void (sentAt = Date.now()));
    expect(sentAt - asked).toBeGreaterThanOrEqual(2300);
  }, 30_000);
});
