// Chat memory lives in the database: after the core (and its database connection) is closed and started again on the
// same database, a follow-up still resolves "it" and the last window, and the bounded history is still there.
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { chatMessages } from '../../src/engine/db/schema/index.ts';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/agent/chat-message.ts';
import { ChatMemoryStore } from '../../src/engine/chat/chat-memory-store.ts';
import { parseChatState } from '../../src/agent/chat-state.ts';
import { loadConfig } from '../../src/config.ts';
import { openDb, type DbHandle } from '../../src/engine/db/database.ts';
import { createApp, type App } from '../../src/main.ts';
import { openTestDb, usingPostgres } from '../support/test-db.ts';
import { seededHome } from '../support/seeded-home.ts';

const home = await seededHome('mlt-restart-');
let pgUrl: string | undefined;
let cleanup: (() => Promise<void>) | undefined;

/** Opens the same database each time: a PGlite folder, or (PostgreSQL pass) one test database by URL. */
async function openSameDb(): Promise<DbHandle> {
  if (usingPostgres()) {
    if (!pgUrl) {
      const first = await openTestDb();
      pgUrl = first.url!;
      cleanup = () => first.close();
      return { ...first, close: async () => undefined };
    }
    return openDb({ databaseUrl: pgUrl });
  }
  return openDb({ home, noLock: true });
}

async function start(): Promise<App> {
  const config = loadConfig({ MLTRAINER_HOME: home, MLTRAINER_LOG_LEVEL: 'warn' });
  return createApp(config, { db: await openSameDb(), terminalLogs: false });
}

const tg = (text: string): ChatMessage => ({ platform: 'telegram', chatId: '777', userId: '5', text });

afterAll(async () => {
  await cleanup?.();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('chat memory across a restart', () => {
  it('resolves a follow-up after the core restarts on the same database', async () => {
    const first = await start();
    const r1 = await first.agent.handle(tg('backtest a 20/50 sma crossover on SPX since 2010'));
    expect(r1.intent).toEqual({ name: 'backtest', args: { model: 'sma-cross-20-50', symbol: 'SPX', from: '2010-01-01' } });
    await first.close();

    const second = await start();
    const r2 = await second.agent.handle(tg('now compare it with rsi'));
    expect(r2.intent).toEqual({ name: 'compare', args: { models: ['sma-cross-20-50', 'rsi-14-30-70'], symbol: 'SPX', from: '2010-01-01' } });
    expect(r2.replies[0]!.text).toBe('Comparison on SPX, 2010-01-04 to 2020-04-17 (2590 bars):');
    expect(r2.replies[0]!.code).toMatch(/sma-cross-20-50\s+55\.83%\s+4\.41%\s+0\.45\s+20\.56%\s+62/);
    expect(r2.replies[0]!.code).toMatch(/rsi-14-30-70\s+117\.04%\s+7\.83%\s+0\.60\s+29\.04%\s+23/);
    expect(r2.replies[0]!.code).toMatch(/buy-and-hold\s+153\.79%\s+9\.49%\s+0\.61\s+33\.92%\s+1/);

    const store = new ChatMemoryStore(second.db.db, parseChatState);
    const state = await store.load({ platform: 'telegram', chatId: '777' });
    expect(state).toMatchObject({ symbol: 'SPX', models: ['sma-cross-20-50', 'rsi-14-30-70'], from: '2010-01-01' });
    expect(state.lastBacktest).toMatchObject({ model: 'sma-cross-20-50', from: '2010-01-04', to: '2020-04-17', trades: 62 });
    expect(state.lastBacktest!.totalReturn).toBeCloseTo(0.5583, 4);
    const history = await store.history({ platform: 'telegram', chatId: '777' });
    expect(history.map((h) => h.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(history[0]!.content).toBe('backtest a 20/50 sma crossover on SPX since 2010');
    // Another chat has its own (empty) memory.
    expect(await store.load({ platform: 'telegram', chatId: '778' })).toEqual({});
    await second.close();
  });

  it('keeps a bounded history per chat', async () => {
    const app = await start();
    const store = new ChatMemoryStore(app.db.db, parseChatState, { historyLimit: 4 });
    const key = { platform: 'slack', chatId: 'C1' };
    for (let i = 1; i <= 5; i++) await store.saveTurn(key, null, [{ role: 'user', content: `q${i}` }, { role: 'assistant', content: `a${i}` }]);
    expect((await store.history(key)).map((h) => h.content)).toEqual(['q4', 'a4', 'q5', 'a5']);
    // the trim runs before a turn's own rows land: at most one turn more than the limit is ever kept
    const kept = await app.db.db.select().from(chatMessages).where(eq(chatMessages.chatId, 'C1'));
    expect(kept.length).toBeLessThanOrEqual(6);
    await app.close();
  });

  it('writes the exchanges of many chats at once together, each chat in order, its state the newest', async () => {
    const app = await start();
    const store = new ChatMemoryStore<{ n?: number }>(app.db.db, (v) => (v ?? {}) as { n?: number }, { historyLimit: 4 });
    const chats = Array.from({ length: 30 }, (_, c) => ({ platform: 'telegram', chatId: `G${c}` }));
    // Every chat saves 3 turns without waiting for the others (and one chat two turns at once).
    await Promise.all([
      ...chats.map(async (key, c) => {
        for (let i = 1; i <= 3; i++) await store.saveTurn(key, { n: c * 10 + i }, [{ role: 'user', content: `${key.chatId} q${i}` }, { role: 'assistant', content: `${key.chatId} a${i}` }]);
      }),
      store.saveTurn({ platform: 'slack', chatId: 'S' }, { n: 1 }, [{ role: 'user', content: 'first' }]),
      store.saveTurn({ platform: 'slack', chatId: 'S' }, { n: 2 }, [{ role: 'user', content: 'second' }]),
    ]);
    for (const [c, key] of chats.entries()) {
      expect((await store.history(key)).map((h) => h.content)).toEqual([`${key.chatId} q2`, `${key.chatId} a2`, `${key.chatId} q3`, `${key.chatId} a3`]);
      expect(await new ChatMemoryStore<{ n?: number }>(app.db.db, (v) => (v ?? {}) as { n?: number }).load(key)).toEqual({ n: c * 10 + 3 });
    }
    expect((await store.history({ platform: 'slack', chatId: 'S' })).map((h) => h.content)).toEqual(['first', 'second']);
    expect(await new ChatMemoryStore<{ n?: number }>(app.db.db, (v) => (v ?? {}) as { n?: number }).load({ platform: 'slack', chatId: 'S' })).toEqual({ n: 2 });
    await app.close();
  });
});
