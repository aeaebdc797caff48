// Intents that describe mlTrainer itself: help, status, and what data the stores hold.
import { z } from 'zod';
import { pingDb } from '../../engine/db/database.ts';
import { defineIntent, type IntentDefinition } from '../intent.ts';
import { formatTable, textReply } from '../reply.ts';

export const helpIntent = defineIntent({
  name: 'help',
  description: 'List what mlTrainer can do, with the commands to ask for it.',
  usage: '/help',
  args: z.object({}),
  async run(_args, ctx) {
    // Imported lazily: the intent list includes this intent.
    const { allIntents } = await import('./index.ts');
    const lines = allIntents().map((i: IntentDefinition) => `${i.usage}  ${i.description}`);
    return [
      textReply(
        `mlTrainer ${ctx.services.version}: ML models, backtests and paper trading on real market data.\n` +
          'Ask in slash commands or plain words.',
        { code: lines.join('\n') },
      ),
    ];
  },
});

export const dataIntent = defineIntent({
  name: 'data',
  description: 'Show what the bar store and the series store hold: symbols, timeframes, date ranges, counts.',
  usage: '/data',
  args: z.object({}),
  async run(_args, ctx) {
    const bars = await ctx.services.bars.summary();
    const series = await ctx.services.series.summary();
    if (bars.length === 0 && series.length === 0) {
      return [textReply('The store holds no data yet. Import a CSV with `mltrainer data import FILE --symbol S`.')];
    }
    const rows = [['symbol', 'tf', 'first', 'last', 'bars', 'source'], ...bars.map((b) => [b.symbol, b.timeframe, b.first, b.last, String(b.count), b.source])];
    let code = formatTable(rows, ['l', 'l', 'l', 'l', 'r', 'l']);
    if (series.length > 0) {
      const srows = [['series', 'first', 'last', 'obs', 'missing', 'title'], ...series.map((s) => [s.id, s.first ?? '-', s.last ?? '-', String(s.count), String(s.missing), s.title])];
      code += '\n\n' + formatTable(srows, ['l', 'l', 'l', 'r', 'r', 'l']);
    }
    const symbols = bars.length;
    return [textReply(`The bar store holds ${symbols} symbol/timeframe set${symbols === 1 ? '' : 's'}${series.length ? ` and ${series.length} economic series` : ''}:`, { code })];
  },
});

export const statusIntent = defineIntent({
  name: 'status',
  description: 'Show the version, the database, how fresh the data is and which services are configured.',
  usage: '/status',
  args: z.object({}),
  async run(_args, ctx) {
    const s = ctx.services;
    const alive = await pingDb(s.db.db);
    const bars = await s.bars.summary();
    const newest = bars.reduce<string | null>((m, b) => (m === null || b.last > m ? b.last : m), null);
    const today = new Date(s.clock.now()).toISOString().slice(0, 10);
    const ageDays = newest ? Math.round((Date.parse(today) - Date.parse(newest)) / 86_400_000) : null;
    const services = Object.entries(s.configured)
      .map(([name, on]) => `${name} ${on ? 'on' : 'off'}`)
      .join(', ');
    const lines = [
      `mlTrainer ${s.version}`,
      `Database: ${s.db.driver === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'} at ${s.db.location} (${alive ? 'ok' : 'not answering'})`,
      newest
        ? `Data: ${bars.length} symbol/timeframe sets; newest bar ${newest} (${ageDays} days before today, ${today})`
        : 'Data: none stored yet',
      `Services: ${services}`,
    ];
    return [textReply(lines.join('\n'))];
  },
});
