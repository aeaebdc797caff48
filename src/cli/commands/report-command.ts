// `mltrainer report daily|weekly [--png FILE] [--json]`: writes the daily report or the weekly summary now, from the
// paper book, the bar store, the autopilot's records and the stored evaluations (nothing is sent to any chat).
import path from 'node:path';
import type { Command } from 'commander';
import type { ReportService } from '../../engine/reports/report-service.ts';
import { fail, printJson, withApp } from '../run-command.ts';
import { cliIo } from '../cli-io.ts';
import { copyToOutputFile, outputFileProblem } from '../output-file.ts';

/** Runs `use` with a report service on a read-only view of the book: nothing is placed, reconciled or announced. */
async function withReportService(use: (service: ReportService, home: string) => Promise<void>): Promise<void> {
  await withApp(async (app) => {
    const { MemoryNotifier } = await import('../../engine/notify/notifier.ts');
    const { ReportService } = await import('../../engine/reports/report-service.ts');
    const { createTraderService } = await import('../../engine/trader/create-trader-service.ts');
    const { simulatedSettings } = await import('../../main.ts');
    const alpaca = app.config.alpaca;
    const trader = await createTraderService({
      db: app.db.db,
      bars: app.bars,
      clock: app.clock,
      notifier: new MemoryNotifier(),
      config: {
        reconcileOnStart: false,
        alpaca: alpaca ? { keyId: alpaca.keyId, secretKey: alpaca.secretKey, baseUrl: alpaca.baseUrl, live: alpaca.live } : undefined,
        simulated: simulatedSettings(app.config),
        risk: app.config.trading.risk,
      },
    });
    try {
      const symbols = (await app.settings.get<string[]>('autopilot.symbols')) ?? ['SPX'];
      await use(
        new ReportService({
          db: app.db.db,
          trader,
          bars: app.bars,
          notifier: new MemoryNotifier(),
          clock: app.clock,
          chartsDir: path.join(app.config.home, 'charts'),
          symbols: async () => symbols,
        }),
        app.config.home,
      );
    } finally {
      await trader.close();
    }
  });
}

/** Refuses a --png target that may not be written, before anything is built. */
function checkPng(png: string | undefined, force: boolean, home: string): void {
  if (!png) return;
  const problem = outputFileProblem(png, { force, home });
  if (problem) fail(problem);
}

function copyChart(image: string | null, png: string | undefined, what: string): void {
  if (!png) return;
  if (!image) fail(`no chart to write to ${png}: the paper book has fewer than two closes of equity history${what}`);
  try {
    copyToOutputFile(image, png);
  } catch (err) {
    fail(`cannot write ${png} (${(err as { code?: string }).code ?? 'error'})`);
  }
}

function printText(r: { text: string; code: string | null; image: string | null }, png?: string): void {
  cliIo().stdout.write(r.text + '\n' + (r.code ? '\n' + r.code + '\n' : '') + (r.image ? `Chart: ${png ?? r.image}\n` : ''));
}

export function registerReportCommand(program: Command): void {
  const report = program.command('report').description('reports of the paper book and the autopilot');
  report
    .command('daily')
    .description('the daily report now: equity and P&L against buy-and-hold, positions, trades, the models in charge')
    .option('--png <file>', 'also write the equity chart to this PNG file (never over an existing file without --force)')
    .option('--force', 'let --png replace an existing file')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { png?: string; force?: boolean; json?: boolean }) => {
      await withReportService(async (service, home) => {
        checkPng(opts.png, opts.force === true, home);
        const r = await service.build();
        copyChart(r.image, opts.png, '');
        if (opts.json) {
          printJson({ date: r.date, benchmark: r.benchmark, equity: r.equity, cash: r.cash, changes: r.changes, positions: r.positions, trades: r.trades, models: r.models, best: r.best, worst: r.worst, text: r.text, table: r.code, image: opts.png ?? r.image });
          return;
        }
        printText(r, opts.png);
      });
    });
  report
    .command('weekly')
    .description('the weekly summary now: the week against buy-and-hold, trades, the autopilot\'s changes, how the leaderboard moved')
    .option('--date <YYYY-MM-DD>', 'the week ending on this date (default today)')
    .option('--png <file>', 'also write the equity chart to this PNG file (never over an existing file without --force)')
    .option('--force', 'let --png replace an existing file')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { date?: string; png?: string; force?: boolean; json?: boolean }) => {
      if (opts.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) fail(`--date must be YYYY-MM-DD, not "${opts.date}"`);
      await withReportService(async (service, home) => {
        checkPng(opts.png, opts.force === true, home);
        const r = await service.buildWeekly(opts.date);
        copyChart(r.image, opts.png, ' in the 13 weeks shown');
        if (opts.json) {
          const { text, code, image, ...rest } = r;
          printJson({ ...rest, text, table: code, image: opts.png ?? image });
          return;
        }
        printText(r, opts.png);
      });
    });
}
