// The live view in Redis: one stream per kind (`XADD ... MAXLEN ~ 1000`), each entry the instance's name and the
// value as JSON; read with XREVRANGE.
import { Redis } from 'ioredis';
import type { LiveEntry, LiveFeed, LiveKind } from './live-feed.ts';

/** Entries kept per stream (approximately: Redis trims whole nodes). */
const KEEP = 1000;

type RawEntry = [id: string, fields: string[]];

function parse<T>(raw: RawEntry): LiveEntry<T> | null {
  const [id, fields] = raw;
  const get = (name: string) => fields[fields.indexOf(name) + 1];
  try {
    return { at: Number(id.split('-')[0]), instance: get('instance') ?? '?', value: JSON.parse(get('value') ?? 'null') as T };
  } catch {
    return null;
  }
}

export class RedisLiveFeed implements LiveFeed {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly instance: string,
    private readonly prefix = 'mltrainer:live',
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
    this.redis.on('error', () => undefined);
  }

  private key(kind: LiveKind): string {
    return `${this.prefix}:${kind}`;
  }

  async publish(kind: LiveKind, value: object): Promise<void> {
    await this.redis.xadd(this.key(kind), 'MAXLEN', '~', String(KEEP), '*', 'instance', this.instance, 'value', JSON.stringify(value));
  }

  async latest<T>(kind: LiveKind): Promise<LiveEntry<T> | null> {
    const [raw] = (await this.redis.xrevrange(this.key(kind), '+', '-', 'COUNT', 1)) as RawEntry[];
    return raw ? parse<T>(raw) : null;
  }

  async recent<T>(kind: LiveKind, ms: number): Promise<LiveEntry<T>[]> {
    const [sec, micro] = await this.redis.time();
    const now = Number(sec) * 1000 + Math.floor(Number(micro) / 1000);
    const raws = (await this.redis.xrange(this.key(kind), String(now - ms), '+')) as RawEntry[];
    return raws.map((r) => parse<T>(r)).filter((e): e is LiveEntry<T> => e !== null);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
