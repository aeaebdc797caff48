// Charts are files a chat or a report points at for a while, not records: the charts folder keeps those of the last
// few days within a total size, and every save prunes the rest (oldest first), so no user can fill the disk with them.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface ChartRetention {
  /** Charts older than this are deleted. */
  maxAgeMs: number;
  /** The folder's PNGs are kept under this many bytes in all, the oldest deleted first. */
  maxTotalBytes: number;
}

export const DEFAULT_CHART_RETENTION: ChartRetention = { maxAgeMs: 7 * 86_400_000, maxTotalBytes: 200 * 1024 * 1024 };

/** Deletes the folder's charts beyond the retention, never `keep` (the one just written). Returns how many went. */
export async function pruneCharts(dir: string, keep: string | null, now: number, retention: ChartRetention = DEFAULT_CHART_RETENTION): Promise<number> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.png'));
  const files: { path: string; mtime: number; size: number }[] = [];
  for (const n of names) {
    const p = join(dir, n);
    const s = await stat(p).catch(() => null);
    if (s?.isFile()) files.push({ path: p, mtime: s.mtimeMs, size: s.size });
  }
  files.sort((a, b) => b.mtime - a.mtime); // newest first
  let total = 0;
  let removed = 0;
  for (const f of files) {
    const tooOld = now - f.mtime > retention.maxAgeMs;
    const overSize = total + f.size > retention.maxTotalBytes;
    if (f.path !== keep && (tooOld || overSize)) {
      await rm(f.path, { force: true });
      removed++;
      continue;
    }
    total += f.size;
  }
  return removed;
}
