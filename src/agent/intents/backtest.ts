// Backtest intents: one model on a symbol against buy-and-hold (with an equity chart), and several models side by side.
import { z } from 'zod';
import { backtestChartInput } from '../../engine/charts/equity-chart.ts';
import { saveChart } from '../../engine/charts/save-chart.ts';
import { windowFromDates } from '../../engine/backtest/window.ts';
import { TIMEFRAMES, type Timeframe } from '../../engine/data/bar.ts';
import { UserError } from '../../engine/user-error.ts';
import { logger } from '../../log.ts';
import { defineIntent } from '../intent.ts';
import { textReply, type Reply } from '../reply.ts';
import { loadModelData } from '../../engine/use-cases/model-data.ts';
import { requireBarsWithin, requireModel } from '../../engine/use-cases/symbol-bars.ts';
import { headBars } from '../../registry/head-bars.ts';
import type { HeavyWork } from '../../engine/heavy/heavy-work.ts';
import { chatBarLimit } from '../../engine/heavy/chat-size-limits.ts';
import { runHeavyJob } from './heavy-job.ts';
import {
  backtestNotes,
  requireBacktestable,
  requirePositionModel,
  runModelBacktest,
  windowDates,
  type ModelBacktest,
} from '../../engine/use-cases/model-backtest.ts';
import { dateArg, modelArg, modelsSymbolDates, symbolArg } from './arg-types.ts';
import { formatTable, num, pct, plural } from '../../format.ts';

const log = logger('agent');

const TIMEFRAME_WORDS: Record<Timeframe, string> = { '1d': 'daily', '1wk': 'weekly', '1mo': 'monthly', '1h': 'hourly', '1m': 'minute' };

export const backtestIntent = defineIntent({
  name: 'backtest',
  description:
    'Backtest one position model on a symbol against buy-and-hold over a window (models see all earlier history): return, CAGR, Sharpe, drawdown, trades, and an equity chart.',
  usage: '/backtest MODEL SYMBOL [FROM] [TO] [costBps=N]',
  args: z.object({
    model: modelArg,
    symbol: symbolArg,
    from: dateArg.optional().describe('First day of the trading window, YYYY-MM-DD'),
    to: dateArg.optional().describe('Last day of the data, YYYY-MM-DD'),
    costBps: z.number().min(0).max(1000).optional().describe('Cost in basis points of traded notional'),
    timeframe: z.enum(TIMEFRAMES).optional().describe('Bar length (1d, 1wk, 1mo, 1h, 1m); by default daily when stored'),
  }),
  positional: ['model', 'symbol', 'from', 'to'],
  async run(args, ctx) {
    checkWindow(args.from, args.to);
    const model = requireModel(ctx.services, args.model);
    requireBacktestable(model);
    const cli = (s: string) => `mltrainer backtest --model ${model.id} --symbol ${s}`;
    await requireBarsWithin(ctx.services, args.symbol, chatBarLimit([model], 'a backtest', cli), { timeframe: args.timeframe, to: args.to });
    const { bt, image } = await runHeavyJob(ctx, 'backtest', async (heavy) => {
      const runner = heavy.backtestRunner(`The backtest of ${model.id} on ${args.symbol.toUpperCase()}`);
      const req = { from: args.from, to: args.to, costBps: args.costBps, timeframe: args.timeframe };
      const bt = await runModelBacktest(ctx.services, model, args.symbol, req, { runner });
      return { bt, image: await equityChart(heavy, ctx.services.chartsDir, bt) };
    });
    const m = bt.result.metrics;
    const b = bt.benchmark.metrics;
    Object.assign(ctx.memory, {
      symbol: bt.symbol,
      model: model.id,
      models: [model.id],
      from: args.from,
      to: args.to,
      lastBacktest: {
        model: model.id,
        symbol: bt.symbol,
        from: bt.result.from,
        to: bt.result.to,
        totalReturn: m.totalReturn,
        cagr: m.cagr,
        sharpe: m.sharpe,
        maxDrawdown: m.maxDrawdown,
        trades: m.trades,
        benchmarkReturn: b.totalReturn,
      },
    });
    // Buy-and-hold is its own benchmark: one column, not the same figures twice.
    const self = model.id === 'buy-and-hold';
    const row = (label: string, a: string, c: string) => (self ? [label, a] : [label, a, c]);
    const table = formatTable(
      [
        self ? ['', model.id] : ['', model.id, 'buy-and-hold'],
        row('total return', pct(m.totalReturn), pct(b.totalReturn)),
        row('CAGR', pct(m.cagr), pct(b.cagr)),
        row('Sharpe', num(m.sharpe), num(b.sharpe)),
        row('max drawdown', pct(m.maxDrawdown), pct(b.maxDrawdown)),
        row('trades', String(m.trades), String(b.trades)),
        row('exposure', pct(m.exposure, 1), pct(b.exposure, 1)),
      ],
      ['l', 'r', 'r'],
    );
    // The first line says what was run, on what and over which bars.
    const bars = `${bt.result.bars} ${TIMEFRAME_WORDS[bt.timeframe]} bars`;
    const head = `Backtest of ${model.id} on ${bt.symbol}, ${bt.result.from}..${bt.result.to} (${bars}${args.costBps ? `, cost ${args.costBps} bps` : ''}).`;
    // The notes say how to read the table (fills at the close, a warm-up inside the window), so they sit above it.
    const notes = backtestNotes(bt);
    return [
      textReply(notes.length > 0 ? `${head}\n${notes.join('\n')}` : head, { code: table, image }),
      textReply(`${interpretBacktest(bt)}\nNext: try /compare ${model.id} ${alternativeTo(model.id)} ${bt.symbol}${args.from ? ` ${args.from}` : ''}`),
    ];
  },
});

/** One or two sentences read off the numbers: better than holding or not, the drawdown, how often it traded. */
export function interpretBacktest(bt: ModelBacktest): string {
  const m = bt.result.metrics;
  const b = bt.benchmark.metrics;
  if (bt.model.id === 'buy-and-hold') {
    return `Holding ${bt.symbol} returned ${pct(m.totalReturn)} (${pct(m.cagr)} a year), with a worst drawdown of ${pct(m.maxDrawdown)} and a Sharpe ratio of ${num(m.sharpe)}: the benchmark every model is measured against.`;
  }
  const beat = m.totalReturn > b.totalReturn;
  const riskBetter = m.sharpe > b.sharpe;
  const first = beat
    ? `It beat buy-and-hold (${pct(m.totalReturn)} against ${pct(b.totalReturn)})${riskBetter ? ' with a better Sharpe ratio' : ', but with a lower Sharpe ratio'}.`
    : `It did worse than simply holding (${pct(m.totalReturn)} against ${pct(b.totalReturn)})${riskBetter ? ', though with a better Sharpe ratio' : ' and with a lower Sharpe ratio'}.`;
  const dd =
    m.maxDrawdown < b.maxDrawdown
      ? `Its worst drawdown was ${pct(m.maxDrawdown)}, smaller than holding's ${pct(b.maxDrawdown)}`
      : `Its worst drawdown was ${pct(m.maxDrawdown)}, no better than holding's ${pct(b.maxDrawdown)}`;
  return `${first} ${dd}, with ${plural(m.trades, 'trade')} and money in the market ${pct(m.exposure, 1)} of the time.`;
}

/** A window given backwards, in chat words (the engine's own sentence speaks of --from and --to). */
function checkWindow(from: string | undefined, to: string | undefined): void {
  if (from && to && from > to) {
    throw new UserError(`The start date ${from} is after the end date ${to}: give the earlier date first, e.g. ${to} ${from}.`);
  }
}

function alternativeTo(id: string): string {
  return id === 'sma-cross-20-50' ? 'ema-cross-12-26' : 'sma-cross-20-50';
}

/** The equity chart (strategy and buy-and-hold with drawdowns) saved under the charts folder; null when it fails. */
async function equityChart(heavy: HeavyWork, chartsDir: string, bt: ModelBacktest): Promise<string | null> {
  return comparisonChart(heavy, chartsDir, [bt], `${bt.model.id} vs buy-and-hold, ${bt.symbol} ${bt.result.from}..${bt.result.to}`, `backtest-${bt.model.id}-${bt.symbol}`);
}

/**
 * Every run's equity over one window beside buy-and-hold (the first run's benchmark), with drawdowns, rendered on a
 * worker and saved under the charts folder; null when it fails (the figures still answer).
 */
async function comparisonChart(heavy: HeavyWork, chartsDir: string, runs: readonly ModelBacktest[], title: string, name: string): Promise<string | null> {
  const first = runs[0]!;
  try {
    const single = runs.length === 1 ? backtestChartInput(first.bars, first.result, first.benchmark, { title, strategy: first.model.id }) : null;
    const png = await heavy.equityChartPng(
      single ?? {
        title,
        dates: windowDates(first),
        series: [...runs.map((r) => ({ name: r.model.id, values: r.result.equity })), { name: 'buy-and-hold', values: first.benchmark.equity }],
        costBps: first.result.costBps,
      },
      'The chart',
    );
    return await saveChart(chartsDir, name, png);
  } catch (err) {
    log.error({ err, models: runs.map((r) => r.model.id), symbol: first.symbol }, 'equity chart failed');
    return null;
  }
}

export const compareIntent = defineIntent({
  name: 'compare',
  description: 'Backtest several position models side by side: on the same symbol and window, their metrics beside buy-and-hold.',
  usage: '/compare MODEL MODEL [MODEL...] SYMBOL [FROM] [TO]',
  args: z.object({
    models: z.array(modelArg).min(2).max(8).describe('Two to eight model ids'),
    symbol: symbolArg,
    from: dateArg.optional(),
    to: dateArg.optional(),
  }),
  slash: (tokens) => modelsSymbolDates(tokens),
  async run(args, ctx) {
    checkWindow(args.from, args.to);
    const models = [...new Set(args.models.map((id) => requireModel(ctx.services, id)))];
    for (const m of models) requirePositionModel(m, '; /compare takes position models.');
    const cli = (s: string) => `mltrainer backtest --model ${models[0]!.id} --symbol ${s}`;
    await requireBarsWithin(ctx.services, args.symbol, chatBarLimit(models, 'a comparison', cli), { to: args.to });
    const { symbol, runs, image } = await runHeavyJob(ctx, 'comparison', async (heavy) => {
      const data = await loadModelData(ctx.services, args.symbol, models);
      const window = windowFromDates(data.bars, { from: args.from, to: args.to });
      const bars = headBars(data.bars, window.toIndex + 1);
      // Each refusal (too little history) starts with the model's id, so the user sees which one.
      const runs = await heavy.backtestRunner(`The comparison on ${data.symbol}`)(models, { ...data, bars }, window.fromIndex, {});
      const head = runs[0]!.result;
      const title = `${runs.length} models vs buy-and-hold, ${data.symbol} ${head.from}..${head.to}`;
      return { symbol: data.symbol, runs, image: await comparisonChart(heavy, ctx.services.chartsDir, runs, title, `compare-${data.symbol}`) };
    });
    const first = runs[0]!;
    const notes = [...new Set(runs.flatMap((r) => backtestNotes(r)))];
    const rows = [
      ['model', 'return', 'CAGR', 'Sharpe', 'max DD', 'trades'],
      ...runs.map((r) => {
        const m = r.result.metrics;
        return [r.model.id, pct(m.totalReturn), pct(m.cagr), num(m.sharpe), pct(m.maxDrawdown), String(m.trades)];
      }),
    ];
    const b = first.benchmark.metrics;
    rows.push(['buy-and-hold', pct(b.totalReturn), pct(b.cagr), num(b.sharpe), pct(b.maxDrawdown), String(b.trades)]);
    Object.assign(ctx.memory, { symbol, models: models.map((m) => m.id), model: models[0]!.id, from: args.from, to: args.to });
    const bestSharpe = [...runs].sort((x, y) => y.result.metrics.sharpe - x.result.metrics.sharpe)[0]!;
    const bestReturn = [...runs].sort((x, y) => y.result.metrics.totalReturn - x.result.metrics.totalReturn)[0]!;
    const beats = runs.filter((r) => r.result.metrics.totalReturn > b.totalReturn).map((r) => r.model.id);
    const summary =
      `${bestReturn.model.id} returned the most (${pct(bestReturn.result.metrics.totalReturn)}); ` +
      `${bestSharpe.model.id} had the best Sharpe ratio (${num(bestSharpe.result.metrics.sharpe)}). ` +
      (beats.length > 0 ? `Beat buy-and-hold: ${beats.join(', ')}.` : `None beat buy-and-hold (${pct(b.totalReturn)}).`);
    const replies: Reply[] = [
      textReply(`Comparison on ${symbol}, ${first.result.from} to ${first.result.to} (${first.result.bars} bars):${notes.map((n) => `\n${n}`).join('')}`, {
        code: formatTable(rows, ['l', 'r', 'r', 'r', 'r', 'r']),
        image,
      }),
      textReply(`${summary}\nNext: /backtest ${bestSharpe.model.id} ${symbol}${args.from ? ` ${args.from}` : ''} for its own chart and figures.`),
    ];
    return replies;
  },
});
