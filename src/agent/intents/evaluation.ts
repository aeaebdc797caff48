// Evaluation intents: the measured leaderboard, a walk-forward evaluation run from the chat, and a model's accuracy.
import { z } from 'zod';
import { EvaluationStore } from '../../engine/evaluate/evaluation-store.ts';
import { findLeaderboardMetric, leaderboardMetric, leaderboardMetricNames, type LeaderboardMetric, type StoredMetrics } from '../../engine/evaluate/leaderboard-metrics.ts';
import { runEvaluation } from '../../engine/evaluate/run-evaluation.ts';
import { UserError } from '../../engine/user-error.ts';
import { num, pct } from '../format.ts';
import { defineIntent } from '../intent.ts';
import { formatTable, textReply, type Reply } from '../reply.ts';
import { loadSymbolBars, requireModel } from '../tasks/resolve.ts';
import { storedEvaluations } from '../tasks/stored-evaluations.ts';
import { listTokens, modelArg, SYMBOL_TOKEN, symbolArg } from './arg-types.ts';
import { fmtMetric } from './models.ts';

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
  }),
  // `/leaderboard SPX qlike`, `/leaderboard spx`, `/leaderboard rmse forecast`, `/leaderboard z2`: metric and output
  // names are known words; the first other ticker-like word (any case) is the symbol; anything else is taken as the
  // metric (and refused with the list if unknown).
  slash(tokens) {
    const args: Record<string, unknown> = {};
    for (const t of tokens) {
      const kv = /^([A-Za-z]\w*)=(.*)$/.exec(t);
      if (kv) args[kv[1]!] = kv[2];
      else if ((RANK_OUTPUTS as readonly string[]).includes(t.toLowerCase())) args.output = t.toLowerCase();
      else if (findLeaderboardMetric(t) || args.symbol !== undefined || !SYMBOL_TOKEN.test(t.toUpperCase())) args.metric ??= t;
      else args.symbol = t;
    }
    return args;
  },
  async run(args, ctx) {
    const metric = leaderboardMetric(args.metric ?? 'sharpe');
    const symbol = args.symbol?.toUpperCase();
    if (symbol) ctx.memory.symbol = symbol;
    const board = await new EvaluationStore(ctx.services.db.db).leaderboard({ symbol, metric: metric.name, output: args.output });
    if (board.measured === 0) {
      const stored = await storedEvaluations(ctx.services.db.db, { symbol });
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

/** Bounded in the chat: a walk-forward run of more tasks belongs to `mltrainer evaluate`. */
const CHAT_TASK_LIMIT = 12;
const DEFAULT_MODELS = ['buy-and-hold', 'sma-cross-20-50', 'ema-cross-12-26', 'momentum-252', 'rsi-14-30-70'];

export const evaluateIntent = defineIntent({
  name: 'evaluate',
  description: 'Run a walk-forward evaluation of models on symbols now (scored out of sample after each warm-up) and show the measured metrics.',
  usage: '/evaluate [MODEL,...] [SYMBOL,...]',
  args: z.object({
    models: z.array(modelArg).min(1).optional().describe('Model ids (default: the canonical five)'),
    symbols: z.array(symbolArg).min(1).optional().describe('Symbols (default SPX)'),
  }),
  slash(tokens) {
    const args: Record<string, unknown> = {};
    const models: string[] = [];
    const symbols: string[] = [];
    const kvs = tokens.filter((t) => /^(models|symbols)=/.test(t));
    for (const t of kvs) {
      const [key, value] = t.split('=') as [string, string];
      args[key] = value.split(',').filter(Boolean);
    }
    for (const t of listTokens(tokens.filter((x) => !kvs.includes(x)))) {
      if (/^[A-Z][A-Z0-9.^-]{0,9}$/.test(t)) symbols.push(t);
      else models.push(t);
    }
    if (models.length) args.models = models;
    if (symbols.length) args.symbols = symbols;
    return args;
  },
  async run(args, ctx) {
    const ids = args.models ?? DEFAULT_MODELS.filter((id) => ctx.services.models.get(id));
    const models = ids.map((id) => requireModel(ctx.services, id));
    const symbols = args.symbols ?? [ctx.memory.symbol ?? 'SPX'];
    if (models.length * symbols.length > CHAT_TASK_LIMIT) {
      throw new UserError(
        `That is ${models.length * symbols.length} evaluations; the chat runs at most ${CHAT_TASK_LIMIT}. Use \`mltrainer evaluate --models ... --symbols ...\` for more.`,
      );
    }
    const rows: string[][] = [];
    const failures: string[] = [];
    let skipped = 0;
    for (const s of symbols) {
      const { symbol, timeframe } = await loadSymbolBars(ctx.services, s);
      // Persisted like `mltrainer evaluate` (and skipped when already evaluated on the same data), in this thread.
      const summary = await runEvaluation({
        db: ctx.services.db.db,
        bars: ctx.services.bars,
        series: ctx.services.series,
        models: models.map((m) => m.id),
        symbols: [symbol],
        timeframe,
        workers: 0,
      });
      skipped += summary.skipped;
      for (const rep of summary.reports) if (rep.status === 'failed') failures.push(`${rep.modelId} on ${symbol}: ${rep.error}`);
      const stored = await storedEvaluations(ctx.services.db.db, { symbol });
      for (const m of models) {
        const e = stored.find((x) => x.modelId === m.id && x.timeframe === timeframe);
        if (e) rows.push([m.id, symbol, `${e.from}..${e.to}`, headline(e.output, e.metrics)]);
      }
    }
    Object.assign(ctx.memory, { models: models.map((m) => m.id), model: models[0]!.id, symbol: symbols.length === 1 ? symbols[0] : ctx.memory.symbol });
    const replies = [];
    if (rows.length > 0) {
      replies.push(
        textReply(`Walk-forward evaluation, stored (${rows.length} result${rows.length === 1 ? '' : 's'}${skipped ? `, ${skipped} already measured on the same data` : ''}):`, {
          code: formatTable([['model', 'symbol', 'window', 'measured'], ...rows]),
        }),
      );
    }
    if (failures.length > 0) replies.push(textReply(`Not evaluated:\n${failures.join('\n')}`));
    replies.push(textReply(`Next: /leaderboard ${symbols[0]!.toUpperCase()} ranks everything measured on it.`));
    return replies;
  },
});

function headline(output: string, metrics: Record<string, number | null>): string {
  const m = metrics as Record<string, number>;
  switch (output) {
    case 'position':
      return `return ${pct(m.totalReturn!)}, Sharpe ${num(m.sharpe!)}, max DD ${pct(m.maxDrawdown!)}, ${m.trades} trades`;
    case 'forecast':
      return `hit rate ${pct(m.hitRate!)}, rank IC ${num(m.rankIc!, 4)}, RMSE ${num(m.rmse!, 5)}`;
    case 'volatility':
      return `RMSE ${num(m.rmse!, 5)}, QLIKE ${num(m.qlike!, 4)}`;
    case 'risk':
      // An expected shortfall promises no breach rate: it is judged by Acerbi-Szekely Z2 instead of Kupiec's test.
      if ('z2' in metrics) {
        const z2 = isFiniteMetric(metrics.z2) ? `Z2 ${num(m.z2!, 3)} (0 when right, below 0: risk underestimated)` : 'no Z2 (no matching VaR)';
        return `ES exceeded ${m.breaches}/${m.count} (${pct(m.breachRate!)}), ${z2}`;
      }
      return `breaches ${m.breaches}/${m.count} (${pct(m.breachRate!)} vs ${pct(m.expectedRate!)} expected), Kupiec p ${num(m.kupiecPValue!, 3)}`;
    case 'regime':
      return `${m.states} states`;
    default:
      return Object.entries(m).slice(0, 4).map(([k, v]) => `${k} ${fmtMetric(v)}`).join(', ');
  }
}

export const accuracyIntent = defineIntent({
  name: 'accuracy',
  description: "Show how accurate models have been: the autopilot's calls joined to what happened next, and a model's walk-forward results.",
  usage: '/accuracy [MODEL] [SYMBOL]',
  args: z.object({ model: modelArg.optional(), symbol: symbolArg.optional() }),
  positional: ['model', 'symbol'],
  async run(args, ctx) {
    const model = args.model ? requireModel(ctx.services, args.model) : null;
    const symbol = args.symbol?.toUpperCase();
    Object.assign(ctx.memory, { ...(model ? { model: model.id } : {}), ...(symbol ? { symbol } : {}) });
    const replies: Reply[] = [];
    // The prediction log: what the live loop predicted and what happened, month by month.
    const ap = ctx.services.autopilot;
    const live = ap ? await ap.accuracy(model?.id, symbol) : null;
    if (live && live.rows.length > 0) {
      const months = live.rows.flatMap((r) =>
        r.byMonth.map((m) => [r.model, r.symbol, m.month, String(m.predictions), m.hitRate === null ? '-' : pct(m.hitRate), m.meanAbsError === null ? '-' : pct(m.meanAbsError, 3)]),
      );
      replies.push(textReply(`The autopilot's calls joined to their outcomes:\n${live.text}`, { code: formatTable([['model', 'symbol', 'month', 'calls', 'hit rate', 'abs error'], ...months]) }));
    }
    if (model) {
      const evals = await storedEvaluations(ctx.services.db.db, { modelId: model.id, symbol });
      if (evals.length > 0) {
        const keys = [...new Set(evals.flatMap((e) => Object.keys(e.metrics)))];
        const rows = [['symbol', 'window', ...keys], ...evals.map((e) => [e.symbol, `${e.from}..${e.to}`, ...keys.map((k) => fmtMetric(e.metrics[k]))])];
        replies.push(textReply(`Measured out of sample by walk-forward evaluation (${model.output} model ${model.id}):`, { code: formatTable(rows) }));
      }
    }
    if (replies.length > 0) return replies;
    const scope = [model?.id, symbol ? `on ${symbol}` : ''].filter(Boolean).join(' ');
    const noLog = ap ? `No call the autopilot made${scope ? ` with ${scope}` : ''} has a known outcome yet` : 'The autopilot is not running in this build, so it has no prediction log';
    const next = model ? ` Run /evaluate ${model.id} ${symbol ?? 'SPX'} to measure it now.` : ' Name a model (for example /accuracy sma-cross-20-50 SPX) to see its walk-forward accuracy.';
    return [textReply(`${noLog}${model ? `, and ${model.id} has no stored evaluation${symbol ? ` on ${symbol}` : ''}` : ''}.${next}`)];
  },
});

function isFiniteMetric(v: number | null | undefined): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}
