// Reads the live view for /status and the dashboard: connects to Redis on the first read (a one-shot command that
// never asks pays nothing), and answers null when Redis cannot be read, so /status still answers.
import { hostname } from 'node:os';
import { readLiveView, type LiveView } from './live-feed.ts';
import { RedisLiveFeed } from './redis-live-feed.ts';

export class LiveReader {
  private feed?: RedisLiveFeed;

  constructor(
    private readonly url: string,
    /** The streams' key prefix (tests use their own). */
    private readonly prefix?: string,
  ) {}

  async view(): Promise<LiveView | null> {
    this.feed ??= new RedisLiveFeed(this.url, instanceName(), this.prefix);
    return Promise.race([readLiveView(this.feed), new Promise<null>((r) => setTimeout(r, 2_000, null).unref())]).catch(() => null);
  }

  async close(): Promise<void> {
    await this.feed?.close();
  }
}

/** This process among the instances: host and process id. */
export function instanceName(): string {
  return `${hostname()}:${process.pid}`;
}
