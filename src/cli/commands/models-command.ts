// `mltrainer models [--category C] [--search TEXT]` and `mltrainer model ID`: the registry's model cards, with the
// measured metrics of the newest stored walk-forward evaluation (SPX first) or null.
import type { Command } from 'commander';
import { closestNames } from '../../engine/use-cases/closest-names.ts';
import type { Db } from '../../engine/db/database.ts';
import type { ModelCard, ModelMetrics } from '../../registry/catalog.ts';
import { categories } from '../../registry/categories.ts';
import type { Model } from '../../registry/model.ts';
import { fail, printJson, withApp } from '../run-command.ts';
import { formatTable } from '../../format.ts';
import { cliIo } from '../cli-io.ts';

/** Measured metrics per model id: the newest evaluation, preferring SPX. */
async function measuredMetrics(db: Db): Promise<Map<string, ModelMetrics>> {
  const { EvaluationStore } = await import('../../engine/evaluate/evaluation-store.ts');
  const rows = await new EvaluationStore(db).latest();
  const best = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const have = best.get(r.modelId);
    const better = !have || (r.symbol === 'SPX') !== (have.symbol === 'SPX') ? r.symbol === 'SPX' || !have : r.evaluatedAt > have.evaluatedAt;
    if (better) best.set(r.modelId, r);
  }
  const out = new Map<string, ModelMetrics>();
  for (const [id, r] of best) out.set(id, { symbol: r.symbol, timeframe: r.timeframe, from: r.from, to: r.to, ...r.metrics });
  return out;
}

async function cards(models: readonly Model[], metrics: Map<string, ModelMetrics>): Promise<ModelCard[]> {
  const { modelCard } = await import('../../registry/catalog.ts');
  return models.map((m) => modelCard(m, metrics.get(m.id) ?? null));
}

export function registerModelsCommand(program: Command): void {
  program
    .command('models')
    .description('list the registry: model cards, optionally of one category or matching a search text')
    .option('--category <category>', `one of: ${categories.join(', ')}`)
    .option('--search <text>', 'words in the id, name or description')
    .option('--json', 'print an array of model cards')
    .action(async (opts: { category?: string; search?: string; json?: boolean }) => {
      if (opts.category && !categories.includes(opts.category as never)) {
        fail(`--category: "${opts.category}" is not a category; use one of ${categories.join(', ')}`);
      }
      const { allModels, searchModels } = await import('../../registry/catalog.ts');
      await withApp(async (app) => {
        const found = searchModels({ category: opts.category, search: opts.search });
        const list = await cards(found, await measuredMetrics(app.db.db));
        if (opts.json) return printJson(list);
        const rows = [['id', 'category', 'output', 'history', 'name'], ...list.map((c) => [c.id, c.category, c.output, String(c.minHistory), c.name])];
        cliIo().stdout.write(`${formatTable(rows, ['l', 'l', 'l', 'r', 'l'])}\n${list.length} of ${allModels().length} models\n`);
      });
    });

  program
    .command('model')
    .description('one model card with its measured metrics')
    .argument('<id>', 'model id, e.g. sma-cross-20-50')
    .option('--json', 'print the card as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { allModels, getModel } = await import('../../registry/catalog.ts');
      const model = getModel(id.trim().toLowerCase());
      if (!model) {
        const near = closestNames(id, allModels().map((m) => m.id), 3);
        fail(`no model "${id}"${near.length ? `; did you mean ${near.join(', ')}?` : '; run `mltrainer models` to list them'}`);
      }
      await withApp(async (app) => {
        const [card] = await cards([model], await measuredMetrics(app.db.db));
        if (opts.json) return printJson(card);
        const c = card!; // one card per model given
        const lines = [
          `${c.id}: ${c.name} (${c.category}, outputs ${c.output})`,
          c.description,
          `params: ${JSON.stringify(c.params)}`,
          `inputs: ${c.inputs.join(', ')}; needs ${c.minHistory} bars of history`,
          `metrics: ${c.metrics ? JSON.stringify(c.metrics) : 'not evaluated yet (run `mltrainer evaluate --models ' + c.id + '`)'}`,
        ];
        cliIo().stdout.write(lines.join('\n') + '\n');
      });
    });
}
