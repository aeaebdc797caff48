// Chat states read together: many chats loading at once each get their own stored state (an empty one when the chat
// has none), from batched reads, on a store without a cache (as with a shared PostgreSQL database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatMemoryStore } from '../../../src/engine/chat/chat-memory-store.ts';
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
});
