// "Is SPX overbought?": the honest answer is a reading, not a backtest: the symbol's RSI(14) at its newest bar, what
// that level means by the usual 30/70 bands, and what the canonical RSI model (rsi-14-30-70) holds now, with the bar's
// date and, when that bar is old, how old.
import { z } from 'zod';
import { lastCompletedSession, previousSession } from '../../calendar/nyse-sessions.ts';
import { rsi } from '../../registry/indicators/rsi.ts';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import { loadSymbolBars } from '../../engine/use-cases/symbol-bars.ts';
import { symbolArg } from './arg-types.ts';
import { num } from '../../format.ts';
import { isoDate } from '../../calendar/dates.ts';

const PERIOD = 14;
const LOW = 30;
const HIGH = 70;
const MODEL = 'rsi-14-30-70';

/** NYSE sessions after `date` up to `last`, counted up to `cap` (enough to tell "old" from "current"). */
function sessionsSince(date: string, last: string, cap = 30): number {
  let n = 0;
  for (let d = last; d > date && n < cap; d = previousSession(d)) n++;
  return n;
}

export const overboughtIntent = defineIntent({
  name: 'overbought',
  description: "Whether a symbol is overbought or oversold now: its RSI(14) at the newest bar against the 30/70 bands, and the rsi-14-30-70 model's current position.",
  usage: '/overbought SYMBOL',
  args: z.object({ symbol: symbolArg }),
  positional: ['symbol'],
  async run(args, ctx) {
    const { symbol, timeframe, bars } = await loadSymbolBars(ctx.services, args.symbol);
    ctx.memory.symbol = symbol;
    const values = rsi(bars.close, PERIOD);
    const last = bars.length - 1;
    const value = values[last]!;
    const asOf = isoDate(bars.time[last]!);
    if (!Number.isFinite(value)) {
      return [textReply(`${symbol} has ${bars.length} bars up to ${asOf}: too few for an RSI(${PERIOD}), which needs ${PERIOD + 1}.`)];
    }
    const reading = value > HIGH ? `overbought (above ${HIGH})` : value < LOW ? `oversold (below ${LOW})` : `neither overbought nor oversold (between ${LOW} and ${HIGH})`;
    const bar = timeframe === '1d' ? 'daily' : timeframe === '1mo' ? 'monthly' : timeframe === '1wk' ? 'weekly' : timeframe;
    const lines = [`RSI(${PERIOD}) of ${symbol} on its newest ${bar} bar, ${asOf}: ${num(value, 1)}, ${reading}.`];
    const model = ctx.services.models.get(MODEL);
    if (model && bars.length > model.minHistory) {
      const w = model.run({ bars, series: {}, seed: 1 })[last]!;
      lines.push(
        `${MODEL} (buy below ${LOW}, sell above ${HIGH}) is ${w > 0 ? 'long' : w < 0 ? 'short' : 'out of the market'} after that close.`,
      );
    }
    const session = lastCompletedSession(ctx.services.clock.now(), 0);
    const behind = sessionsSince(asOf, session);
    if (behind > 3) {
      const years = (Date.parse(session) - Date.parse(asOf)) / (365.25 * 86_400_000);
      const age = years >= 1 ? `${num(years, 1)} years` : `${behind >= 30 ? 'more than 30' : behind} sessions`;
      lines.push(`That bar is ${age} older than the last market session (${session}): this is not today's market; pull fresh data with /pull polygon ${symbol} or /pull alpaca ${symbol}.`);
    }
    lines.push(`An RSI reading is not a forecast: /backtest ${MODEL} ${symbol} shows how trading these bands did.`);
    return [textReply(lines.join('\n'))];
  },
});
