// Platform limits held across every instance of the bot (REDIS_URL): the overall spacing of send starts and each
// chat's gap and 429 holds live in Redis, reserved atomically by Lua scripts on Redis's own clock, so two instances
// together stay within Telegram's 30 messages a second and 1 a second per chat, and a 429 one instance receives
// pauses that chat (or the bot) for all of them.
import { Redis } from 'ioredis';

/** Reserves slots shared with the other instances; each answer is how long to wait before the slot begins (ms). */
export interface SharedPace {
  /** The next overall start, `minTimeMs` after the previous one anywhere. */
  reserveStart(minTimeMs: number): Promise<number>;
  /** The chat's next send: after its hold (a send's gap or a 429) anywhere; holds it for `gapMs` from then. */
  reserveChat(chatId: string, gapMs: number): Promise<number>;
  /** Keeps the chat quiet for `ms` from now, for every instance (after a send ends, or a 429's retry time). */
  holdChat(chatId: string, ms: number): Promise<void>;
  close(): Promise<void>;
}

// KEYS[1] = the slot key; ARGV[1] = the spacing or gap after the reserved start (ms); ARGV[2] = how long to keep the
// key. Returns the wait: max(now, held until) - now, and moves the key to that start plus the spacing.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local held = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, held)
redis.call('SET', KEYS[1], tostring(start + tonumber(ARGV[1])), 'PX', tonumber(ARGV[2]))
return start - now
`;

// KEYS[1] = the chat's key; ARGV[1] = hold for this many ms from now, unless it is held longer already.
const HOLD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local held = tonumber(redis.call('GET', KEYS[1]) or '0')
local untilMs = now + tonumber(ARGV[1])
if untilMs > held then redis.call('SET', KEYS[1], tostring(untilMs), 'PX', tonumber(ARGV[1]) + 60000) end
return 0
`;

export class RedisPace implements SharedPace {
  private readonly redis: Redis;
  private readonly prefix: string;

  /** `scope` names the bot (`telegram:<bot id>`, `slack:<team>`): instances of one bot share it. */
  constructor(url: string, scope: string, opts: { prefix?: string } = {}) {
    // A failing Redis must not hang a send forever: commands fail after a few retries and the send goes on unpaced
    // by the others (the local limits still hold).
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    this.prefix = `${opts.prefix ?? 'mltrainer:pace'}:${scope}`;
    this.redis.on('error', () => undefined);
  }

  async reserveStart(minTimeMs: number): Promise<number> {
    return Number(await this.redis.eval(RESERVE, 1, `${this.prefix}:start`, minTimeMs, minTimeMs + 60_000));
  }

  async reserveChat(chatId: string, gapMs: number): Promise<number> {
    return Number(await this.redis.eval(RESERVE, 1, `${this.prefix}:chat:${chatId}`, gapMs, gapMs + 60_000));
  }

  async holdChat(chatId: string, ms: number): Promise<void> {
    await this.redis.eval(HOLD, 1, `${this.prefix}:chat:${chatId}`, Math.max(1, Math.round(ms)));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
