// /recommend: what the models best measured on a symbol's recent past say now, chosen out of sample (on the trailing
// lookback only), with how that way of choosing fared before, whether the best is distinguishable from luck, and a
// plain verdict from the models' current signals.
import { z } from 'zod';
import { DEFAULT_RANKING_COST_BPS } from '../../config.ts';
import { recommendModels, type Recommendation } from '../../engine/leaderboard/recommend-models.ts';
import type { Model } from '../../registry/model.ts';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import { staleNote } from './data-age-note.ts';
import { loadUsableModelData } from '../../engine/use-cases/model-data.ts';
import { symbolArg } from './arg-types.ts';
import { describe, latestValue, modelsOf, signalWord, type LatestValue } from './forecasts.ts';
import { formatTable, num, pct, plural } from '../../format.ts';
import { isoDate } from '../../calendar/dates.ts';

export const recommendIntent = defineIntent({
  name: 'recommend',
  description:
    "Recommend models for a symbol: those with the best Sharpe over the last three years (net of costs, out of sample), their current signals and a verdict, how choosing this way did in the past, and whether the best beats luck.",
  usage: '/recommend SYMBOL',
  args: z.object({ symbol: symbolArg }),
  positional: ['symbol'],
  async run(args, ctx) {
    const symbol = args.symbol.toUpperCase();
    ctx.memory.symbol = symbol;
    const rec = await recommendModels(ctx.services.db.db, ctx.services.bars, { symbol, costBps: ctx.services.rankingCostBps ?? DEFAULT_RANKING_COST_BPS });
    const topModels = rec.top.map((t) => ctx.services.models.get(t.model)).filter((m): m is Model => !!m);
    const regimeModels = modelsOf(ctx.services, 'regime');
    const sb = await loadUsableModelData(ctx.services, symbol, [...topModels, ...regimeModels]);
    const signals = new Map<string, LatestValue | null>();
    for (const m of topModels) signals.set(m.id, sb.usable.includes(m) ? latestValue(m, sb) : null);
    const rows = [
      ['model', '3y Sharpe', 'PSR', 'now'],
      ...rec.top.map((t) => {
        const v = signals.get(t.model);
        return [t.model, num(t.sharpe), num(t.psr), v ? signalWord(signalOf(v)) : '-'];
      }),
    ];
    const regimeModel = regimeModels.find((m) => sb.usable.includes(m));
    const regime = regimeModel ? latestValue(regimeModel, sb) : null;
    ctx.memory.model = rec.top[0]?.model;
    ctx.memory.ranking = { by: 'recommend', symbol, models: rec.top.map((t) => t.model) };
    const asOf = isoDate(sb.bars.time[sb.bars.length - 1]!);
    const stale = staleNote(ctx.services, symbol, asOf, sb.timeframe);
    const lines = [
      ...(stale ? [stale] : []),
      verdict(rec, signals),
      trackRecord(rec),
      luck(rec),
      regime ? `Current regime: ${describe(regime, sb)}.` : "No regime model has a reading on this symbol's data, so the regime is not part of this recommendation.",
      'Past results do not guarantee future ones.',
    ];
    return [
      textReply(
        `Recommendation for ${symbol} as of the close of ${asOf}: the ${rec.top.length} best of ${plural(rec.trials, 'model')} by Sharpe over ` +
          `${rec.lookback.from}..${rec.lookback.to}, net of ${num(rec.costBps, rec.costBps % 1 === 0 ? 0 : 2)} bps costs:`,
        { code: formatTable(rows, ['l', 'r', 'r', 'l']) },
      ),
      textReply(lines.join('\n')),
      textReply(rec.skillEvident ? `Next: /backtest ${rec.top[0]!.model} ${symbol}` : `Next: /leaderboard ${symbol} oos shows whether each year's winner kept winning.`),
    ];
  },
});

/** A forecast's signal is its sign (what trading it would hold); a position is its weight. */
function signalOf(v: LatestValue): number {
  return v.model.output === 'forecast' ? Math.sign(v.value) : v.value;
}

/** "3 of 3 top models are out of the market: stay out." and kin, from the current signals. */
function verdict(rec: Recommendation, signals: ReadonlyMap<string, LatestValue | null>): string {
  const read = rec.top.map((t) => signals.get(t.model)).filter((v): v is LatestValue => !!v);
  if (read.length === 0) return 'Verdict: none of these models has a current signal on the stored data.';
  const n = read.length;
  const long = read.filter((v) => signalOf(v) > 0).length;
  const short = read.filter((v) => signalOf(v) < 0).length;
  const flat = n - long - short;
  if (flat === n) return `Verdict: ${n} of ${n} top models are out of the market: stay out.`;
  if (long === n) return `Verdict: ${n} of ${n} top models are long: they say be in the market.`;
  if (short === n) return `Verdict: ${n} of ${n} top models are short.`;
  const parts = [long && `${long} long`, short && `${short} short`, flat && `${flat} out of the market`].filter(Boolean).join(', ');
  const lean = long > short + flat ? 'they lean long' : flat > long + short ? 'they lean to staying out' : 'they disagree: no clear call';
  return `Verdict: of ${n} top models, ${parts}: ${lean}.`;
}

function trackRecord(rec: Recommendation): string {
  const t = rec.track;
  if (t.steps.length === 0 || t.sharpe === null) return 'There is not enough history to test this way of choosing on the past.';
  const years = `${t.steps[0]!.heldFrom}..${t.steps[t.steps.length - 1]!.heldTo}`;
  return (
    `Choosing this way in the past (best Sharpe over the previous ${plural(t.lookbackBars, 'bar')}, held for the next ${plural(t.holdBars, 'bar')}, ${plural(t.steps.length, 'time')}) ` +
    `gave Sharpe ${num(t.sharpe)} and return ${pct(t.totalReturn ?? Number.NaN, 1)} over ${years}, against buy-and-hold's Sharpe ${num(t.benchmarkSharpe ?? Number.NaN)} and return ` +
    `${pct(t.benchmarkTotalReturn ?? Number.NaN, 1)} on the same bars; a model at random averaged Sharpe ${num(t.averageModelSharpe ?? Number.NaN)}.`
  );
}

function luck(rec: Recommendation): string {
  const top = rec.top[0];
  if (!top || rec.deflatedSharpe === null) return 'Too few models to tell skill from luck.';
  const bar = rec.expectedMaxSharpe !== null ? ` (luck alone would give the best of ${rec.trials} models about ${num(rec.expectedMaxSharpe)})` : '';
  return rec.skillEvident
    ? `Top pick: ${top.model}. Its Sharpe of ${num(top.sharpe)} is unlikely to be luck${bar}: Deflated Sharpe Ratio ${num(rec.deflatedSharpe)}.`
    : `No top pick: the best Sharpe, ${num(top.sharpe)}, is not clearly above luck${bar}: its Deflated Sharpe Ratio is ${num(rec.deflatedSharpe)}, below 0.95, so this list cannot tell skill from luck.`;
}
