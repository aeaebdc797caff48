// Writes a chart PNG under a folder with a safe, unique file name, and returns its path; older charts beyond the
// retention (chart-retention.ts) are pruned as it goes.
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pruneCharts } from './chart-retention.ts';
import { logger } from '../../log.ts';

const log = logger('charts');

/** `name` is reduced to [a-z0-9-] (at most 60 characters) and suffixed with a random tag so charts never collide. */
export async function saveChart(dir: string, name: string, png: Buffer): Promise<string> {
  const safe =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'chart';
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${safe}-${randomBytes(4).toString('hex')}.png`);
  // 'wx' refuses to overwrite: a clash of the random tag fails loudly instead of replacing another chart.
  await writeFile(path, png, { flag: 'wx' });
  // The files' own times decide their age, so no clock is needed here.
  await pruneCharts(dir, path, Date.now()).catch((err: unknown) => log.warn({ err }, 'chart pruning failed'));
  return path;
}
