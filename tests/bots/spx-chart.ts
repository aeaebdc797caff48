// A real chart PNG for the adapters' photo and file-upload tests: 60 SPX closes rendered by the engine's charts.
import fs from 'node:fs';
import path from 'node:path';
import { renderEquityChart } from '../../src/engine/charts/equity-chart.ts';
import { loadSpx, sliceBars } from '../fixtures/spx.ts';

export async function writeSpxChart(dir: string): Promise<string> {
  const bars = sliceBars(loadSpx(), 0, 60);
  const dates = Array.from(bars.time, (t) => new Date(t).toISOString().slice(0, 10));
  const { png } = await renderEquityChart({ title: 'SPX close', dates, series: [{ name: 'SPX', values: bars.close }], drawdown: false });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'spx-close.png');
  fs.writeFileSync(file, png);
  return file;
}
