// The BullMQ queue of evaluation jobs shared by `mltrainer evaluate` (the producer) and `mltrainer worker` processes:
// its name, what a job carries (ids and the data's fingerprint only: workers read the bars from the database), how
// failures are retried, and the Redis connections, whose URL is never printed with its password.
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { logger } from '../../log.ts';
import { TIMEFRAMES } from '../data/bar.ts';
import { UserError } from '../user-error.ts';
import type { EvaluationRunner } from '../evaluate/evaluation-runner.ts';

export const EVALUATION_QUEUE = 'mltrainer-evaluations';

export const evaluationJobData = z.object({
  modelId: z.string().min(1),
  symbol: z.string().min(1),
  timeframe: z.enum(TIMEFRAMES),
  /** The fingerprint of the bars the producer planned on, with the scoring version: the key the result is stored under. */
  dataHash: z.string().min(1),
  keepPredictions: z.number().int().min(0),
});
export type EvaluationJobData = z.infer<typeof evaluationJobData>;

/** What a finished job returns (its report is read back by the producer). */
export interface EvaluationJobResult {
  seconds: number;
}

export interface QueueSettings {
  /** REDIS_URL. */
  url: string;
  /** Default EVALUATION_QUEUE; tests use their own. */
  queueName?: string;
  /** Tries per job before it is reported failed (default 3). */
  attempts?: number;
  /** First retry delay, doubled at each retry (default 2000 ms). */
  backoffMs?: number;
  /** Told, in a sentence, when the jobs are queued but no worker is connected to take them. */
  onNotice?: (line: string) => void;
  /**
   * Where a run goes when no worker is connected as it starts, instead of waiting for one: the bot's own runs (the
   * weekly refresh, a chat's /evaluate) must finish even when nobody started `mltrainer worker`.
   */
  fallback?: EvaluationRunner;
  /** How long Redis may stop answering during a run before the wait is given up (default REDIS_LOST_MS). */
  lostMs?: number;
}

/** Redis not answering for this long during a run ends the wait with one line (the queue keeps the jobs). */
export const REDIS_LOST_MS = 30_000;
const PING_EVERY_MS = 2_000;

export function queueName(s: QueueSettings): string {
  return s.queueName ?? EVALUATION_QUEUE;
}

export function jobOptions(s: QueueSettings) {
  return {
    attempts: s.attempts ?? 3,
    backoff: { type: 'exponential' as const, delay: s.backoffMs ?? 2000 },
    // Finished jobs are kept a while so a producer that looks late still finds their outcome; failed ones keep their error.
    removeOnComplete: { age: 24 * 3600, count: 50_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** The URL without its user name and password, for messages. */
export function safeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * A connection for BullMQ (which wants `maxRetriesPerRequest: null` so its blocking calls wait out a Redis restart).
 * Connection errors are logged without the URL's password, at most once per kind, instead of ioredis's unhandled-error
 * lines on stderr.
 */
export function redisConnection(url: string): Redis {
  const conn = new Redis(url, { maxRetriesPerRequest: null });
  const seen = new Set<string>();
  conn.on('error', (err: Error & { code?: string }) => {
    const key = err.code ?? err.message;
    if (seen.has(key)) return;
    seen.add(key);
    logger('jobs').warn({ redis: safeRedisUrl(url), err: err.message }, 'Redis connection error');
  });
  return conn;
}

/** Resolves when `ready` does, or fails with one line naming the server when it does not answer in time. */
export async function readyOrRefuse(ready: Promise<unknown>, url: string, ms = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnreachable(url, ms)), ms);
  });
  try {
    await Promise.race([ready, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Pings Redis while a run waits for its jobs: `lost` rejects with one line once no ping has been answered for `lostMs`
 * (a server gone mid-run would otherwise leave the wait hanging: BullMQ's connections retry forever).
 */
export function watchRedis(conn: Redis, url: string, lostMs = REDIS_LOST_MS): { lost: Promise<never>; stop(): void } {
  let lastAnswer = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const lost = new Promise<never>((_, reject) => {
    const check = async () => {
      const answered = await Promise.race([conn.ping().then(() => true, () => false), delay(PING_EVERY_MS).then(() => false)]);
      if (stopped) return;
      if (answered) lastAnswer = Date.now();
      else if (Date.now() - lastAnswer >= lostMs) {
        reject(new UserError(`REDIS_URL: Redis at ${safeRedisUrl(url)} stopped answering during the run (nothing for ${Math.round(lostMs / 1000)} s); the results stored so far are kept and the queued jobs stay in Redis: run evaluate again once it is back`));
        return;
      }
      timer = setTimeout(() => void check(), PING_EVERY_MS);
    };
    timer = setTimeout(() => void check(), PING_EVERY_MS);
  });
  lost.catch(() => undefined);
  return {
    lost,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export class RedisUnreachable extends UserError {
  constructor(url: string, ms: number) {
    super(`REDIS_URL: Redis at ${safeRedisUrl(url)} did not answer within ${Math.round(ms / 1000)} s; is redis-server running there?`);
  }
}

/**
 * Closes BullMQ objects, then their connections. A close waits on Redis: bounded, so a server that went away (or never
 * answered) cannot hold the process; the connections are dropped either way.
 */
export async function closeQuietly(closables: readonly { close(): Promise<unknown> }[], connections: readonly Redis[], ms = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.allSettled(closables.map((c) => c.close())), late]);
  clearTimeout(timer);
  for (const c of connections) c.disconnect();
}
