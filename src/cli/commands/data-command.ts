// `mltrainer data import|list`: bring CSV exports into the bar store and show what it holds.
import fs from 'node:fs';
import type { Command } from 'commander';
import { TIMEFRAMES, type Timeframe } from '../../engine/data/bar.ts';
import { fail, printJson, withApp } from '../run-command.ts';
import { formatTable } from '../../format.ts';
import { isoDate } from '../../calendar/dates.ts';
import { cliIo } from '../cli-io.ts';
import { UserError } from '../../engine/user-error.ts';
import { ConsoleNotifier } from '../../bots/notifier/console-notifier.ts';

/** The largest CSV file imported: it streams, holding each row's time and line (12 bytes) until the file is checked. */
const MAX_IMPORT_BYTES = 512e6;
/** Bars written per statement of an import. */
const IMPORT_BATCH = 2000;

export function registerDataCommand(program: Command): void {
  const data = program.command('data').description('the bar store and the economic-series store');

  data
    .command('import')
    .description('import daily (or other) bars from a CSV export: Yahoo, Stooq, zipline, Alpaca, pandas')
    .argument('<file>', 'the CSV file')
    .requiredOption('--symbol <symbol>', 'the symbol to store the bars under, e.g. ORCL')
    .option('--timeframe <tf>', `bar timeframe: ${TIMEFRAMES.join(', ')}`, '1d')
    .option('--skip-bad', 'import the good rows even when some rows are malformed')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { symbol: string; timeframe: string; skipBad?: boolean; json?: boolean }) => {
      const { readBarCsvFile } = await import('../../engine/data/csv/read-bar-csv-file.ts');
      const { formatImportErrors } = await import('../../engine/data/csv/format-import-errors.ts');
      const symbol = checkSymbol(opts.symbol);
      const timeframe = checkTimeframe(opts.timeframe);
      // Only a regular file, of a bounded size: a device (/dev/zero) or a pipe would never end.
      const st = (() => {
        try {
          return fs.statSync(file);
        } catch (err) {
          const code = (err as { code?: string }).code;
          fail(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file} (${code ?? 'error'})`);
        }
      })();
      if (!st.isFile()) fail(`${file} is ${st.isDirectory() ? 'a folder' : 'not a regular file (a device or a pipe)'}, not a CSV file`);
      if (st.size > MAX_IMPORT_BYTES) fail(`${file} is ${Math.round(st.size / 1e6)} MB, above the ${MAX_IMPORT_BYTES / 1e6} MB import limit: split it, or pull the bars from a provider`);
      // The whole file is checked before anything is written: a bad row on its last line leaves the store as it was.
      let parsed: Awaited<ReturnType<typeof readBarCsvFile>>;
      try {
        // Bars may be dated up to tomorrow in any time zone; none before 1970.
        parsed = await readBarCsvFile(file, { timeframe, sort: opts.skipBad === true, latestTime: Date.now() + 2 * 86_400_000 });
      } catch (err) {
        const code = (err as { code?: string }).code;
        fail(code !== undefined && !(err instanceof UserError) ? `cannot read ${file} (${code})` : `${file}: ${(err as Error).message}`);
      }
      if (parsed.errors.length > 0 && !opts.skipBad) {
        // --skip-bad sorts the rows first, so it may keep more than this strict reading did.
        fail(`${file}: nothing imported, ${formatImportErrors(parsed.errors)}. Fix the file, or pass --skip-bad to import the ${parsed.keptIfSorted()} good rows`);
      }
      if (parsed.count === 0) fail(`${file}: no bars to import`);
      await withApp(async (app) => {
        // The import's anomaly alerts print here (on stderr beside --json), as the running bot's do in its console.
        await app.notifier.setTarget(new ConsoleNotifier(opts.json ? cliIo().stderr : cliIo().stdout));
        // One transaction over every batch: a failure or a crash part-way writes nothing.
        const counts = await app.bars.upsertBarBatches(symbol, timeframe, 'csv', parsed.batches(IMPORT_BATCH));
        // The new bars checked against their history: outliers, inconsistent OHLC, gaps (stored, alerted once).
        const anomalies = await app.anomalies.data.barsStored(symbol, timeframe, parsed.first);
        const result = { symbol, timeframe, file, format: parsed.format, rows: parsed.total, imported: parsed.count, ...counts, skipped: parsed.errors, anomalies };
        if (opts.json) printJson(result);
        else {
          const first = isoDate(parsed.first);
          const last = isoDate(parsed.last);
          cliIo().stdout.write(
            `${symbol} ${timeframe}: ${parsed.count} bars ${first}..${last} from a ${parsed.format} file ` +
              `(${counts.inserted} new, ${counts.updated} updated, ${counts.unchanged} unchanged)` +
              (parsed.errors.length ? `; skipped ${formatImportErrors(parsed.errors)}` : '') +
              '\n',
          );
        }
      });
    });

  registerPull(data);

  data
    .command('list')
    .description('show the symbols, timeframes, date ranges and counts in the store, and the economic series')
    .option('--json', 'print {"bars": [...], "series": [...]}')
    .action(async (opts: { json?: boolean }) => {
      await withApp(async (app) => {
        const bars = await app.bars.summary();
        const series = await app.series.summary();
        if (opts.json) {
          printJson({ bars, series });
          return;
        }
        const rows = [['symbol', 'timeframe', 'first', 'last', 'count', 'source'], ...bars.map((b) => [b.symbol, b.timeframe, b.first, b.last, String(b.count), b.source])];
        cliIo().stdout.write(formatTable(rows, ['l', 'l', 'l', 'l', 'r', 'l']) + '\n');
        if (series.length) {
          const s = [['series', 'first', 'last', 'count', 'missing', 'title'], ...series.map((x) => [x.id, x.first ?? '-', x.last ?? '-', String(x.count), String(x.missing), x.title])];
          cliIo().stdout.write('\n' + formatTable(s, ['l', 'l', 'l', 'r', 'r', 'l']) + '\n');
        }
      });
    });
}

function registerPull(data: Command): void {
  data
    .command('pull')
    .description('pull bars from Polygon or Alpaca, or an economic series from FRED, into the store (needs the provider key)')
    .requiredOption('--source <source>', 'polygon, alpaca or fred')
    .option('--symbol <symbol>', 'the stock symbol (polygon, alpaca)')
    .option('--series <id>', 'the FRED series id, e.g. DGS10 (fred)')
    .option('--from <date>', 'first date YYYY-MM-DD (default: only what is newer than the store holds)')
    .option('--to <date>', 'last date YYYY-MM-DD (default: today)')
    .option('--timeframe <tf>', `bar timeframe: ${TIMEFRAMES.join(', ')}`, '1d')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { source: string; symbol?: string; series?: string; from?: string; to?: string; timeframe: string; json?: boolean }) => {
      const { pullBars, pullSeries } = await import('../../engine/data/sources/pull.ts');
      const source = opts.source.toLowerCase();
      if (!['polygon', 'alpaca', 'fred'].includes(source)) fail(`--source: "${opts.source}" is not one of polygon, alpaca, fred`);
      if (source === 'fred' && !opts.series) fail('--series: FRED needs a series id, e.g. --series DGS10');
      if (source !== 'fred' && !opts.symbol) fail(`--symbol: ${source} needs a symbol, e.g. --symbol AAPL`);
      const timeframe = checkTimeframe(opts.timeframe);
      await withApp(async (app) => {
        await app.notifier.setTarget(new ConsoleNotifier(opts.json ? cliIo().stderr : cliIo().stdout));
        if (source === 'fred') {
          const fred = app.sources.fred;
          if (!fred) fail('FRED_API_KEY is not set: FRED needs a key (free at fred.stlouisfed.org)');
          const seriesId = opts.series!.trim().toUpperCase(); // checked above: fred needs --series
          const r = await pullSeries({ fred, sink: app.series, seriesId, from: opts.from, to: opts.to, watch: app.anomalies.data });
          if (opts.json) return printJson(r);
          cliIo().stdout.write(
            `${seriesId} (${r.meta.title}, ${r.meta.units}, ${r.meta.frequency}): ${r.fetched} observations ${r.from ?? 'start'}..${r.to ?? 'latest'}, ` +
              `${r.missing} missing; ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged` +
              (r.rejected.length ? `; ${r.rejected.length} rejected` : '') +
              '\n',
          );
          return;
        }
        const provider = source === 'polygon' ? app.sources.polygon : app.sources.alpaca;
        if (!provider) {
          fail(source === 'polygon' ? 'POLYGON_API_KEY is not set: Polygon needs a key' : 'APCA_API_KEY_ID and APCA_API_SECRET_KEY are not set: Alpaca needs keys');
        }
        const symbol = checkSymbol(opts.symbol!); // checked above: a bar source needs --symbol
        const r = await pullBars({ source: provider, sink: app.bars, symbol, timeframe, from: opts.from, to: opts.to, clockNow: () => app.clock.now(), watch: app.anomalies.data });
        if (opts.json) return printJson(r);
        const window = r.from === null ? `nothing newer than the store holds (up to ${r.to})` : `${r.from}..${r.to}`;
        cliIo().stdout.write(
          `${symbol} ${timeframe} from ${source}: ${r.fetched} bars ${window}; ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged` +
            (r.rejected.length ? `; ${r.rejected.length} rejected: ${r.rejected.slice(0, 5).map((x) => x.reason).join('; ')}` : '') +
            '\n',
        );
      });
    });
}

export function checkSymbol(raw: string): string {
  const symbol = raw.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9.\-^=]{0,19}$/.test(symbol)) fail(`--symbol: "${raw}" is not a symbol; use letters and digits, like ORCL or BRK.B`);
  return symbol;
}

export function checkTimeframe(raw: string): Timeframe {
  if (!(TIMEFRAMES as readonly string[]).includes(raw)) fail(`--timeframe: "${raw}" is not one of ${TIMEFRAMES.join(', ')}`);
  return raw as Timeframe;
}
