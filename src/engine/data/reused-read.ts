// A read of rows reused for a while (a store's summary, asked on every chat message): concurrent callers share one
// query, each gets its own copies, a failed read is not kept, and the store's own writes reset it.
import { performance } from 'node:perf_hooks';

/** How long a read is reused by default: on a shared PostgreSQL another process's writes show within this. */
export const REUSE_MS = 2_000;

export class ReusedRead<Row extends object> {
  private cached: { at: number; rows: Promise<Row[]> } | null = null;

  constructor(
    private readonly read: () => Promise<Row[]>,
    /** Infinity is sound when every write passes through the owner (the embedded database, one process). */
    private readonly ttlMs = REUSE_MS,
  ) {}

  async get(): Promise<Row[]> {
    const now = performance.now();
    if (!this.cached || now - this.cached.at >= this.ttlMs) {
      const rows = this.read();
      this.cached = { at: now, rows };
      rows.catch(() => (this.cached = null));
    }
    return (await this.cached.rows).map((r) => ({ ...r }));
  }

  reset(): void {
    this.cached = null;
  }
}
