// /recommend: models for a symbol from the measured leaderboard and the current regime, with their current signals.
import { z } from 'zod';
import type { Model } from '../../registry/model.ts';
import { num, pct } from '../format.ts';
import { defineIntent } from '../intent.ts';
import { formatTable, textReply } from '../reply.ts';
import { loadUsableModelData } from '../tasks/model-data.ts';
import { storedEvaluations } from '../tasks/stored-evaluations.ts';
import { symbolArg } from './arg-types.ts';
import { describe, latestValue, modelsOf, signalWord } from './forecasts.ts';

export const recommendIntent = defineIntent({
  name: 'recommend',
  description: 'Recommend models for a symbol from the measured leaderboard (stored walk-forward results) and the current regime, with their current signals.',
  usage: '/recommend SYMBOL',
  args: z.object({ symbol: symbolArg }),
  positional: ['symbol'],
  async run(args, ctx) {
    const symbol = args.symbol.toUpperCase();
    ctx.memory.symbol = symbol;
    const measured = (await storedEvaluations(ctx.services.db.db, { symbol }))
      .filter((e) => e.output === 'position' && typeof e.metrics.sharpe === 'number' && Number.isFinite(e.metrics.sharpe))
      .sort((a, b) => (b.metrics.sharpe as number) - (a.metrics.sharpe as number));
    if (measured.length === 0) {
      return [
        textReply(
          `I have no measured leaderboard for ${symbol} yet, so I will not recommend a model. Run /evaluate symbols=${symbol} (or \`mltrainer evaluate --symbols ${symbol}\`), then ask again.`,
        ),
      ];
    }
    const top = measured.slice(0, 3);
    const topModels = top.map((e) => ctx.services.models.get(e.modelId)).filter((m): m is Model => !!m);
    const regimeModels = modelsOf(ctx.services, 'regime');
    // A measured model whose series was removed since, or a regime model the data cannot serve, shows no reading.
    const sb = await loadUsableModelData(ctx.services, symbol, [...topModels, ...regimeModels]);
    const rows = [['model', 'Sharpe', 'return', 'max DD', 'window', 'signal now']];
    for (const e of top) {
      const m = ctx.services.models.get(e.modelId);
      const v = m && sb.usable.includes(m) ? latestValue(m, sb) : null;
      rows.push([
        e.modelId,
        num(e.metrics.sharpe as number),
        typeof e.metrics.totalReturn === 'number' ? pct(e.metrics.totalReturn) : '-',
        typeof e.metrics.maxDrawdown === 'number' ? pct(e.metrics.maxDrawdown) : '-',
        `${e.from}..${e.to}`,
        v ? `${signalWord(v.value)} (${v.date})` : '-',
      ]);
    }
    const regimeModel = regimeModels.find((m) => sb.usable.includes(m));
    const regime = regimeModel ? latestValue(regimeModel, sb) : null;
    const regimeLine = regime
      ? `Current regime: ${describe(regime, sb)}.`
      : regimeModels.length === 0
        ? 'No regime model is in the registry yet, so the regime is not part of this recommendation.'
        : `No regime model has a reading on ${symbol}'s data, so the regime is not part of this recommendation.`;
    ctx.memory.model = top[0]!.modelId;
    ctx.memory.ranking = { by: 'recommend', symbol, models: top.map((e) => e.modelId) };
    return [
      textReply(`Based on ${measured.length} measured position models on ${symbol}, ranked by walk-forward Sharpe ratio:`, { code: formatTable(rows) }),
      textReply(`${regimeLine}\nTop pick: ${top[0]!.modelId}. Past results do not guarantee future ones. Next: /backtest ${top[0]!.modelId} ${symbol}`),
    ];
  },
});
