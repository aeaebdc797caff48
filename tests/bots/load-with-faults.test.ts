// Many chats at once through a loopback Bot API that enforces Telegram's limits and injects faults (connections reset
// before a send is read, flood-wait 429s): every message is answered exactly once, in order, and the process's memory
// stays under a bound. CI runs 24 chats x 4 messages (96 sends: 4 of them reset, 3 answered 429, every chat's answers
// in order); LOAD_CHATS and LOAD_MESSAGES run the full 200 x 20 (`npm run bench:load` prints the figures the README
// records).
import { describe, expect, it } from 'vitest';
import { runChatLoad } from '../support/chat-load.ts';
import { seededHome } from '../support/seeded-home.ts';
import { createScratchDatabase } from '../support/test-db.ts';

const CHATS = Number(process.env.LOAD_CHATS ?? 24);
const MESSAGES = Number(process.env.LOAD_MESSAGES ?? 4);
/** The bound the README states: the embedded database (about 330 MB alone) and the app under this load. */
const MEMORY_BOUND_MB = 900;

describe('replies under load with faults', () => {
  it(`answers ${CHATS} chats x ${MESSAGES} messages exactly once despite socket resets and 429s`, async () => {
    const scratch = await createScratchDatabase();
    try {
      const r = await runChatLoad({ chats: CHATS, messagesPerChat: MESSAGES, resetEvery: 23, rateLimitEvery: 31, databaseUrl: scratch.url, home: await seededHome('mlt-load-'), timeoutMs: 400_000 });
      expect(r.faults.resets).toBeGreaterThan(0);
      expect(r.faults.injected429).toBeGreaterThan(0);
      expect({ answered: r.answered, duplicates: r.duplicates, wrong: r.wrong }).toEqual({ answered: CHATS * MESSAGES, duplicates: 0, wrong: 0 });
      expect(r.peakRssMb).toBeLessThan(MEMORY_BOUND_MB);
    } finally {
      await scratch.drop();
    }
  }, 600_000);
});
