// The trader-phrasing table through the offline understander: each must produce exactly its intent and arguments.
import { afterAll, describe, expect, it } from 'vitest';
import { allIntents } from '../../src/agent/intents/index.ts';
import { understandText } from '../../src/agent/understand/offline-understander.ts';
import type { Vocabulary } from '../../src/agent/understand/understander.ts';
import { allModels, getModel } from '../../src/registry/catalog.ts';
import { NOT_AVAILABLE, TRADER_PHRASINGS } from './trader-phrasings.ts';

/** The embedded data: SPX daily to 2020-04-17, the five stocks monthly to 2010-03-01. */
const stocks = ['AAPL', 'AMZN', 'GOOG', 'IBM', 'MSFT'];
const vocabulary: Vocabulary = {
  symbols: [...stocks, 'SPX'],
  newest: { SPX: '2020-04-17', ...Object.fromEntries(stocks.map((s) => [s, '2010-03-01'])) },
  isModelId: (id) => !!getModel(id),
  today: '2026-11-20',
  timeframes: { SPX: ['1d'], ...Object.fromEntries(stocks.map((s) => [s, ['1mo']])) },
  models: allModels().map((m) => ({ id: m.id, output: m.output })),
};

let understood = 0;

describe('trader phrasings', () => {
  it('has at least 120 new phrasings, at least 25 of them answered "not available" or "did you mean"', () => {
    expect(TRADER_PHRASINGS.length + NOT_AVAILABLE.length).toBeGreaterThanOrEqual(120);
    expect(NOT_AVAILABLE.length).toBeGreaterThanOrEqual(25);
  });

  it.each(TRADER_PHRASINGS.map((p) => [p.text + (p.memory ? ' (after a conversation)' : ''), p] as const))('%s', (_label, p) => {
    const u = understandText(p.text, p.memory ?? {}, vocabulary, allIntents());
    expect(u.kind).toBe('intent');
    if (u.kind !== 'intent') return;
    expect({ name: u.intent.name, args: u.intent.args }).toEqual({ name: p.intent, args: p.args });
    understood++;
  });

  afterAll(() => {
    // The share the closing note reports (the table must be understood in full).
    console.log(`trader phrasings understood: ${understood}/${TRADER_PHRASINGS.length}`);
  });
});

describe('misspellings', () => {
  it('says how a corrected word was read', () => {
    const u = understandText('recomend something for aapl', {}, vocabulary, allIntents());
    expect(u).toMatchObject({ kind: 'intent', note: '(I read "recomend" as "recommend".)' });
  });
});
