// Chat states read together: many chats loading at once each get their own stored state (an empty one when the chat
// has none), from batched reads, on a store without a cache (as with a shared PostgreSQL database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ChatMemoryStore, HISTORY_LIMIT } from '../../../src/engine/chat/chat-memory-store.ts';
import { chatMessages } from '../../../src/engine/db/schema/index.ts';
import { openTestDb, type TestDb } from '../../support/test-db.ts';

interface State {
  last?: string;
}
const parse = (stored: unknown): State => (stored && typeof stored === 'object' ? (stored as State) : {});

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.close();
});

describe('chat memory', () => {
  it('loads 150 chats at once, each its own state', async () => {
    const writer = new ChatMemoryStore<State>(db.db, parse);
    await Promise.all(Array.from({ length: 120 }, (_, i) => writer.saveTurn({ platform: 'telegram', chatId: `c${i}` }, { last: `symbol ${i}` }, [])));
    const reader = new ChatMemoryStore<State>(db.db, parse);
    const states = await Promise.all(Array.from({ length: 150 }, (_, i) => reader.load({ platform: 'telegram', chatId: `c${i}` })));
    expect(states.slice(0, 120)).toEqual(Array.from({ length: 120 }, (_, i) => ({ last: `symbol ${i}` })));
    expect(states.slice(120)).toEqual(Array(30).fill({}));
    // The same chat on another platform is another chat.
    expect(await reader.load({ platform: 'slack', chatId: 'c1' })).toEqual({});
  });

  it('keeps the newest messages of a long chat, trimming every few exchanges', async () => {
    const store = new ChatMemoryStore<State>(db.db, parse);
    const key = { platform: 'slack', chatId: 'long' };
    const counts: number[] = [];
    for (let i = 1; i <= 30; i++) {
      await store.saveTurn(key, null, [{ role: 'user', content: `q${i}` }, { role: 'assistant', content: `a${i}` }]);
      counts.push((await db.db.select().from(chatMessages).where(eq(chatMessages.chatId, 'long'))).length);
    }
    const history = await store.history(key);
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history.at(-1)!.content).toBe('a30');
    expect(history[0]!.content).toBe(`q${30 - HISTORY_LIMIT / 2 + 1}`);
    // Never more than the limit, plus the messages since the last trim (half the limit), plus one exchange.
    expect(Math.max(...counts)).toBeLessThanOrEqual(HISTORY_LIMIT + HISTORY_LIMIT / 2 + 2);
    expect(Math.max(...counts)).toBeGreaterThan(HISTORY_LIMIT); // trimmed every few exchanges, not at each
  });
});
