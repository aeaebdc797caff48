// The offline understander over the table of phrasings: each must produce exactly its intent and arguments.
import { describe, expect, it } from 'vitest';
import { allIntents } from '../../src/agent/intents/index.ts';
import { understandText } from '../../src/agent/understand/offline-understander.ts';
import type { Vocabulary } from '../../src/agent/understand/understander.ts';
import { getModel } from '../../src/registry/catalog.ts';
import { PHRASINGS } from './offline-phrasings.ts';

/** The embedded data's symbols and newest bars (SPX daily to 2020-04-17, monthly stocks to 2010-03-01). */
const vocabulary: Vocabulary = {
  symbols: ['AAPL', 'AMZN', 'GOOG', 'IBM', 'MSFT', 'SPX'],
  newest: { SPX: '2020-04-17', AAPL: '2010-03-01', AMZN: '2010-03-01', GOOG: '2010-03-01', IBM: '2010-03-01', MSFT: '2010-03-01' },
  isModelId: (id) => !!getModel(id),
  today: '2026-11-20',
};

describe('offline understander', () => {
  it('has a table of at least 150 phrasings', () => {
    expect(PHRASINGS.length).toBeGreaterThanOrEqual(150);
  });

  it.each(PHRASINGS.map((p) => [p.text + (p.memory ? ' (after a conversation)' : ''), p] as const))('%s', (_label, p) => {
    const u = understandText(p.text, p.memory ?? {}, vocabulary, allIntents());
    if (p.intent === null) {
      expect(u.kind).toBe('unknown');
      return;
    }
    expect(u.kind).toBe('intent');
    if (u.kind !== 'intent') return;
    expect({ name: u.intent.name, args: u.intent.args }).toEqual({ name: p.intent, args: p.args });
  });
});
