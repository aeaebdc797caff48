// The offline understander over the table of phrasings: each must produce exactly its intent and arguments.
import { describe, expect, it } from 'vitest';
import { allIntents } from '../../src/agent/intents/index.ts';
import { closestNames } from '../../src/engine/use-cases/closest-names.ts';
import { understandText } from '../../src/agent/understand/offline-understander.ts';
import type { Vocabulary } from '../../src/agent/understand/understander.ts';
import { allModels, getModel } from '../../src/registry/catalog.ts';
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

describe('when the offline understander cannot help', () => {
  const reply = (text: string) => {
    const u = understandText(text, {}, vocabulary, allIntents());
    return u.kind === 'unknown' ? u.reply : `understood as ${u.kind}`;
  };

  it('answers a price question it cannot read with /quote first among the closest commands', () => {
    expect(reply("what's spx trading at?")).toBe('understood as intent');
    const r = reply('prices please');
    expect(r).toMatch(/^I did not understand "prices please"\. \/quote SYMBOL gives a symbol's latest price/);
    expect(r).toContain('The closest commands:\n/quote SYMBOL  ');
    expect(r).toContain('\n/positions  Show the open positions');
  });

  it('gives examples when nothing is close', () => {
    expect(reply('tell me a joke')).toMatch(/^I did not understand "tell me a joke"\. Try "backtest a 20\/50 sma crossover on SPX since 2010"/);
  });
});

describe('closest names for "did you mean"', () => {
  const ids = allModels().map((m) => m.id);

  it('puts ids that start with or contain the typed word before edit distance', () => {
    expect(closestNames('garch', ids)).toEqual(['garch-1-1', 'gjr-garch-1-1', 'vol-target-garch-10']);
  });

  it('finds a family from a misspelled word of its ids', () => {
    expect(closestNames('bolinger', ids)[0]).toMatch(/^bollinger-reversion-/);
    expect(closestNames('momentom', ids)[0]).toMatch(/^momentum-/);
    // A misspelled later word of an id is found as well as a first word.
    expect(closestNames('breakuot', ids)[0]).toMatch(/breakout/);
    expect(closestNames('reversoin', ids)[0]).toMatch(/reversion/);
  });

  it('keeps edit distance for mistyped ids and symbols', () => {
    expect(closestNames('sma-cros-20-50', ids)).toEqual(['sma-cross-20-50', 'ema-cross-20-50', 'sma-cross-10-50']);
    expect(closestNames('SPY', vocabulary.symbols)).toEqual(['SPX']);
    expect(closestNames('NASDAQ', vocabulary.symbols)).toEqual([]);
    expect(closestNames('ar', ['ar-1', 'garch-1-1'])).toEqual(['ar-1']);
  });
});
