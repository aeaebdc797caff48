// The learned half of the catalog: every model generated from a family, with a stable id and a complete card.
import { describe, expect, it } from 'vitest';
import { learningModels } from '../../src/registry/learning-models.ts';
import { ruleModels } from '../../src/registry/rule-models.ts';

describe('learningModels()', () => {
  const models = learningModels();

  it('has 94 models in four categories, ids unique across the whole catalog', () => {
    const counts: Record<string, number> = {};
    for (const m of models) counts[m.category] = (counts[m.category] ?? 0) + 1;
    expect(counts).toEqual({ regression: 35, 'machine-learning': 19, neural: 10, ensemble: 30 });
    const ids = [...models, ...ruleModels()].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of models) expect(m.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('gives every model a card: name, description, JSON params, inputs and a history', () => {
    for (const m of models) {
      expect(m.name.length, m.id).toBeGreaterThan(5);
      expect(m.description.length, m.id).toBeGreaterThan(60);
      expect(JSON.parse(JSON.stringify(m.params)), m.id).toEqual(m.params);
      expect(m.inputs, m.id).toContain('close');
      expect(m.minHistory, m.id).toBeGreaterThanOrEqual(10);
      expect(['position', 'forecast']).toContain(m.output);
    }
    // classifiers and ensembles trade; regressions and nets forecast
    const kind = (id: string) => models.find((m) => m.id === id)?.output;
    expect(kind('rf-clf-tech-12')).toBe('position');
    expect(kind('rf-reg-tech-12')).toBe('forecast');
    expect(kind('nn-ff-8-4-lags10')).toBe('forecast');
    expect(kind('ens-perf-diversified-252')).toBe('position');
    expect(kind('ar-5')).toBe('forecast');
  });

  it('returns the same models on every call, in a fresh array', () => {
    const again = learningModels();
    expect(again).not.toBe(models);
    expect(again.map((m) => m.id)).toEqual(models.map((m) => m.id));
  });
});
