// /quote SYMBOL: the latest price a user can get here, with its date and where it came from. With Alpaca or Polygon
// configured, that provider's newest daily close (read, not stored); otherwise, or when the providers fail, the newest
// bar in the store, dated, with how old it is.
import { z } from 'zod';
import { loadSymbolBars } from '../../engine/use-cases/symbol-bars.ts';
import { isoDate } from '../../calendar/dates.ts';
import { price } from '../../format.ts';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import { symbolArg } from './arg-types.ts';
import { staleNote } from './data-age-note.ts';

const PROVIDER_NAMES: Record<string, string> = { alpaca: 'Alpaca', polygon: 'Polygon' };

export const quoteIntent = defineIntent({
  name: 'quote',
  description: "A symbol's latest price with its date and source: a configured provider's newest close, else the newest stored bar.",
  usage: '/quote SYMBOL',
  args: z.object({ symbol: symbolArg }),
  positional: ['symbol'],
  async run(args, ctx) {
    const symbol = args.symbol.toUpperCase();
    ctx.memory.symbol = symbol;
    const asked = ctx.services.puller ? await ctx.services.puller.quote(symbol) : { quote: null, failures: [] };
    if (asked.quote) {
      const q = asked.quote;
      const name = PROVIDER_NAMES[q.source] ?? q.source;
      const age = staleNote(ctx.services, symbol, q.date);
      return [textReply(`${symbol} ${price(q.close)}: the close of ${q.date} from ${name} (not stored; /pull ${q.source} ${symbol} stores it).${age ? `\n${age}` : ''}`)];
    }
    const sb = await loadSymbolBars(ctx.services, symbol);
    const last = sb.bars.length - 1;
    const date = isoDate(sb.bars.time[last]!);
    const failed = asked.failures.length ? `The providers gave no quote (${asked.failures.join('; ')}), so this is the store's.\n` : '';
    const note = staleNote(ctx.services, symbol, date, sb.timeframe);
    const providers = ctx.services.puller?.sources().filter((s) => s in PROVIDER_NAMES) ?? [];
    const how = providers.length || note ? '' : ' No price provider is configured: set APCA_API_KEY_ID and APCA_API_SECRET_KEY (Alpaca) or POLYGON_API_KEY for current prices.';
    return [textReply(`${failed}${symbol} ${price(sb.bars.close[last]!)}: the close of ${date} (${sb.timeframe}), the newest bar in the store.${how}${note ? `\n${note}` : ''}`)];
  },
});
