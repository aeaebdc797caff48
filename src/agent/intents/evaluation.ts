// Evaluation intents: a walk-forward evaluation run from the chat, and a model's accuracy.
import { EvaluationStore } from '../../engine/evaluate/evaluation-store.ts';
import { z } from 'zod';
import { runEvaluation } from '../../engine/evaluate/run-evaluation.ts';
import { UserError } from '../../engine/user-error.ts';
import { defineIntent, type IntentContext } from '../intent.ts';
import { textReply, type Reply } from '../reply.ts';
import { requireBarsWithin, symbolTimeframe, requireModel } from '../../engine/use-cases/symbol-bars.ts';
import { chatBarLimit } from '../../engine/heavy/chat-size-limits.ts';
import type { Model } from '../../registry/model.ts';
import { runHeavyJob } from './heavy-job.ts';
import { listTokens, modelArg, symbolArg } from './arg-types.ts';
import { fmtMetric } from './models.ts';
import { formatTable, num, pct } from '../../format.ts';


/** Bounded in the chat: a walk-forward run of more tasks belongs to `mltrainer evaluate`. */
const CHAT_TASK_LIMIT = 12;
const DEFAULT_MODELS = ['buy-and-hold', 'sma-cross-20-50', 'ema-cross-12-26', 'momentum-252', 'rsi-14-30-70'];

export const evaluateIntent = defineIntent({
  name: 'evaluate',
  description: 'Evaluate models walk-forward on symbols now: scored out of sample after each warm-up, with the measured metrics.',
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
    const cli = (s: string) => `mltrainer evaluate --models ${models.map((m) => m.id).join(',')} --symbols ${s}`;
    for (const s of symbols) await requireBarsWithin(ctx.services, s, chatBarLimit(models, 'an evaluation', cli));
    // On a worker thread (the evaluation pool's), admitted like every heavy request from a chat.
    const { rows, failures, skipped } = await runHeavyJob(ctx, 'evaluation', () => evaluateFromChat(ctx, models, symbols));
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

/** Evaluates each symbol in turn on one worker and reads back the stored results. */
async function evaluateFromChat(ctx: IntentContext, models: readonly Model[], symbols: readonly string[]): Promise<{ rows: string[][]; failures: string[]; skipped: number }> {
  const rows: string[][] = [];
  const failures: string[] = [];
  let skipped = 0;
  for (const s of symbols) {
    const { symbol, timeframe } = await symbolTimeframe(ctx.services, s);
    // Persisted like `mltrainer evaluate` (and skipped when already evaluated on the same data).
    const summary = await runEvaluation({
      db: ctx.services.db.db,
      bars: ctx.services.bars,
      series: ctx.services.series,
      models: models.map((m) => m.id),
      symbols: [symbol],
      timeframe,
      workers: 1,
      runner: ctx.services.evaluationRunner,
      metrics: ctx.services.metrics,
    });
    skipped += summary.skipped;
    for (const rep of summary.reports) if (rep.status === 'failed') failures.push(`${rep.modelId} on ${symbol}: ${rep.error}`);
    const stored = await new EvaluationStore(ctx.services.db.db).latest({ symbol });
    for (const m of models) {
      const e = stored.find((x) => x.modelId === m.id && x.timeframe === timeframe);
      if (e) rows.push([m.id, symbol, `${e.from}..${e.to}`, headline(e.output, e.metrics)]);
    }
  }
  return { rows, failures, skipped };
}

function headline(output: string, metrics: Record<string, number | null>): string {
  // each output kind stores a fixed set of metrics (engine/evaluate), so every key read below is present
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
      const evals = await new EvaluationStore(ctx.services.db.db).latest({ modelId: model.id, symbol });
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

export function isFiniteMetric(v: number | null | undefined): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}
