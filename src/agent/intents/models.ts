// Registry intents: list and search the models, and show one model's card with its measured metrics.
import { EvaluationStore } from '../../engine/evaluate/evaluation-store.ts';
import { z } from 'zod';
import { defineIntent } from '../intent.ts';
import { textReply } from '../reply.ts';
import { requireModel } from '../../engine/use-cases/symbol-bars.ts';
import { modelArg } from './arg-types.ts';
import { formatTable } from '../../format.ts';

const LIST_LIMIT = 40;

export const modelsIntent = defineIntent({
  name: 'models',
  description: 'List the registry models: optionally of one category (trend, mean-reversion, momentum, volatility, risk, regime, ...) or matching a search text.',
  usage: '/models [CATEGORY] [search=TEXT]',
  args: z.object({
    category: z.string().optional().describe('Category, e.g. trend, mean-reversion, momentum, regression, volatility, risk, regime'),
    search: z.string().optional().describe('Words to look for in the id, name or description'),
  }),
  positional: ['category', 'search'],
  async run(args, ctx) {
    const categories: string[] = [...new Set(ctx.services.models.all().map((m) => m.category))];
    let { category, search } = args;
    if (category && !categories.includes(category)) {
      // "/models rsi" means a search, not a category.
      search = [category, search].filter(Boolean).join(' ');
      category = undefined;
    }
    const found = ctx.services.models.search({ category, search });
    if (found.length === 0) {
      return [textReply(`No model matches${category ? ` category ${category}` : ''}${search ? ` "${search}"` : ''}. Categories: ${categories.join(', ')}.`)];
    }
    const rows = [['id', 'category', 'output'], ...found.slice(0, LIST_LIMIT).map((m) => [m.id, m.category, m.output])];
    const more = found.length > LIST_LIMIT ? ` (showing ${LIST_LIMIT}; narrow with a category or search=TEXT)` : '';
    return [
      textReply(`${found.length} model${found.length === 1 ? '' : 's'}${more}:`, { code: formatTable(rows) }),
      textReply('Next: /model ID for one model\'s card, or /backtest ID SPX.'),
    ];
  },
});

export const modelIntent = defineIntent({
  name: 'model',
  description: "Show one model's card with its measured metrics: what it does, its parameters, inputs, output and warm-up.",
  usage: '/model MODEL',
  args: z.object({ model: modelArg }),
  positional: ['model'],
  async run(args, ctx) {
    const m = requireModel(ctx.services, args.model);
    ctx.memory.model = m.id;
    const params = Object.entries(m.params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ');
    const lines = [
      `${m.id}: ${m.name} (${m.category}, outputs ${m.output})`,
      m.description,
      `Parameters: ${params || 'none'}; inputs: ${m.inputs.join(', ')}; needs ${m.minHistory} bars of history.`,
    ];
    const evals = await new EvaluationStore(ctx.services.db.db).latest({ modelId: m.id });
    if (evals.length === 0) {
      lines.push(`Not evaluated yet: run /evaluate ${m.id} SPX for measured metrics.`);
      return [textReply(lines.join('\n'))];
    }
    const keys = [...new Set(evals.flatMap((e) => Object.keys(e.metrics)))].slice(0, 6);
    const rows = [['symbol', 'window', ...keys], ...evals.map((e) => [e.symbol, `${e.from}..${e.to}`, ...keys.map((k) => fmtMetric(e.metrics[k]))])];
    return [textReply(lines.join('\n') + '\nMeasured (walk-forward):', { code: formatTable(rows) })];
  },
});

export function fmtMetric(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  return Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : v.toFixed(4);
}
