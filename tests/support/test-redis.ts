// Redis for the queue tests: the server named by TEST_REDIS_URL or REDIS_URL (CI starts one on loopback), or none, in
// which case those tests are skipped. Each test takes a queue of its own and removes it afterwards.
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const testRedisUrl: string | undefined = process.env.TEST_REDIS_URL || process.env.REDIS_URL || undefined;

/** A queue name no other test (or user) shares. */
export function randomQueueName(): string {
  return `mlt-test-${randomBytes(5).toString('hex')}`;
}

/** Deletes every key of a queue. */
export async function removeQueue(url: string, name: string): Promise<void> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
