// The catalog: ids, counts per family, categories, search, "did you mean" and the contract's model card.
import { describe, expect, it } from 'vitest';
import {
  allModels,
  categories,
  closestModelIds,
  editDistance,
  getModel,
  modelCard,
  searchModels,
} from '../../src/registry/catalog.ts';
import { ruleModels } from '../../src/registry/rule-models.ts';

describe('the model catalog', () => {
  it('has unique kebab-case ids and at least the rule models built here', () => {
    const ids = allModels().map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9.]+)*$/);
    expect(ruleModels()).toHaveLength(197);
    expect(ids.length).toBeGreaterThanOrEqual(200);
  });

  it('counts the rule models per category', () => {
    const counts: Record<string, number> = {};
    for (const m of ruleModels()) counts[m.category] = (counts[m.category] ?? 0) + 1;
    expect(counts).toEqual({
      benchmark: 1,
      trend: 54,
      'mean-reversion': 43,
      momentum: 19,
      volatility: 29,
      risk: 26,
      regime: 11,
      macro: 14,
    });
    for (const c of ['trend', 'mean-reversion', 'momentum', 'regression', 'machine-learning', 'neural', 'volatility', 'risk', 'regime', 'ensemble', 'macro'])
      expect(searchModels({ category: c }).length).toBeGreaterThan(0);
    for (const m of allModels()) expect(categories).toContain(m.category);
  });

  it('has the canonical and the named examples', () => {
    for (const id of [
      'buy-and-hold',
      'sma-cross-20-50',
      'ema-cross-12-26',
      'momentum-252',
      'momentum-252-21',
      'rsi-14-30-70',
      'price-above-sma-200',
      'garch-1-1',
      'gjr-garch-1-1',
      'vol-target-ewma-94-10',
      'var-hist-99-250',
      'es-hist-97.5-250',
      'var-cf-99-250',
      'hmm-2-state',
    ])
      expect(getModel(id), id).toBeDefined();
    expect(getModel('sma-cross-50-20')).toBeUndefined();
    expect(getModel('vol-target-ewma-94-10')?.output).toBe('position');
    expect(getModel('var-hist-99-250')?.output).toBe('risk');
    expect(getModel('hmm-2-state')?.regimeLabels).toEqual(['calm', 'turbulent']);
  });

  it('searches id, name and description case-insensitively, within a category', () => {
    const garch = searchModels({ search: 'GARCH' }).map((m) => m.id);
    expect(garch).toEqual(expect.arrayContaining(['garch-1-1', 'gjr-garch-1-1', 'vol-target-garch-10']));
    expect(searchModels({ category: 'volatility', search: 'garch' }).every((m) => m.category === 'volatility')).toBe(true);
    // found through the description only
    expect(searchModels({ search: 'wilder' }).map((m) => m.id)).toContain('rsi-14-30-70');
    expect(searchModels({ category: 'risk' }).every((m) => m.output === 'risk')).toBe(true);
    expect(searchModels({ category: 'nope' })).toEqual([]);
  });

  it('suggests the closest ids for a typo', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestModelIds('sma-cros-20-50')[0]).toBe('sma-cross-20-50');
    expect(closestModelIds('RSI-14-30-7', 1)).toEqual(['rsi-14-30-70']);
    expect(closestModelIds('rsi-14-30-80')).toEqual(['rsi-14-20-80', 'rsi-14-30-70', 'rsi-14-10-90']);
    expect(closestModelIds('garch', 2)).toHaveLength(2);
  });

  it('prints exactly the contract card', () => {
    const card = modelCard(getModel('sma-cross-20-50')!, { sharpe: 0.41 });
    expect(card).toEqual({
      id: 'sma-cross-20-50',
      name: 'SMA cross 20/50',
      category: 'trend',
      description: expect.stringContaining('20-bar simple moving average'),
      params: { fast: 20, slow: 50 },
      inputs: ['close'],
      output: 'position',
      minHistory: 50,
      metrics: { sharpe: 0.41 },
    });
    expect(Object.keys(modelCard(getModel('garch-1-1')!))).toEqual([
      'id',
      'name',
      'category',
      'description',
      'params',
      'inputs',
      'output',
      'minHistory',
      'metrics',
    ]);
    expect(modelCard(getModel('garch-1-1')!).metrics).toBeNull();
    expect(JSON.parse(JSON.stringify(modelCard(getModel('hmm-3-state')!))).params).toEqual({ states: 3, firstFit: 504, refitEvery: 252 });
  });
});
