// `mltrainer report daily [--png FILE] [--json]`: writes the daily report now, from the paper book, the bar store
// and the autopilot's records (nothing is sent to any chat).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { MemoryNotifier } from '../../engine/notify/notifier.ts';
import { ReportService } from '../../engine/reports/report-service.ts';
import { createTraderService } from '../../engine/trader/create-trader-service.ts';
import { fail, printJson, withApp } from '../run-command.ts';

export function registerReportCommand(program: Command): void {
  const report = program.command('report').description('reports of the paper book and the autopilot');
  report
    .command('daily')
    .description('the daily report now: equity and P&L against buy-and-hold, positions, trades, the models in charge')
    .option('--png <file>', 'also write the equity chart to this PNG file')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { png?: string; json?: boolean }) => {
      await withApp(async (app) => {
        const alpaca = app.config.alpaca;
        // The report reads the book; it must not place, reconcile or announce anything.
        const trader = await createTraderService({
          db: app.db.db,
          bars: app.bars,
          clock: app.clock,
          notifier: new MemoryNotifier(),
          config: {
            reconcileOnStart: false,
            alpaca: alpaca ? { keyId: alpaca.keyId, secretKey: alpaca.secretKey, baseUrl: alpaca.baseUrl, live: alpaca.live } : undefined,
          },
        });
        try {
          const symbols = (await app.settings.get<string[]>('autopilot.symbols')) ?? ['SPX'];
          const service = new ReportService({
            db: app.db.db,
            trader,
            bars: app.bars,
            notifier: new MemoryNotifier(),
            clock: app.clock,
            chartsDir: path.join(app.config.home, 'charts'),
            symbols: async () => symbols,
          });
          const r = await service.build();
          if (opts.png) {
            if (!r.image) fail(`no chart to write to ${opts.png}: the paper book has fewer than two closes of equity history`);
            try {
              fs.copyFileSync(r.image, opts.png);
            } catch (err) {
              fail(`cannot write ${opts.png} (${(err as { code?: string }).code ?? 'error'})`);
            }
          }
          if (opts.json) {
            printJson({ date: r.date, benchmark: r.benchmark, equity: r.equity, cash: r.cash, changes: r.changes, positions: r.positions, trades: r.trades, models: r.models, best: r.best, worst: r.worst, text: r.text, table: r.code, image: opts.png ?? r.image });
            return;
          }
          process.stdout.write(r.text + '\n' + (r.code ? '\n' + r.code + '\n' : '') + (r.image ? `Chart: ${opts.png ?? r.image}\n` : ''));
        } finally {
          await trader.close();
        }
      });
    });
}
