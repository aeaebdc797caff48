// The notifier the engine pushes alerts and reports through: `notify` writes one outbox row per subscribed chat
// (at most once per event and chat, by the database's unique key) and a worker delivers the rows within each
// platform's limits. 429: wait what the platform names and retry; 403: unsubscribe the chat, the rest go on.
// A row is claimed only in its send slot, right before the request, so rows still waiting for a slot stay pending:
// a crash mid fan-out leaves them for the next start, and gives up (never resends) only the sends under way.
import type { AppMetrics } from '../../engine/metrics/app-metrics.ts';
import Bottleneck from 'bottleneck';
import type { Clock } from '../../engine/clock.ts';
import type { Notifier, OutboundMessage, Topic } from '../../engine/notify/notifier.ts';
import type { OutboxRow, OutboxStore } from '../../engine/notify/outbox-store.ts';
import type { ChatAddress, ChatPlatform, SubscriptionStore } from '../../engine/notify/subscription-store.ts';
import { AlertSettingsStore } from '../../engine/notify/alert-settings-store.ts';
import { logger } from '../../log.ts';
import type { DeliveryChannel } from './delivery-channel.ts';
import { DeliveryError } from './delivery-error.ts';
import { setTimeout as delay } from 'node:timers/promises';
import { PlatformPacer, type PaceLimits } from './platform-pacer.ts';

const log = logger('notifier');

export interface NotifierChannel {
  channel: DeliveryChannel;
  limits: PaceLimits;
  /** The platform's pacer when the adapter's replies use it too (one set of limits for both); else one of its own. */
  pacer?: PlatformPacer;
}

export interface OutboxNotifierOptions {
  outbox: OutboxStore;
  subscriptions: SubscriptionStore;
  channels: NotifierChannel[];
  clock: Clock;
  /** Each chat's choice per alert kind (on, silent, off); without it every alert goes to every subscribed chat. */
  alertSettings?: AlertSettingsStore;
  /** Tries of one message part before it is rescheduled or given up (429 and network errors). */
  triesPerPart?: number;
  /** Longest 429 wait served in place; a longer one reschedules the row. */
  maxInlineWaitMs?: number;
  /** A row failing this many deliveries is given up. */
  maxAttempts?: number;
  /** How often the worker looks for due rows when nothing wakes it. */
  pollMs?: number;
  /** Each delivery's latency (queued to sent) is measured here. */
  metrics?: AppMetrics;
}

export class OutboxNotifier implements Notifier {
  private readonly pacers = new Map<ChatPlatform, PlatformPacer>();
  /** The pacers made here (an adapter's shared pacer is stopped by its adapter). */
  private readonly ownPacers: PlatformPacer[] = [];
  private readonly channels = new Map<ChatPlatform, DeliveryChannel>();
  private readonly inFlight = new Map<number, Promise<void>>();
  /** Rows whose delivery ended since the current `due` query was sent. */
  private readonly endedDuringQuery = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private pumpAgain = false;
  private running = false;
  private readonly triesPerPart: number;
  private readonly maxInlineWaitMs: number;
  private readonly maxAttempts: number;
  private readonly pollMs: number;

  constructor(private readonly opts: OutboxNotifierOptions) {
    for (const { channel, limits, pacer } of opts.channels) {
      this.channels.set(channel.platform, channel);
      // Its own pacer counts on the notifier's clock, as its reschedules do.
      const own = pacer ? undefined : new PlatformPacer(limits, (id) => channel.isGroup(id), opts.clock);
      if (own) this.ownPacers.push(own);
      this.pacers.set(channel.platform, pacer ?? own!);
    }
    this.triesPerPart = opts.triesPerPart ?? 4;
    this.maxInlineWaitMs = opts.maxInlineWaitMs ?? 60_000;
    this.maxAttempts = opts.maxAttempts ?? 6;
    this.pollMs = opts.pollMs ?? 5_000;
  }

  private get platforms(): ChatPlatform[] {
    return [...this.channels.keys()];
  }

  /**
   * Picks up where a previous process left off: its latest sends keep counting against the limits, the rows it left
   * under way are given up (at most once), and everything pending is delivered.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const now = this.opts.clock.now();
    for (const sent of await this.opts.outbox.recentSends(new Date(now - RECALL_MS), this.platforms)) {
      this.pacers.get(sent.platform)?.recall(sent.chatId, sent.at ? now - sent.at.getTime() : 0);
    }
    const abandoned = await this.opts.outbox.abandonInterrupted(this.platforms);
    if (abandoned > 0) log.warn({ abandoned }, 'outbox rows interrupted mid-delivery were not resent (at most once)');
    this.wake();
  }

  async notify(topic: Topic, message: OutboundMessage): Promise<void> {
    const chats = (await this.opts.subscriptions.list(topic)).filter((c) => this.channels.has(c.platform));
    const now = new Date(this.opts.clock.now());
    let added: number;
    if (message.kind && this.opts.alertSettings) {
      // each chat's choice for this kind of alert: on, silent (no sound), or off (not queued at all)
      const modes = await this.opts.alertSettings.modesFor(chats, message.kind);
      const mode = (c: ChatAddress) => modes.get(AlertSettingsStore.keyOf(c));
      added =
        (await this.opts.outbox.enqueue(topic, message, chats.filter((c) => mode(c) === 'on'), now)) +
        (await this.opts.outbox.enqueue(topic, message, chats.filter((c) => mode(c) === 'silent'), now, { silent: true }));
    } else {
      added = await this.opts.outbox.enqueue(topic, message, chats, now);
    }
    log.info({ topic, eventKey: message.eventKey, chats: chats.length, added }, 'notification queued');
    if (this.running) this.wake();
  }

  /** Stops delivering: queued rows stay pending for the next start; sends already under way finish first. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.all(this.ownPacers.map((p) => p.stop()));
    await this.pumping;
    await Promise.all(this.inFlight.values());
  }

  /** Resolves when no row is pending or under way (tests and the bench wait on it). */
  async idle(): Promise<void> {
    for (;;) {
      await this.pumping;
      await Promise.all(this.inFlight.values());
      if (this.inFlight.size === 0 && !this.pumping && (await this.opts.outbox.nextDueAt(this.platforms)) === null) return;
      await delay(50);
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
        do {
          this.pumpAgain = false;
          const now = new Date(this.opts.clock.now());
          // Rows waiting for their slot are still pending: page past them by id rather than fetching them again.
          for (let afterId = 0; ; ) {
            this.endedDuringQuery.clear();
            const rows = await this.opts.outbox.due(now, 1000, this.platforms, afterId);
            for (const row of rows) {
              if (!this.running) return;
              // Under way, or its delivery ended while the query ran (the answer may predate its sent or retry time).
              if (this.inFlight.has(row.id) || this.endedDuringQuery.has(row.id)) continue;
              const done = this.deliverInTurn(row).finally(() => {
                this.inFlight.delete(row.id);
                this.endedDuringQuery.add(row.id);
              });
              this.inFlight.set(row.id, done);
            }
            if (rows.length < 1000) break;
            afterId = rows[rows.length - 1]!.id;
          }
        } while (this.pumpAgain && this.running);
        await this.armTimer();
        // A wake that came while the timer was being set (a notify) must not wait for the timer.
      } while (this.pumpAgain && this.running);
    } catch (err) {
      log.error({ err }, 'outbox worker failed; retrying shortly');
      if (this.running) this.timer = setTimeout(() => this.wake(), this.pollMs);
    }
  }

  /** Sleeps until the next row falls due (a 429 or backoff), or the poll interval. Rows due now are all under way. */
  private async armTimer(): Promise<void> {
    if (!this.running) return;
    const now = this.opts.clock.now();
    const next = await this.opts.outbox.nextDueAfter(new Date(now), this.platforms);
    const wait = next ? Math.max(50, Math.min(this.pollMs, next.getTime() - now)) : this.pollMs;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), wait);
    this.timer.unref?.();
  }

  private async deliverInTurn(row: OutboxRow): Promise<void> {
    // rows are read only for this notifier's platforms, and each has its pacer and channel
    const pacer = this.pacers.get(row.platform)!;
    try {
      await pacer.inChatTurn(row.chatId, () => this.deliver(row, pacer));
    } catch (err) {
      // Dropped from the queue by stop(): the row was never claimed and stays pending.
      if (this.running) log.error({ err, id: row.id }, 'outbox delivery job failed');
    }
  }

  /**
   * Delivers one row, part by part. The row is claimed (pending -> sending) only when its first send slot has come
   * up, right before the request; while it waits for a slot, or waits out a 429 before anything reached the chat,
   * it stays pending, so a crash then leaves it for the next start instead of giving it up.
   */
  private async deliver(row: OutboxRow, pacer: PlatformPacer): Promise<void> {
    const { outbox, subscriptions } = this.opts;
    if (!this.running) return;
    const channel = this.channels.get(row.platform)!; // a platform of ours: see deliverInTurn
    let parts: unknown[];
    try {
      parts = channel.partsOf(row.payload);
    } catch (err) {
      // Rendering is deterministic: trying again would fail the same way.
      await outbox.markFailed(row.id, `could not be rendered: ${err instanceof Error ? err.message : String(err)}`);
      log.error({ err, id: row.id }, 'notification could not be rendered');
      return;
    }
    const d: Delivery = { row, held: false, counted: false, sentParts: 0 };
    try {
      for (const part of parts) {
        await this.sendWithRetries(channel, pacer, d, part);
        d.sentParts++;
      }
      const sentAt = this.opts.clock.now();
      await outbox.markSent(row.id, new Date(sentAt));
      this.opts.metrics?.outboxDelivered({ platform: row.platform, seconds: Math.max(0, sentAt - row.createdAt.getTime()) / 1000 });
    } catch (err) {
      // Not taken (delivered, given up or taken meanwhile; or stopping) or dropped from the slot queue by stop():
      // nothing of it left the process and it is not ours, so it stays as it is.
      if (!d.held && (err instanceof RowNotTaken || err instanceof Bottleneck.BottleneckError)) return;
      const e = err instanceof DeliveryError ? err : undefined;
      const why = err instanceof Error ? err.message : String(err);
      if (!d.counted) {
        // The claim itself failed (the database): nothing was sent, and the next round picks the row up again.
        log.error({ err, id: row.id }, 'outbox row could not be claimed');
        return;
      }
      if (e?.kind === 'chat-gone') {
        const chat = { platform: row.platform, chatId: row.chatId };
        await outbox.markFailed(row.id, why);
        const removed = await subscriptions.unsubscribe(chat);
        const dropped = await outbox.failChat(chat, `chat unreachable: ${why}`);
        log.warn({ platform: row.platform, chatId: row.chatId, removed, dropped, why }, 'chat unreachable: unsubscribed');
        return;
      }
      const retryable = !e || e.kind === 'rate-limited' || e.kind === 'transient';
      if (d.sentParts === 0 && retryable && row.attempts + 1 < this.maxAttempts) {
        const delay = e?.kind === 'rate-limited' ? e.retryAfterMs : backoffMs(row.attempts + 1);
        await outbox.reschedule(row.id, new Date(this.opts.clock.now() + delay), why);
        return;
      }
      // Part of the message reached the chat (or it never will): resending would repeat it, so give it up.
      await outbox.markFailed(row.id, d.sentParts > 0 ? `partly delivered (${d.sentParts} parts): ${why}` : why);
      log.warn({ id: row.id, platform: row.platform, chatId: row.chatId, why }, 'notification given up');
    }
  }

  /** Claims the row in its send slot, right before the request (once per delivery, again after a put-back). */
  private async take(d: Delivery): Promise<void> {
    if (d.held) return;
    if (!this.running) throw new RowNotTaken('stopping');
    if (!(await this.opts.outbox.claim(d.row.id, !d.counted))) throw new RowNotTaken('no longer pending');
    d.held = true;
    d.counted = true;
  }

  /**
   * One part: a 429 waits the time the platform names (short waits in place), network errors back off briefly.
   * Before anything reached the chat, the row waits as pending, due when the retry is (a restart waits as long).
   */
  private async sendWithRetries(channel: DeliveryChannel, pacer: PlatformPacer, d: Delivery, part: unknown): Promise<void> {
    const chatId = d.row.chatId;
    for (let attempt = 1; ; attempt++) {
      try {
        await pacer.send(chatId, () => channel.sendPart(chatId, part), () => this.take(d));
        return;
      } catch (err) {
        if (!(err instanceof DeliveryError) || attempt >= this.triesPerPart || !this.running) throw err;
        let waitMs: number;
        if (err.kind === 'rate-limited') {
          if (err.retryAfterMs > this.maxInlineWaitMs) throw err;
          waitMs = err.retryAfterMs;
          log.info({ platform: channel.platform, chatId, retryAfterMs: waitMs }, 'rate limited: waiting as asked');
        } else if (err.kind === 'transient') {
          waitMs = 250 * 2 ** attempt;
        } else {
          throw err;
        }
        pacer.holdChat(chatId, waitMs);
        if (d.held && d.sentParts === 0) {
          await this.opts.outbox.reschedule(d.row.id, new Date(this.opts.clock.now() + waitMs), err.message);
          d.held = false;
        }
      }
    }
  }
}

/** One row's delivery in this process: whether it holds the row (`sending`), counted an attempt, parts sent. */
interface Delivery {
  readonly row: OutboxRow;
  held: boolean;
  counted: boolean;
  sentParts: number;
}

/** The row could not be claimed when its slot came up; nothing was sent. */
class RowNotTaken extends Error {
  override name = 'RowNotTaken';
}

/** How far back a start looks for its predecessor's sends: longer than any chat gap (3 s in Telegram groups). */
const RECALL_MS = 5_000;

function backoffMs(attempts: number): number {
  return Math.min(10 * 60_000, 5_000 * 2 ** (attempts - 1));
}
