// /leaderboard: the models measured by walk-forward evaluation on a symbol, ranked by a metric.
import { z } from 'zod';
import { EvaluationStore } from '../../engine/evaluate/evaluation-store.ts';
import { findLeaderboardMetric, leaderboardMetric, leaderboardMetricNames, type LeaderboardMetric, type StoredMetrics } from '../../engine/evaluate/leaderboard-metrics.ts';
import { defineIntent } from '../intent.ts';
import { DEFAULT_RANKING_COST_BPS } from '../../config.ts';
import { buildLeaderboard, isTradedRankMetric, type TradedRankMetric } from '../../engine/leaderboard/build-leaderboard.ts';
import { leaderboardText, oosTable } from '../../engine/leaderboard/leaderboard-text.ts';
import type { IntentContext } from '../intent.ts';
import { textReply, type Reply } from '../reply.ts';
import { SYMBOL_TOKEN, symbolArg } from './arg-types.ts';
import { isFiniteMetric } from './evaluation.ts';
import { fmtMetric } from './models.ts';
import { formatTable, num, pct } from '../../format.ts';

/** Output kinds a leaderboard can be narrowed to (rmse ranks volatility models unless told `forecast`). */
const RANK_OUTPUTS = ['position', 'forecast', 'volatility', 'risk'] as const;
const LEADERBOARD_ROWS = 15;

export const leaderboardIntent = defineIntent({
  name: 'leaderboard',
  description:
    'Rank the models measured by walk-forward evaluation on a symbol by a metric: backtest metrics for trading models (default Sharpe), rmse or qlike for volatility models, kupiec or breachError for value at risk, z2 for expected shortfall.',
  usage: '/leaderboard [SYMBOL] [METRIC] [OUTPUT]',
  args: z.object({
    symbol: symbolArg.optional(),
    metric: z.string().min(1).optional().describe(`One of ${leaderboardMetricNames().join(', ')} (default sharpe)`),
    output: z.enum(RANK_OUTPUTS).optional().describe("Rank only models of this output, e.g. forecast for return forecasts' rmse (default: the metric's own)"),
    oos: z.boolean().optional().describe("Also show how each year's best model did the next year"),
  }),
  // `/leaderboard SPX qlike`, `/leaderboard spx`, `/leaderboard rmse forecast`, `/leaderboard z2`: metric and output
  // names are known words; the first other ticker-like word (any case) is the symbol; anything else is taken as the
  // metric (and refused with the list if unknown).
  slash(tokens) {
    const args: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const t of tokens) {
      const kv = /^([A-Za-z]\w*)=(.*)$/.exec(t);
      if (kv) args[kv[1]!] = kv[2];
      else if (t.toLowerCase() === 'oos') args.oos = true;
      else if ((RANK_OUTPUTS as readonly string[]).includes(t.toLowerCase())) args.output = t.toLowerCase();
      else if (findLeaderboardMetric(t) || args.symbol !== undefined || !SYMBOL_TOKEN.test(t.toUpperCase())) args.metric ??= t;
      else args.symbol = t;
    }
    return args;
  },
  async run(args, ctx) {
    const metric = leaderboardMetric(args.metric ?? 'sharpe');
    // Trading metrics rank every traded model on one window, net of costs, with the selection statistics.
    if (isTradedRankMetric(metric.name) && (args.output === undefined || args.output === 'position' || args.output === 'forecast')) {
      return tradedLeaderboard(args.symbol ?? ctx.memory.symbol ?? 'SPX', metric.name, !!args.oos, args.output, ctx);
    }
    const symbol = args.symbol?.toUpperCase();
    if (symbol) ctx.memory.symbol = symbol;
    const board = await new EvaluationStore(ctx.services.db.db).leaderboard({ symbol, metric: metric.name, output: args.output });
    if (board.measured === 0) {
      const stored = await new EvaluationStore(ctx.services.db.db).latest({ symbol });
      const kinds = board.outputs.join(' or ');
      return [
        textReply(
          stored.length === 0
            ? `No evaluation results are stored${symbol ? ` for ${symbol}` : ''} yet, so there is no measured leaderboard. ` +
                `Run /evaluate${symbol ? ` symbols=${symbol}` : ''} (or \`mltrainer evaluate\`) first.`
            : `No ${kinds} model${symbol ? ` on ${symbol}` : ''} has a measured ${metric.name} yet (${metric.description}). ` +
                `Evaluate some ${kinds} models first, e.g. \`mltrainer evaluate --symbols ${symbol ?? 'SPX'} --models ${EXAMPLE_MODELS[board.outputs[0]!] ?? 'sma-cross-20-50'}\`.`,
        ),
      ];
    }
    const top = board.rows.slice(0, LEADERBOARD_ROWS);
    const columns = contextColumns(metric, board.outputs);
    const rows = [
      ['#', 'model', 'symbol', metric.label, ...columns.map((c) => c.head), 'window'],
      ...top.map((e) => [String(e.rank), e.modelId, e.symbol, fmtRanked(e.value), ...columns.map((c) => c.cell(e.metrics)), `${e.from}..${e.to}`]),
    ];
    const best = top[0]!;
    // "backtest the best one" right after this answer means this model (and this symbol).
    ctx.memory.ranking = { by: 'leaderboard', symbol: symbol ?? best.symbol, models: top.map((e) => e.modelId) };
    const traded = board.outputs.every((o) => o === 'position' || o === 'forecast');
    const scope = board.outputs.length === 1 && !traded ? ` (${board.outputs[0]} models, ${metric.lowerIsBetter ? 'lower' : 'higher'} is better)` : '';
    return [
      textReply(`Leaderboard by ${metric.name}${symbol ? ` on ${symbol}` : ''}${scope} (${board.measured} measured):`, {
        code: formatTable(rows, ['r', 'l', 'l', 'r', ...columns.map(() => 'r' as const), 'l']),
      }),
      textReply(
        traded
          ? `Best: ${best.modelId} on ${best.symbol}. Next: /backtest ${best.modelId} ${best.symbol} for its chart.`
          : `Best: ${best.modelId} on ${best.symbol}. Next: /model ${best.modelId} for its card and measured figures.`,
      ),
    ];
  },
});

const CHAT_ROWS = 10;

async function tradedLeaderboard(
  symbolText: string,
  metric: TradedRankMetric,
  oos: boolean,
  output: 'position' | 'forecast' | undefined,
  ctx: IntentContext,
): Promise<Reply[]> {
  const symbol = symbolText.toUpperCase();
  ctx.memory.symbol = symbol;
  const doc = await buildLeaderboard(ctx.services.db.db, ctx.services.bars, {
    symbol,
    metric,
    costBps: ctx.services.rankingCostBps ?? DEFAULT_RANKING_COST_BPS,
    oos,
    outputs: output ? [output] : undefined,
  });
  const text = leaderboardText(doc, CHAT_ROWS);
  const top = doc.rows[0]!;
  ctx.memory.model = top.model;
  // "backtest the best one" right after this answer means this model (and this symbol).
  ctx.memory.ranking = { by: 'leaderboard', symbol, models: doc.rows.slice(0, CHAT_ROWS).map((r) => r.model) };
  const replies: Reply[] = [textReply(text.headline, { code: formatTable(text.table, text.align) }), textReply(text.notes.join('\n'))];
  const years = oosTable(doc);
  if (years.length > 0) replies.push(textReply("Each year's best model and how it did the next year:", { code: formatTable(years, ['l', 'l', 'r', 'r', 'r', 'r']) }));
  replies.push(
    textReply(
      doc.skillEvident
        ? `Next: /backtest ${top.model} ${symbol} for its chart.`
        : `Next: /backtest ${top.model} ${symbol} to see what happened, or /leaderboard ${symbol} oos to see whether each year's winner kept winning.`,
    ),
  );
  return replies;
}

/** A model of each output to suggest evaluating when none is measured by the metric asked for. */
const EXAMPLE_MODELS: Partial<Record<string, string>> = {
  position: 'sma-cross-20-50',
  forecast: 'ar-1',
  volatility: 'ewma-vol-94,garch-1-1',
  risk: 'var-hist-99-250,es-hist-97.5-250',
};

interface ContextColumn {
  head: string;
  cell(m: StoredMetrics): string;
}

/** The figures shown beside the ranked one, by what it ranks. */
function contextColumns(metric: LeaderboardMetric, outputs: readonly string[]): ContextColumn[] {
  const figure = (head: string, key: string, show: (v: number) => string = fmtRanked): ContextColumn => ({
    head,
    cell: (m) => (isFiniteMetric(m[key]) ? show(m[key] as number) : '-'),
  });
  const ratio = (head: string, part: string, whole: string): ContextColumn => ({
    head,
    cell: (m) => (isFiniteMetric(m[part]) && isFiniteMetric(m[whole]) ? `${m[part]}/${m[whole]}` : '-'),
  });
  const rate = (x: number) => pct(x);
  switch (metric.name) {
    case 'rmse':
      return outputs.includes('forecast') ? [figure('hit rate', 'hitRate', rate), figure('rank IC', 'rankIc')] : [figure('qlike', 'qlike')];
    case 'qlike':
      return [figure('rmse', 'rmse')];
    case 'kupiec':
      return [ratio('breaches', 'breaches', 'count'), figure('rate', 'breachRate', rate), figure('expected', 'expectedRate', rate)];
    case 'breachError':
      return [figure('rate', 'breachRate', rate), figure('expected', 'expectedRate', rate), figure('Kupiec p', 'kupiecPValue')];
    case 'z2':
      return [figure('Z2', 'z2', (v) => num(v, 3)), ratio('tail', 'varBreaches', 'tailCount'), ratio('ES breaches', 'breaches', 'count')];
    default:
      return [figure('return', 'totalReturn', rate), figure('max DD', 'maxDrawdown', rate)];
  }
}

/** Four decimals, or four significant digits in exponent form for small figures (a variance RMSE is around 1e-4). */
function fmtRanked(v: number): string {
  return v !== 0 && Math.abs(v) < 0.01 ? v.toExponential(3) : fmtMetric(v);
}

