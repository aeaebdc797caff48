// Fills the bar store once, on first start, with the real data shipped in the vega-datasets package:
// SPX daily OHLCV 2000-01-03..2020-04-17 and five stocks' monthly closes 2000..2010 (close-only: nothing invented).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { SettingsStore } from '../settings-store.ts';
import { UserError } from '../user-error.ts';
import type { BarRow, CloseOnlyBarRow } from './bar.ts';
import type { BarStore } from './bar-store.ts';

const SEED_FLAG = 'seed.vega-datasets';

// The package's `exports` hides data/, and its default export fetches from a CDN: read the files beside it.
const dataFile = (name: string) => new URL(`../data/${name}`, import.meta.resolve('vega-datasets'));

const spxRow = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  open: z.coerce.number().finite(),
  high: z.coerce.number().finite(),
  low: z.coerce.number().finite(),
  close: z.coerce.number().finite(),
  volume: z.coerce.number().finite(),
});

const stockRow = z.object({
  symbol: z.string().min(1),
  date: z.string().regex(/^[A-Z][a-z]{2} \d{1,2} \d{4}$/),
  price: z.coerce.number().finite(),
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function readEmbeddedSpx(): BarRow[] {
  const rows = parse(readFileSync(dataFile('sp500-2000.csv')), { columns: true, skip_empty_lines: true }) as unknown[];
  return rows.map((raw) => {
    const r = spxRow.parse(raw);
    return { time: Date.parse(`${r.date}T00:00:00Z`), open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume };
  });
}

/** Monthly closes by symbol; dates are written `Jan 1 2000`. */
export function readEmbeddedStocks(): Map<string, CloseOnlyBarRow[]> {
  const rows = parse(readFileSync(dataFile('stocks.csv')), { columns: true, skip_empty_lines: true }) as unknown[];
  const bySymbol = new Map<string, CloseOnlyBarRow[]>();
  for (const raw of rows) {
    const r = stockRow.parse(raw);
    const [mon, day, year] = r.date.split(' ') as [string, string, string];
    const month = MONTHS.indexOf(mon);
    if (month < 0) throw new Error(`stocks.csv: unknown month in ${r.date}`);
    const time = Date.UTC(Number(year), month, Number(day));
    const list = bySymbol.get(r.symbol) ?? [];
    list.push({ time, open: null, high: null, low: null, close: r.price, volume: null });
    bySymbol.set(r.symbol, list);
  }
  for (const list of bySymbol.values()) list.sort((a, b) => a.time - b.time);
  return bySymbol;
}

/** The embedded SPX's row count (the contract's figure): a seeded store never holds fewer, as nothing deletes bars. */
const EMBEDDED_SPX_BARS = 5105;

/**
 * Seeds the store unless it was seeded before; returns true when it wrote. A store seeded before that has lost the
 * embedded bars (a truncated or damaged table) is refused as damage, never answered later as "no data".
 */
export async function seedEmbeddedData(store: BarStore, settings: SettingsStore): Promise<boolean> {
  if (await settings.get<boolean>(SEED_FLAG)) {
    const spx = (await store.summary()).find((r) => r.symbol === 'SPX' && r.timeframe === '1d');
    const have = spx?.count ?? 0;
    if (have < EMBEDDED_SPX_BARS) {
      throw new UserError(
        `the database is damaged: the bar store was filled with ${EMBEDDED_SPX_BARS} SPX daily bars and now holds ${have}; ` +
          'run `mltrainer doctor` to see what else is wrong, and restore a backup of the database to recover',
      );
    }
    return false;
  }
  await store.upsertBars('SPX', '1d', 'vega-datasets', readEmbeddedSpx());
  for (const [symbol, rows] of readEmbeddedStocks()) {
    await store.upsertBars(symbol, '1mo', 'vega-datasets', rows);
  }
  await settings.set(SEED_FLAG, true);
  return true;
}
