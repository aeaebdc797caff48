// The charts folder prunes itself: charts older than the retention go, and beyond the total size the oldest go first;
// the chart just written always stays, and saving a chart prunes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHART_RETENTION, pruneCharts } from '../../../src/engine/charts/chart-retention.ts';
import { saveChart } from '../../../src/engine/charts/save-chart.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-charts-'));
  dirs.push(d);
  return d;
}

/** A chart file of `bytes` whose time is `ageMs` before now. */
function chart(dir: string, name: string, bytes: number, ageMs: number): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, Buffer.alloc(bytes));
  const t = new Date(Date.now() - ageMs);
  fs.utimesSync(p, t, t);
  return p;
}

describe('chart retention', () => {
  it('deletes charts older than the age limit and keeps younger ones and other files', async () => {
    const dir = folder();
    chart(dir, 'old.png', 10, 8 * 86_400_000);
    chart(dir, 'young.png', 10, 86_400_000);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a chart');
    expect(await pruneCharts(dir, null, Date.now())).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual(['notes.txt', 'young.png']);
  });

  it('keeps the total under the size limit by deleting the oldest first, never the one just written', async () => {
    const dir = folder();
    chart(dir, 'a.png', 400, 3000);
    chart(dir, 'b.png', 400, 2000);
    const fresh = chart(dir, 'c.png', 400, 1000);
    expect(await pruneCharts(dir, fresh, Date.now(), { maxAgeMs: DEFAULT_CHART_RETENTION.maxAgeMs, maxTotalBytes: 1000 })).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual(['b.png', 'c.png']);
    // a limit smaller than the newest chart still keeps it
    expect(await pruneCharts(dir, fresh, Date.now(), { maxAgeMs: DEFAULT_CHART_RETENTION.maxAgeMs, maxTotalBytes: 100 })).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['c.png']);
  });

  it('prunes when a chart is saved', async () => {
    const dir = folder();
    chart(dir, 'stale.png', 10, 30 * 86_400_000);
    const saved = await saveChart(dir, 'Equity SPX', Buffer.from('png'));
    expect(fs.readdirSync(dir)).toEqual([path.basename(saved)]);
  });
});
