// `npm run bench:load`: 200 Telegram chats x 20 messages through the loopback Bot API with Telegram's limits enforced
// and faults injected (a connection reset every 23rd send, a flood-wait 429 every 31st), against `mltrainer start` on a
// seeded embedded database. Prints messages answered of sent, duplicates, the time taken beside the floor Telegram's
// 30 messages a second sets, and the bot's peak memory. Never asserts (the machine may be shared).
import { runChatLoad } from '../tests/support/chat-load.ts';

const chats = Number(process.env.LOAD_CHATS ?? 200);
const messages = Number(process.env.LOAD_MESSAGES ?? 20);
const r = await runChatLoad({ chats, messagesPerChat: messages, resetEvery: 23, rateLimitEvery: 31, databaseUrl: process.env.DATABASE_URL, timeoutMs: 30 * 60_000 });
const floor = (chats * messages) / 30;
console.log(`chat load: ${chats} chats x ${messages} messages through the loopback Bot API (limits enforced, faults injected)`);
console.log(`  answered ${r.answered} of ${r.sent}; duplicates ${r.duplicates}; wrong or out of order ${r.wrong}`);
console.log(`  faults: ${r.faults.resets} connections reset, ${r.faults.injected429} flood-wait 429s, ${r.faults.limit429} 429s for breaking a limit`);
console.log(`  took ${r.seconds.toFixed(1)} s (Telegram's 30 messages a second make ${floor.toFixed(1)} s the floor)`);
console.log(`  bot's peak memory ${r.peakRssMb} MB`);
