// Small conversational intents: a greeting, thanks, and the question whether mlTrainer trades real money (answered with
// what it does and does not do). They run nothing and change nothing; the greeting's figures come from the store.
import { z } from 'zod';
import { staleNote } from './data-age-note.ts';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';

export const helloIntent = defineIntent({
  name: 'hello',
  listed: false,
  description: 'Greet: say what mlTrainer is, what data it holds and how old it is, with first steps as buttons.',
  usage: '/hello',
  args: z.object({}),
  async run(_args, ctx) {
    const summary = await ctx.services.bars.summary();
    // One line per symbol's preferred timeframe, newest first, at most four, so the greeting stays short.
    const seen = new Set<string>();
    const held = [...summary]
      .sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : a.symbol.localeCompare(b.symbol)))
      .filter((s) => (seen.has(s.symbol) ? false : (seen.add(s.symbol), true)));
    const words: Record<string, string> = { '1d': 'daily', '1wk': 'weekly', '1mo': 'monthly', '1h': 'hourly', '1m': 'minute' };
    const data =
      held.length === 0
        ? 'The store holds no market data yet (/pull or `mltrainer data import`).'
        : `The store holds ${held.length} symbol${held.length === 1 ? '' : 's'}: ` +
          held
            .slice(0, 4)
            .map((s) => `${s.symbol} (${words[s.timeframe] ?? s.timeframe}, ${s.first}..${s.last})`)
            .join(', ') +
          (held.length > 4 ? `, and ${held.length - 4} more (/data)` : '') +
          '.';
    const first = held[0]?.symbol ?? 'SPX';
    return [
      textReply(
        `Hello. I am mlTrainer: I backtest, rank and forecast ${ctx.services.models.all().length} trading models on real market data, and trade on a paper account. ${data}`,
        {
          buttons: [
            { label: `Backtest a 20/50 SMA cross on ${first}`, data: `/backtest sma-cross-20-50 ${first}` },
            { label: `Volatility of ${first}`, data: `/volatility ${first}` },
            { label: `Regime of ${first}`, data: `/regime ${first}` },
            { label: 'What data is there', data: '/data' },
            { label: 'All commands', data: '/help' },
          ],
        },
      ),
    ];
  },
});

export const thanksIntent = defineIntent({
  name: 'thanks',
  listed: false,
  description: 'Answer thanks.',
  usage: '/thanks',
  args: z.object({}),
  async run() {
    return [textReply("You're welcome. Send /help whenever you want the list of commands.")];
  },
});

export const liveIntent = defineIntent({
  name: 'live',
  description: 'Say whether mlTrainer trades real money: what it does (paper trading, backtests, forecasts) and what it does not do.',
  usage: '/live',
  args: z.object({}),
  async run(_args, ctx) {
    const s = ctx.services;
    const broker = !s.trader ? 'no broker is built into this installation' : s.trader.broker === 'alpaca' ? 'the Alpaca broker' : 'the built-in simulated broker (paper money, 100,000 to start)';
    const live = s.configured.liveTrading === true;
    const lines = live
      ? [
          `This installation is configured by its owner for live trading through ${broker}: orders you confirm here can use real money.`,
          'Every order still asks for a confirmation and is checked against the risk limits (/limits).',
        ]
      : [
          `No: I trade on paper only, through ${broker}. No order I place, and no autopilot decision, touches real money.`,
          'What I do: backtest and compare models, rank them out of sample, forecast volatility, risk and the regime, place paper orders under risk limits, and run an autopilot on the paper account.',
          "What I do not do: switch on real-money trading from a chat. Only the owner can, at start-up, with an Alpaca live account's keys, APCA_API_BASE_URL set to the live endpoint and MLTRAINER_LIVE_TRADING=yes.",
        ];
    return [textReply(lines.join('\n'))];
  },
});

/** Telegram's first message: the greeting, how old the data is, first steps as buttons and a keyboard of commands. */
export const startIntent = defineIntent({
  name: 'start',
  description: 'Start: what mlTrainer is, what data it holds and how old it is, with first steps as buttons.',
  usage: '/start',
  args: z.object({}),
  async run(args, ctx) {
    const [greeting] = await helloIntent.run(args, ctx); // hello always answers with one reply
    const newest = [...(await ctx.services.bars.summary())].sort((a, b) => (a.last < b.last ? 1 : -1))[0];
    const age = newest ? staleNote(ctx.services, newest.symbol, newest.last, newest.timeframe) : null;
    const ageLine = newest ? (age ?? `The newest bar (${newest.symbol}) is from ${newest.last}.`) : '';
    return [
      { ...greeting!, text: [greeting!.text, ageLine].filter(Boolean).join('\n') },
      {
        text: 'Type a command or ask in plain words, e.g. "which model works best on SPX lately?"',
        keyboard: [
          ['/help', '/data', '/status'],
          ['/leaderboard SPX', '/recommend SPX'],
          ['/positions', '/pnl', '/orders'],
        ],
      },
    ];
  },
});
