// Forecast intents: run registry models on the symbol's latest bars and report their newest value with its date and
// the model that produced it (signals, return forecasts, volatility, value at risk, regime).
import { z } from 'zod';
import { riskLevelOf } from '../../engine/evaluate/risk-measure.ts';
import { UserError } from '../../engine/user-error.ts';
import { requiredSeries } from '../../engine/data/model-inputs.ts';
import type { BarSeries, ExtraSeries, Model, OutputKind } from '../../registry/model.ts';
import { defineIntent } from '../intent.ts';
import { textReply, type Reply } from '../reply.ts';
import type { AgentServices } from '../services.ts';
import { loadModelData, loadUsableModelData, type ModelData } from '../../engine/use-cases/model-data.ts';
import { staleNote } from './data-age-note.ts';
import { requireModel, type SymbolBars } from '../../engine/use-cases/symbol-bars.ts';
import { EvaluationStore } from '../../engine/evaluate/evaluation-store.ts';
import { acceptsPercent, modelArg, symbolArg } from './arg-types.ts';
import { num, pct } from '../../format.ts';
import { isoDate } from '../../calendar/dates.ts';
import { PERIODS_PER_YEAR } from '../../engine/backtest/periods-per-year.ts';

/** At most this many models per answer: each one runs over the whole history. */
const MAX_MODELS = 3;
const SIGNAL_MODELS = ['sma-cross-20-50', 'ema-cross-12-26', 'momentum-252', 'rsi-14-30-70'];
const PREFERRED_VOLATILITY = ['garch-1-1'];
// One reading of each kind: the trend, the volatility, and the hidden Markov model's state.
const PREFERRED_REGIME = ['trend-regime-200', 'vol-regime-21-252', 'hmm-2-state'];

export interface LatestValue {
  model: Model;
  value: number;
  date: string;
  /** The model's caveats about this value (a GARCH fit that stopped before its tolerance), shown after it. */
  notes?: string[];
}

/** Runs the model on all bars (with the economic series it reads) and returns its newest finite value. */
export function latestValue(model: Model, data: { bars: BarSeries; series?: Readonly<Record<string, ExtraSeries>> }): LatestValue | null {
  const { bars, series } = data;
  const ran = model.runWithNotes ? model.runWithNotes({ bars, series, seed: 1 }) : { values: model.run({ bars, series, seed: 1 }), notes: [] };
  const out = ran.values;
  for (let t = out.length - 1; t >= 0; t--) {
    const v = out[t]!;
    const time = bars.time[t]!;
    const notes = ran.notes.filter((n) => n.from <= time && time <= n.to).map((n) => n.text);
    if (Number.isFinite(v)) return { model, value: v, date: isoDate(time), ...(notes.length > 0 ? { notes } : {}) };
  }
  return null;
}

/** The default models of a kind, preferred ones first; macro models stay out (they need series pulled first). */
export function modelsOf(services: AgentServices, output: OutputKind, preferred: readonly string[] = []): Model[] {
  const all = services.models.all().filter((m) => m.output === output && requiredSeries(m).length === 0);
  const first = preferred.map((id) => all.find((m) => m.id === id)).filter((m): m is Model => !!m);
  return [...first, ...all.filter((m) => !first.includes(m))];
}

/** How each kind is ranked when the symbol has stored walk-forward results (see leaderboard-metrics.ts). */
const RANK_BY: Partial<Record<OutputKind, { metric: string; words: string }>> = {
  forecast: { metric: 'sharpe', words: 'walk-forward Sharpe of trading their sign' },
  volatility: { metric: 'qlike', words: 'walk-forward QLIKE (lower is better)' },
  risk: { metric: 'kupiec', words: "Kupiec's test p-value of their walk-forward breaches" },
};

/**
 * The default models of a kind for a symbol: those measured on it first, best first by the kind's leaderboard
 * metric, then the rest in registry order. `basis` says which order was used, for the reply.
 */
async function rankedModelsOf(
  services: AgentServices,
  output: OutputKind,
  symbol: string,
  preferred: readonly string[] = [],
): Promise<{ models: Model[]; basis: string | null }> {
  const all = modelsOf(services, output, preferred);
  const rank = RANK_BY[output];
  if (!rank) return { models: all, basis: null };
  const board = await new EvaluationStore(services.db.db).leaderboard({ symbol: symbol.toUpperCase(), metric: rank.metric, output });
  const measured = board.rows.map((r) => all.find((m) => m.id === r.modelId)).filter((m): m is Model => !!m);
  if (measured.length === 0) {
    return { models: all, basis: `No ${output} model is evaluated on ${symbol.toUpperCase()} yet, so these are the defaults; /evaluate ranks them.` };
  }
  return { models: [...measured, ...all.filter((m) => !measured.includes(m))], basis: `Best measured on ${symbol.toUpperCase()} by ${rank.words}.` };
}

/** One sentence over several return forecasts: how many point up, and their mean. */
function consensus(values: LatestValue[]): string | null {
  const f = values.filter((v) => v.model.output === 'forecast');
  if (f.length < 2) return null;
  const up = f.filter((v) => v.value > 0).length;
  const mean = f.reduce((a, v) => a + v.value, 0) / f.length;
  const lean = up === f.length ? 'all expect a rise' : up === 0 ? 'all expect a fall' : `${up} of ${f.length} expect a rise`;
  return `Together: ${lean}; their mean expected next-bar return is ${pct(mean, 3)}.`;
}

export function signalWord(w: number): string {
  return w > 0 ? (w >= 1 ? 'long' : `long ${pct(w, 0)}`) : w < 0 ? (w <= -1 ? 'short' : `short ${pct(-w, 0)}`) : 'flat (out of the market)';
}

export function describe(v: LatestValue, sb: SymbolBars): string {
  const line = describeValue(v, sb);
  return v.notes?.length ? `${line}. ${v.notes.join(' ')}` : line;
}

function describeValue(v: LatestValue, sb: SymbolBars): string {
  const perYear = Math.sqrt(PERIODS_PER_YEAR[sb.timeframe]);
  switch (v.model.output) {
    case 'position':
      return `${v.model.id}: ${signalWord(v.value)} (target weight ${num(v.value)}) after the close of ${v.date}`;
    case 'forecast':
      return `${v.model.id}: expected next-bar return ${pct(v.value, 3)} after the close of ${v.date}`;
    case 'volatility':
      return `${v.model.id}: next-bar volatility ${pct(v.value, 3)}${Number.isFinite(perYear) ? ` (${pct(v.value * perYear)} annualised)` : ''}, from ${v.date}`;
    case 'risk': {
      const level = riskLevelOf(v.model);
      const measure = v.model.params.measure === 'es' ? 'expected shortfall (the mean loss beyond the VaR)' : 'value at risk';
      return `${v.model.id}: next-bar ${measure}${level ? ` at ${pct(level, level * 100 === Math.round(level * 100) ? 0 : 1)}` : ''} ${pct(v.value)} loss, from ${v.date}`;
    }
    case 'regime': {
      const label = v.model.regimeLabels?.[v.value] ?? `state ${v.value}`;
      return `${v.model.id}: ${label} (state ${v.value}) on ${v.date}`;
    }
  }
}

/**
 * The newest value of each model. A model the user named must run on the data or the request is refused with why;
 * from a default list, the first MAX_MODELS that can run are used (close-only data rules out the range estimators).
 */
async function runLatest(
  services: AgentServices,
  models: Model[],
  symbol: string,
  what: string,
  named: boolean,
  limit = MAX_MODELS,
): Promise<{ sb: SymbolBars; lines: string[]; values: LatestValue[] }> {
  let sb: ModelData;
  let run: Model[];
  const lines: string[] = [];
  if (named) {
    sb = await loadModelData(services, symbol, models);
    run = models;
  } else {
    const loaded = await loadUsableModelData(services, symbol, models);
    sb = loaded;
    run = loaded.usable.slice(0, limit);
    if (run.length === 0) for (const r of loaded.refused.slice(0, limit)) lines.push(r.reason);
  }
  const values: LatestValue[] = [];
  for (const m of run) {
    const v = latestValue(m, sb);
    if (v) {
      values.push(v);
      lines.push(describe(v, sb));
    } else lines.push(`${m.id}: no ${what} yet (needs ${m.minHistory} bars; ${sb.symbol} has ${sb.bars.length})`);
  }
  return { sb, lines, values };
}

/** The answer's text with the data-age sentence after its first line when the newest bar is not today's market. */
function withDataAge(services: AgentServices, sb: SymbolBars, text: string): string {
  const note = staleNote(services, sb.symbol, newestDate(sb), sb.timeframe);
  if (!note) return text;
  const cut = text.indexOf('\n');
  return cut < 0 ? `${text}\n${note}` : `${text.slice(0, cut)}\n${note}${text.slice(cut)}`;
}

function newestDate(sb: SymbolBars): string {
  return isoDate(sb.bars.time[sb.bars.length - 1]!);
}

function noModels(output: OutputKind, symbol: string): Reply[] {
  return [textReply(`The registry has no ${output} models yet, so I cannot give a ${output} reading for ${symbol}. Send /models to see what there is.`)];
}

export const predictIntent = defineIntent({
  name: 'predict',
  description: "A symbol's newest forecast or trading signal: the expected next-bar return from forecast models, or a named model's current signal.",
  usage: '/predict SYMBOL [MODEL]',
  args: z.object({ symbol: symbolArg, model: modelArg.optional() }),
  positional: ['symbol', 'model'],
  async run(args, ctx) {
    ctx.memory.symbol = args.symbol.toUpperCase();
    let models: Model[];
    let note = '';
    let limit = MAX_MODELS;
    if (args.model) {
      models = [requireModel(ctx.services, args.model)];
      ctx.memory.model = models[0]!.id;
    } else {
      const ranked = await rankedModelsOf(ctx.services, 'forecast', args.symbol);
      models = ranked.models;
      if (ranked.basis) note = `${ranked.basis}\n`;
      if (models.length === 0) {
        models = SIGNAL_MODELS.map((id) => ctx.services.models.get(id)).filter((m): m is Model => !!m);
        limit = models.length;
        note = 'The registry has no return-forecast models yet; these are the current signals of the canonical position models.\n';
      }
    }
    if (models.length === 0) return noModels('forecast', args.symbol);
    const { sb, lines, values } = await runLatest(ctx.services, models, args.symbol, 'value', !!args.model, limit);
    const together = consensus(values);
    return [textReply(withDataAge(ctx.services, sb, `${note}${sb.symbol}, newest bar ${newestDate(sb)}:\n${lines.join('\n')}${together ? `\n${together}` : ''}`))];
  },
});

export const volatilityIntent = defineIntent({
  name: 'volatility',
  description: "Forecast a symbol's next-bar volatility with volatility models (GARCH and others), per bar and annualised.",
  usage: '/volatility SYMBOL [MODEL]',
  args: z.object({ symbol: symbolArg, model: modelArg.optional() }),
  positional: ['symbol', 'model'],
  async run(args, ctx) {
    ctx.memory.symbol = args.symbol.toUpperCase();
    const ranked = args.model ? null : await rankedModelsOf(ctx.services, 'volatility', args.symbol, PREFERRED_VOLATILITY);
    const models = ranked ? ranked.models : [requireModel(ctx.services, args.model ?? '', 'volatility')];
    if (models.length === 0) return noModels('volatility', args.symbol);
    const { sb, lines } = await runLatest(ctx.services, models, args.symbol, 'forecast', !!args.model);
    return [textReply(withDataAge(ctx.services, sb, `Volatility forecast for ${sb.symbol} after the close of ${newestDate(sb)}:\n${lines.join('\n')}${ranked?.basis ? `\n${ranked.basis}` : ''}`))];
  },
});

export const riskIntent = defineIntent({
  name: 'risk',
  description: "A symbol's next-bar value at risk (the loss not exceeded at a confidence level) from the risk models.",
  usage: '/risk SYMBOL [LEVEL]',
  args: z.object({
    symbol: symbolArg,
    level: acceptsPercent(z.number().gt(0.5).lt(1).describe('Confidence level as a fraction, e.g. 0.95 or 0.99')).optional(),
  }),
  positional: ['symbol', 'level'],
  async run(args, ctx) {
    ctx.memory.symbol = args.symbol.toUpperCase();
    const ranked = await rankedModelsOf(ctx.services, 'risk', args.symbol);
    let all = ranked.models;
    if (args.level !== undefined) {
      all = all.filter((m) => {
        const l = riskLevelOf(m);
        return l !== undefined && Math.abs(l - args.level!) < 1e-9;
      });
      if (all.length === 0) throw new UserError(`No risk model works at the ${pct(args.level, 1)} level; try 0.95 or 0.99.`);
    }
    if (all.length === 0) return noModels('risk', args.symbol);
    const { sb, lines } = await runLatest(ctx.services, all, args.symbol, 'estimate', false);
    return [
      textReply(
        withDataAge(ctx.services, sb, `Risk for ${sb.symbol} after the close of ${newestDate(sb)} (the loss a bad next bar should not exceed at each model's level):\n${lines.join('\n')}\n${ranked.basis}`),
      ),
    ];
  },
});

export const regimeIntent = defineIntent({
  name: 'regime',
  description: "The market regime a symbol is in now (calm or turbulent, trending or not), from the regime models.",
  usage: '/regime SYMBOL',
  args: z.object({ symbol: symbolArg }),
  positional: ['symbol'],
  async run(args, ctx) {
    ctx.memory.symbol = args.symbol.toUpperCase();
    const models = modelsOf(ctx.services, 'regime', PREFERRED_REGIME);
    if (models.length === 0) return noModels('regime', args.symbol);
    const { sb, lines } = await runLatest(ctx.services, models, args.symbol, 'state', false);
    return [textReply(withDataAge(ctx.services, sb, `Regime of ${sb.symbol} on ${newestDate(sb)}:\n${lines.join('\n')}`))];
  },
});
