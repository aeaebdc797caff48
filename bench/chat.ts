// Benchmark of the Telegram adapter end to end: 1,000 commands that need no LLM (/help, /status, /data) from 100
// chats, each chat sending its next message when the previous one is answered, through telegraf's long polling
// against the loopback Bot API. Prints throughput and update-to-reply latency, beside the core alone (the peer:
// `MlAgent.handle` without any platform), so the adapter's own cost shows.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { HttpServer } from '../src/bots/http/http-server.ts';
import { startPlatforms } from '../src/cli/start-platforms.ts';
import { startTelegramFake } from '../tests/fakes/telegram-server.ts';
import { createTestApp } from '../tests/support/test-app.ts';

const CHATS = 100;
const PER_CHAT = 10;
const COMMANDS = ['/help', '/status', '/data'];
const PACED_RATE = 40;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(name: string, latencies: number[], wallMs: number): string {
  const s = [...latencies].sort((a, b) => a - b);
  const rate = (latencies.length / wallMs) * 1000;
  return `${name.padEnd(34)} ${String(latencies.length).padStart(5)} msgs  ${rate.toFixed(0).padStart(6)} msg/s  p50 ${percentile(s, 50).toFixed(1).padStart(6)} ms  p99 ${percentile(s, 99).toFixed(1).padStart(6)} ms  max ${s[s.length - 1]!.toFixed(1).padStart(6)} ms`;
}

/** 100 chats at once, each sending its next command when the last was answered, to the core alone. */
async function runCore(agent: Awaited<ReturnType<typeof createTestApp>>['agent']): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CHATS }, async (_, c) => {
      for (let k = 0; k < PER_CHAT; k++) {
        const t0 = performance.now();
        await agent.handle({ platform: 'telegram', chatId: String(500_000 + c), userId: String(500_000 + c), text: COMMANDS[(c + k) % COMMANDS.length]! });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}

export interface ChatCoreBench {
  messages: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** The core alone (for `npm run bench`): throughput and latency beside issue 15's targets (1,000 msg/s, p99 150 ms). */
export async function benchChatCore(): Promise<ChatCoreBench> {
  const app = await createTestApp();
  for (let i = 0; i < 3; i++) await app.agent.handle({ platform: 'telegram', chatId: String(999_000 + i), userId: '1', text: COMMANDS[i]! });
  const { latencies, wallMs } = await runCore(app.agent);
  await app.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const result = { messages: latencies.length, perSecond: (latencies.length / wallMs) * 1000, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  console.log(summary('core alone (MlAgent.handle)', latencies, wallMs));
  console.log(`targets: at least 1,000 msg/s (${result.perSecond >= 1000 ? 'met' : 'missed'}), p99 under 150 ms (${result.p99 < 150 ? 'met' : 'missed'})`);
  return result;
}

async function main(): Promise<void> {
  const fake = await startTelegramFake();
  const app = await createTestApp({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
  const http = new HttpServer(async () => ({}));
  await http.listen(0, '127.0.0.1');
  fake.knobs.maxPollSeconds = 50;
  // Replies are paced within Telegram's limits (30/s, 1/s per chat) in production; here the pacer is opened up so the
  // adapter's own cost shows (the loopback Bot API enforces nothing), as the figures in the README say.
  const limits = { telegram: { chatGapMs: 0 } };
  const running = await startPlatforms({ config: app.config, core: app.agent, db: app.db.db, clock: app.clock }, http, { limits });

  // Warm-up: the first answers compile code paths and fill the store's caches.
  for (let i = 0; i < 3; i++) {
    fake.pushMessage(999_000 + i, COMMANDS[i]!);
    await fake.waitFor(() => fake.sentTo(999_000 + i).length >= 1, 60_000);
  }

  // The peer: the core alone, same commands, same concurrency.
  const { latencies: coreLatencies, wallMs: coreWall } = await runCore(app.agent);

  // Through Telegram: update pushed to the Bot API -> reply received by the Bot API (the fake's clock).
  const latencies: number[] = [];
  const sentBefore = fake.sent.length;
  const start = Date.now();
  await Promise.all(
    Array.from({ length: CHATS }, async (_, c) => {
      const chatId = 1000 + c;
      for (let k = 0; k < PER_CHAT; k++) {
        const pushed = Date.now();
        const t0 = performance.now();
        fake.pushMessage(chatId, COMMANDS[(c + k) % COMMANDS.length]!);
        await fake.waitFor(() => fake.sentTo(chatId).length >= k + 1, 60_000);
        latencies.push(Math.max(performance.now() - t0, fake.sentTo(chatId)[k]!.at - pushed));
      }
    }),
  );
  const wall = Date.now() - start;
  const replies = fake.sent.length - sentBefore;

  // Below saturation: the same 1,000 commands sent at a steady rate, round-robin over the chats, so latency is the
  // time to answer one message rather than the time spent queueing behind the others.
  const paced: number[] = [];
  const pacedStart = Date.now();
  const waits: Promise<void>[] = [];
  for (let i = 0; i < CHATS * PER_CHAT; i++) {
    const chatId = 200_000 + (i % CHATS);
    const k = Math.floor(i / CHATS);
    const due = pacedStart + (i * 1000) / PACED_RATE;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    const pushed = Date.now();
    const t0 = performance.now();
    fake.pushMessage(chatId, COMMANDS[i % COMMANDS.length]!);
    waits.push(
      fake.waitFor(() => fake.sentTo(chatId).length >= k + 1, 60_000).then(() => {
        paced.push(Math.max(performance.now() - t0, fake.sentTo(chatId)[k]!.at - pushed));
      }),
    );
  }
  await Promise.all(waits);
  const pacedWall = Date.now() - pacedStart;

  console.log(`chat benchmark: ${CHATS} chats x ${PER_CHAT} messages (${COMMANDS.join(', ')}), node ${process.version}`);
  console.log(summary('core alone (MlAgent.handle)', coreLatencies, coreWall));
  console.log(summary('telegram adapter, long polling', latencies, wall));
  console.log(summary(`telegram adapter, paced ${PACED_RATE} msg/s`, paced, pacedWall));
  if (replies !== CHATS * PER_CHAT) console.log(`note: ${replies} reply messages for ${CHATS * PER_CHAT} commands`);

  await running.stop();
  await http.close();
  await app.close();
  await fake.close();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
