// How much a chat may ask to be computed in one answer. The bars are read on the main thread (about 30 µs a bar from
// the embedded database) and a learned model refits as it goes (up to about 0.4 ms a bar for the heaviest, rf-clf-mix-12),
// so these bounds keep the heaviest allowed chat request to about ten seconds on an idle machine; the CLI has no such bound.
import { evaluationKind } from '../../registry/catalog.ts';
import type { Model } from '../../registry/model.ts';
import { UserError } from '../user-error.ts';
import type { Timeframe } from '../data/bar.ts';

/** Bars a model may run on from a chat (all its history up to the window's end, not only the window). */
export const CHAT_MAX_BARS = 250_000;
/** The same for a learned (walk-forward) model, which refits as it goes. */
export const CHAT_MAX_LEARNED_BARS = 20_000;

const WORDS: Record<Timeframe, string> = { '1d': 'daily', '1wk': 'weekly', '1mo': 'monthly', '1h': 'hourly', '1m': 'minute' };
const count = (n: number) => n.toLocaleString('en-US');

export interface BarLimit {
  maxBars: number;
  /** The UserError for `bars` bars of `symbol`, naming the limit and what to do instead. */
  refuse(bars: number, symbol: string, timeframe: Timeframe): UserError;
}

/** The bound for running `models` from a chat; `what` names the request ("a backtest", "an evaluation"). */
export function chatBarLimit(models: readonly Model[], what: string, cli: (symbol: string) => string): BarLimit {
  // Learned models share one budget (a comparison of three refits three times).
  const learned = models.filter((m) => evaluationKind(m.id) === 'walk-forward');
  const maxBars = learned.length > 0 ? Math.floor(CHAT_MAX_LEARNED_BARS / learned.length) : CHAT_MAX_BARS;
  const rule = `a rule model on ${count(CHAT_MAX_BARS)}`;
  const bound =
    learned.length === 1
      ? `a learned model such as ${learned[0]!.id} runs on at most ${count(maxBars)} bars from a chat (${rule})`
      : learned.length > 1
        ? `learned models (${learned.map((m) => m.id).join(', ')}) run on at most ${count(CHAT_MAX_LEARNED_BARS)} bars between them from a chat, here ${count(maxBars)} each (${rule})`
        : `${what} from a chat runs on at most ${count(maxBars)} bars`;
  return {
    maxBars,
    refuse: (bars, symbol, timeframe) =>
      new UserError(
        `${symbol} has ${count(bars)} ${WORDS[timeframe]} bars, too many for a chat answer: ${bound}. ` +
          `Give an earlier end date or a longer bar (timeframe=1d), or run \`${cli(symbol)}\` on the command line.`,
      ),
  };
}
