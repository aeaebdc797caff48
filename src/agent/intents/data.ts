// Data intents: what the stores hold, and pulling newer bars or series from a configured provider (an action).
import { z } from 'zod';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import { dateArg } from './arg-types.ts';
import { partOf } from '../services.ts';
import { formatTable } from '../../format.ts';

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
    const sets = bars.length;
    return [textReply(`The bar store holds ${sets} symbol/timeframe set${sets === 1 ? '' : 's'}${series.length ? ` and ${series.length} economic series` : ''}:`, { code })];
  },
});

export const pullIntent = defineIntent({
  name: 'pull',
  description: 'Pull newer bars or an economic series into the store: bars from polygon or alpaca, a series from fred (asks for confirmation).',
  usage: '/pull SOURCE SYMBOL|SERIES [FROM] [TO]',
  args: z.object({
    source: z.enum(['polygon', 'alpaca', 'fred']).describe('polygon or alpaca for bars, fred for an economic series'),
    symbol: z.string().min(1).optional().describe('Ticker for polygon/alpaca'),
    series: z.string().min(1).optional().describe('FRED series id, e.g. DGS10'),
    from: dateArg.optional(),
    to: dateArg.optional(),
  }),
  slash(tokens) {
    const [source, name, ...rest] = tokens;
    const args: Record<string, unknown> = {};
    if (source) args.source = source.toLowerCase();
    if (name) args[args.source === 'fred' ? 'series' : 'symbol'] = name.toUpperCase();
    const dates = rest.filter((t) => /^\d{4}-\d{2}-\d{2}$/.test(t));
    if (dates[0]) args.from = dates[0];
    if (dates[1]) args.to = dates[1];
    return args;
  },
  role: 'admin',
  action: true,
  describeAction: (a) => `pull ${a.series ?? a.symbol ?? '?'} from ${a.source}${a.from ? ` since ${a.from}` : ''}`,
  unavailable(s) {
    if (!s.puller) return 'Pulling data is not available from the chat yet: use `mltrainer data pull` on the command line.';
    return s.puller.sources().length === 0 ? 'No data provider is configured (set POLYGON_API_KEY, APCA_API_KEY_ID or FRED_API_KEY).' : null;
  },
  async run(args, ctx) {
    const puller = partOf(ctx.services, 'puller');
    if (!puller.sources().includes(args.source)) {
      return [textReply(`${args.source} is not configured here; configured: ${puller.sources().join(', ')}.`)];
    }
    if (args.source === 'fred' ? !args.series : !args.symbol) {
      return [textReply(`Say which ${args.source === 'fred' ? 'series' : 'symbol'} to pull. Usage: /pull SOURCE SYMBOL|SERIES [FROM] [TO]`)];
    }
    return [textReply(await puller.pull(args))];
  },
});
