// The notifier the engine pushes alerts and reports through: `notify` writes one outbox row per subscribed chat
// (at most once per event and chat, by the database's unique key) and a worker delivers the rows within each
// platform's limits. 429: wait what the platform names and retry; 403: unsubscribe the chat, the rest go on.
// Pending rows are picked up again at start.
import Bottleneck from 'bottleneck';
import type { Clock } from '../../engine/clock.ts';
import type { Notifier, OutboundMessage, Topic } from '../../engine/notify/notifier.ts';
import type { OutboxRow, OutboxStore } from '../../engine/notify/outbox-store.ts';
import type { ChatPlatform, SubscriptionStore } from '../../engine/notify/subscription-store.ts';
import { logger } from '../../log.ts';
import type { DeliveryChannel } from './delivery-channel.ts';
import { DeliveryError } from './delivery-error.ts';
import { PlatformPacer, sleep, type PaceLimits } from './platform-pacer.ts';

const log = logger('notifier');

export interface NotifierChannel {
  channel: DeliveryChannel;
  limits: PaceLimits;
}

export interface OutboxNotifierOptions {
  outbox: OutboxStore;
  subscriptions: SubscriptionStore;
  channels: NotifierChannel[];
  clock: Clock;
  /** Tries of one message part before it is rescheduled or given up (429 and network errors). */
  triesPerPart?: number;
  /** Longest 429 wait served in place; a longer one reschedules the row. */
  maxInlineWaitMs?: number;
  /** A row failing this many deliveries is given up. */
  maxAttempts?: number;
  /** How often the worker looks for due rows when nothing wakes it. */
  pollMs?: number;
}

export class OutboxNotifier implements Notifier {
  private readonly pacers = new Map<ChatPlatform, PlatformPacer>();
  private readonly channels = new Map<ChatPlatform, DeliveryChannel>();
  private readonly inFlight = new Map<number, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private pumpAgain = false;
  private running = false;
  private readonly triesPerPart: number;
  private readonly maxInlineWaitMs: number;
  private readonly maxAttempts: number;
  private readonly pollMs: number;

  constructor(private readonly opts: OutboxNotifierOptions) {
    for (const { channel, limits } of opts.channels) {
      this.channels.set(channel.platform, channel);
      this.pacers.set(channel.platform, new PlatformPacer(limits, (id) => channel.isGroup(id)));
    }
    this.triesPerPart = opts.triesPerPart ?? 4;
    this.maxInlineWaitMs = opts.maxInlineWaitMs ?? 60_000;
    this.maxAttempts = opts.maxAttempts ?? 6;
    this.pollMs = opts.pollMs ?? 5_000;
  }

  private get platforms(): ChatPlatform[] {
    return [...this.channels.keys()];
  }

  /** Abandons rows a previous process left mid-delivery, then delivers everything pending. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const abandoned = await this.opts.outbox.abandonInterrupted(this.platforms);
    if (abandoned > 0) log.warn({ abandoned }, 'outbox rows interrupted mid-delivery were not resent (at most once)');
    this.wake();
  }

  async notify(topic: Topic, message: OutboundMessage): Promise<void> {
    const chats = (await this.opts.subscriptions.list(topic)).filter((c) => this.channels.has(c.platform));
    const added = await this.opts.outbox.enqueue(topic, message, chats, new Date(this.opts.clock.now()));
    log.info({ topic, eventKey: message.eventKey, chats: chats.length, added }, 'notification queued');
    if (this.running) this.wake();
  }

  /** Stops delivering: queued rows stay pending for the next start; sends already under way finish first. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.all([...this.pacers.values()].map((p) => p.stop()));
    await this.pumping;
    await Promise.all(this.inFlight.values());
  }

  /** Resolves when no row is pending or under way (tests and the bench wait on it). */
  async idle(): Promise<void> {
    for (;;) {
      await this.pumping;
      await Promise.all(this.inFlight.values());
      if (this.inFlight.size === 0 && !this.pumping && (await this.opts.outbox.nextDueAt(this.platforms)) === null) return;
      await sleep(50);
    }
  }

  private wake(): void {
    if (!this.running) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = this.pump().finally(() => (this.pumping = undefined));
  }

  private async pump(): Promise<void> {
    try {
      do {
        this.pumpAgain = false;
        const rows = await this.opts.outbox.due(new Date(this.opts.clock.now()), 1000, this.platforms);
        for (const row of rows) {
          if (!this.running) return;
          if (this.inFlight.has(row.id)) continue;
          const done = this.deliverInTurn(row).finally(() => this.inFlight.delete(row.id));
          this.inFlight.set(row.id, done);
        }
        if (rows.length === 1000) this.pumpAgain = true;
      } while (this.pumpAgain && this.running);
      await this.armTimer();
    } catch (err) {
      log.error({ err }, 'outbox worker failed; retrying shortly');
      if (this.running) this.timer = setTimeout(() => this.wake(), this.pollMs);
    }
  }

  /** Sleeps until the next row falls due (a 429 or backoff), or the poll interval. */
  private async armTimer(): Promise<void> {
    if (!this.running) return;
    const next = await this.opts.outbox.nextDueAt(this.platforms);
    const wait = next ? Math.max(50, Math.min(this.pollMs, next.getTime() - this.opts.clock.now())) : this.pollMs;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), wait);
    this.timer.unref?.();
  }

  private async deliverInTurn(row: OutboxRow): Promise<void> {
    const pacer = this.pacers.get(row.platform)!;
    try {
      await pacer.inChatTurn(row.chatId, () => this.deliver(row, pacer));
    } catch (err) {
      // Dropped from the queue by stop(): the row was never claimed and stays pending.
      if (this.running) log.error({ err, id: row.id }, 'outbox delivery job failed');
    }
  }

  private async deliver(row: OutboxRow, pacer: PlatformPacer): Promise<void> {
    const { outbox, subscriptions } = this.opts;
    if (!this.running) return;
    if (!(await outbox.claim(row.id))) return; // delivered or taken by another worker meanwhile
    const channel = this.channels.get(row.platform)!;
    let sentParts = 0;
    try {
      const parts = channel.partsOf(row.payload);
      for (const part of parts) {
        await this.sendWithRetries(channel, pacer, row.chatId, part);
        sentParts++;
      }
      await outbox.markSent(row.id, new Date(this.opts.clock.now()));
    } catch (err) {
      if (err instanceof Bottleneck.BottleneckError && sentParts === 0) {
        // Stopped while waiting for a slot: nothing left the process, so the next start may send it.
        await outbox.reschedule(row.id, new Date(this.opts.clock.now()), 'stopped before sending');
        return;
      }
      const e = err instanceof DeliveryError ? err : undefined;
      const why = err instanceof Error ? err.message : String(err);
      if (e?.kind === 'chat-gone') {
        const chat = { platform: row.platform, chatId: row.chatId };
        await outbox.markFailed(row.id, why);
        const removed = await subscriptions.unsubscribe(chat);
        const dropped = await outbox.failChat(chat, `chat unreachable: ${why}`);
        log.warn({ platform: row.platform, chatId: row.chatId, removed, dropped, why }, 'chat unreachable: unsubscribed');
        return;
      }
      const retryable = !e || e.kind === 'rate-limited' || e.kind === 'transient';
      if (sentParts === 0 && retryable && row.attempts + 1 < this.maxAttempts) {
        const delay = e?.kind === 'rate-limited' ? e.retryAfterMs : backoffMs(row.attempts + 1);
        await outbox.reschedule(row.id, new Date(this.opts.clock.now() + delay), why);
        return;
      }
      // Part of the message reached the chat (or it never will): resending would repeat it, so give it up.
      await outbox.markFailed(row.id, sentParts > 0 ? `partly delivered (${sentParts} parts): ${why}` : why);
      log.warn({ id: row.id, platform: row.platform, chatId: row.chatId, why }, 'notification given up');
    }
  }

  /** One part: a 429 waits the time the platform names (short waits in place), network errors back off briefly. */
  private async sendWithRetries(channel: DeliveryChannel, pacer: PlatformPacer, chatId: string, part: unknown): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await pacer.send(chatId, () => channel.sendPart(chatId, part));
        return;
      } catch (err) {
        if (!(err instanceof DeliveryError) || attempt >= this.triesPerPart || !this.running) throw err;
        if (err.kind === 'rate-limited') {
          if (err.retryAfterMs > this.maxInlineWaitMs) throw err;
          pacer.holdChat(chatId, err.retryAfterMs);
          log.info({ platform: channel.platform, chatId, retryAfterMs: err.retryAfterMs }, 'rate limited: waiting as asked');
          continue;
        }
        if (err.kind === 'transient') {
          pacer.holdChat(chatId, 250 * 2 ** attempt);
          continue;
        }
        throw err;
      }
    }
  }
}

function backoffMs(attempts: number): number {
  return Math.min(10 * 60_000, 5_000 * 2 ** (attempts - 1));
}
