// Many Telegram chats talking to `mltrainer start` at once through the loopback Bot API, with Telegram's limits
// enforced and faults injected (connections reset before a send is read, flood-wait 429s): each chat sends its next
// message when the last was answered, as people do. Used by the load test (small) and `npm run bench:load` (200 x 20).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTelegramFake } from '../fakes/telegram-server.ts';
import { runCli, startCli } from './run-cli.ts';

export interface ChatLoadOptions {
  chats: number;
  messagesPerChat: number;
  /** Every Nth send has its connection reset (0: never). */
  resetEvery: number;
  /** Every Nth send is answered 429 retry_after 1 (0: never). */
  rateLimitEvery: number;
  /** A PostgreSQL URL for the bot's database; PGlite in a fresh home otherwise. */
  databaseUrl?: string;
  /** A home that already holds a seeded database (the tests' copy, tests/support/seeded-home.ts); removed afterwards. */
  home?: string;
  timeoutMs: number;
}

export interface ChatLoadResult {
  sent: number;
  answered: number;
  /** Messages answered more than once. */
  duplicates: number;
  /** Answers that were not the answer to the message asked (wrong order or wrong command). */
  wrong: number;
  seconds: number;
  /** The bot process's peak resident memory (VmHWM), MB. */
  peakRssMb: number;
  faults: { resets: number; injected429: number; limit429: number };
}

/** Commands answered in one message each, with the start of that message. */
const COMMANDS: [string, RegExp][] = [
  ['/status', /^mlTrainer \d/],
  ['/data', /^The bar store holds/],
  ['/balance', /^Cash 100,000\.00/],
  ['/positions', /^No open positions/],
];

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export async function runChatLoad(opts: ChatLoadOptions): Promise<ChatLoadResult> {
  const tg = await startTelegramFake();
  const home = opts.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mlt-load-'));
  const env = { MLTRAINER_HOME: home, DATABASE_URL: opts.databaseUrl, PORT: '0', TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot };
  // The home is seeded first, so the bot's peak memory is the load's, not the first start's seeding.
  if (!opts.home || opts.databaseUrl) {
    const seeding = await runCli(['data', 'list'], { env });
    if (seeding.code !== 0) throw new Error(`seeding the home failed: ${seeding.stderr}`);
  }
  const bot = startCli(['start'], { env });
  try {
    const deadline = Date.now() + opts.timeoutMs;
    while (!tg.calls.some((c) => c.method === 'getUpdates')) {
      if (Date.now() > deadline) throw new Error('the bot did not start polling');
      await new Promise((r) => setTimeout(r, 50));
    }
    Object.assign(tg.knobs, { enforceLimits: true, resetEvery: opts.resetEvery, rateLimitEvery: opts.rateLimitEvery, retryAfterSeconds: 1 });
    const started = Date.now();
    const chats = Array.from({ length: opts.chats }, (_, i) => 7001 + i);
    const asked = new Map<number, number>(); // chat -> messages sent so far
    const push = (chat: number) => {
      const n = asked.get(chat) ?? 0;
      asked.set(chat, n + 1);
      tg.pushMessage(chat, COMMANDS[(chat + n) % COMMANDS.length]![0]);
    };
    for (const chat of chats) push(chat);
    // Each chat asks its next question once the last one is answered.
    await tg.waitFor(() => {
      for (const chat of chats) {
        const n = asked.get(chat)!;
        if (tg.sentTo(chat).length >= n && n < opts.messagesPerChat) push(chat);
      }
      return chats.every((c) => tg.sentTo(c).length >= opts.messagesPerChat);
    }, opts.timeoutMs);
    const seconds = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 2000)); // time for a second answer to show
    let answered = 0;
    let duplicates = 0;
    let wrong = 0;
    for (const chat of chats) {
      const answers = tg.sentTo(chat);
      answered += Math.min(answers.length, opts.messagesPerChat);
      duplicates += Math.max(0, answers.length - opts.messagesPerChat);
      answers.slice(0, opts.messagesPerChat).forEach((a, n) => {
        if (!COMMANDS[(chat + n) % COMMANDS.length]![1].test(a.plain)) wrong++;
      });
    }
    const peak = peakRssMb(bot.child.pid!);
    return {
      sent: opts.chats * opts.messagesPerChat,
      answered,
      duplicates,
      wrong,
      seconds,
      peakRssMb: Math.round(peak),
      faults: { resets: tg.faults.resets, injected429: tg.faults.injected429, limit429: tg.faults.limit429 },
    };
  } finally {
    bot.child.kill('SIGTERM');
    await bot.exited;
    await tg.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
