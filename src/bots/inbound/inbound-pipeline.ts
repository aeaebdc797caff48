// The one way a chat platform's update reaches the conversation core and its answer goes back, shared by the Telegram
// and Slack adapters (a platform folder only translates its payloads and renders replies). In order:
//   1. journal: the update is recorded with its message before the platform is told it arrived (the adapter awaits
//      `receive`), so a redelivery is never answered twice and a crash loses nothing: `resume` answers at the next
//      start what was received but not answered;
//   2. flood gate: the update waits its chat's turn; a chat sending too fast is told to slow down;
//   3. before: a platform step that must follow the recording (taking a pressed keyboard off its message);
//   4. the core: an exception becomes the apology, never a stack trace;
//   5. send: each reply in order, paced within the platform's limits and retried (the adapter's `send`), then the
//      update is marked answered; a notice the core sends before its answer (busy: N ahead of you) goes the same way.
import type { AgentResult, HandleOptions } from '../../agent/agent.ts';
import type { ChatMessage } from '../../agent/chat-message.ts';
import type { Reply } from '../../agent/reply.ts';
import { logger } from '../../log.ts';
import { ChatFloodGate, DEFAULT_FLOOD_LIMITS, SLOW_DOWN_TEXT, type FloodLimits } from './chat-flood-gate.ts';
import { parseJournalMessage } from './journal-message.ts';
import pRetry from 'p-retry';

/** How long a failing recording is retried before the update is given up (within telegraf's 90 s handler timeout). */
export const RECORD_RETRY_MS = 60_000;

export interface ChatCore {
  handle(message: ChatMessage, opts?: HandleOptions): Promise<AgentResult>;
}

/** Where updates are recorded until answered (the engine's HandledUpdateStore). */
export interface UpdateJournal {
  /** True the first time a key is seen. */
  record(platform: string, updateKey: string, entry: { chatId: string; message: Record<string, unknown>; target: unknown }): Promise<boolean>;
  finish(platform: string, updateKey: string, at: Date): Promise<void>;
  /** Takes over the updates received but left unanswered by a process that is gone (never one a live process answers). */
  claimUnanswered(platform: string): Promise<{ updateKey: string; chatId: string; message: Record<string, unknown>; target: unknown; receivedAt: Date; repliesSent: number }[]>;
  /** Notes how many parts of a multi-part answer are out, so an answer cut short is not sent again from the start. */
  noteRepliesSent(platform: string, updateKey: string, count: number): Promise<void>;
}

/** What a user reads when the core failed; the details go to the log. */
export const APOLOGY = 'Sorry, something went wrong on my side; the details are in the log.';

/** How a send ended: delivered, given up for good (the chat is gone, the message refused), or cut short by a stop. */
export type SendOutcome = 'sent' | 'given-up' | 'stopped';

export interface InboundPipelineOptions<Target> {
  platform: 'telegram' | 'slack';
  core: ChatCore;
  journal: UpdateJournal;
  flood?: FloodLimits;
  /** Sends one reply, paced and retried. */
  send(reply: Reply, target: Target): Promise<SendOutcome>;
  /** Sends the slow-down notice to a chat (its own message, not an answer). */
  sendNotice(chatId: string, reply: Reply): Promise<void>;
  /** Reads a target back from the journal (it was stored as JSON); null when it cannot be used. */
  targetFromJournal(stored: unknown): Target | null;
  /** How long a failing recording is retried (default RECORD_RETRY_MS; Slack must acknowledge within 3 s). */
  recordRetryMs?: number;
}

export interface InboundUpdate<Target> {
  /** The platform's id of the update (Telegram's update_id, Slack's event id or trigger id). */
  key: string;
  chatId: string;
  message: ChatMessage;
  /** Where the answer goes; stored as JSON with the update, so it must survive a JSON round trip. */
  target: Target;
  /** Runs after the recording, before the core (only for an update seen the first time). */
  before?: () => Promise<void>;
  /** Set for an update received before a restart: the answer says when it arrived. */
  receivedAt?: Date;
  /** Parts of the answer delivered before a restart: not sent again. */
  repliesSent?: number;
}

export class InboundPipeline<Target> {
  private readonly gate: ChatFloodGate;
  private readonly log;
  /** Per chat, the last recording under way. */
  private readonly recording = new Map<string, Promise<void>>();

  constructor(private readonly opts: InboundPipelineOptions<Target>) {
    this.log = logger(opts.platform);
    this.gate = new ChatFloodGate(opts.flood ?? DEFAULT_FLOOD_LIMITS, (chatId) => opts.sendNotice(chatId, { text: SLOW_DOWN_TEXT }));
  }

  /**
   * Records an update, then queues it in its chat's turn; resolves once it is recorded, which is when the platform may
   * be told it arrived. A redelivery of a recorded update is skipped.
   */
  async receive(update: InboundUpdate<Target>): Promise<void> {
    // A chat's updates are recorded one after another, so they queue in the order they arrived even when the
    // database answers concurrent inserts out of order (a PostgreSQL pool).
    const previous = this.recording.get(update.chatId) ?? Promise.resolve();
    const mine = previous.then(() => this.recordAndQueue(update));
    const tail = mine.catch(() => undefined);
    this.recording.set(update.chatId, tail);
    void tail.then(() => {
      if (this.recording.get(update.chatId) === tail) this.recording.delete(update.chatId);
    });
    return mine;
  }

  private async recordAndQueue(update: InboundUpdate<Target>): Promise<void> {
    const { platform, journal } = this.opts;
    // A database that fails for a moment must not lose the update: the platform is told it arrived only once it is
    // recorded, so the recording is retried (with backoff) for as long as the platform waits for the answer.
    const fresh = await pRetry(
      () =>
        journal.record(platform, update.key, {
          chatId: update.chatId,
          message: { ...update.message },
          // Wrapped: a bare string would come back from jsonb as a number when it looks like one (a Telegram chat id).
          target: { where: update.target },
        }),
      {
        retries: 30,
        minTimeout: 100,
        maxTimeout: 5_000,
        maxRetryTime: this.opts.recordRetryMs ?? RECORD_RETRY_MS,
        onFailedAttempt: ({ error, attemptNumber }) => this.log.warn({ err: error.message, key: update.key, attempt: attemptNumber }, `recording a ${platform} update failed; retrying`),
      },
    );
    if (!fresh) {
      this.log.info({ key: update.key }, `${platform} update seen before: skipped`);
      return;
    }
    this.queue(update);
  }

  /**
   * Queues the updates a process that is gone (this one's predecessor, or another instance on the same database)
   * received but did not answer; returns how many. Call before `receive`, and again from time to time when other
   * instances share the database.
   */
  async resume(): Promise<number> {
    const { platform, journal } = this.opts;
    const rows = await journal.claimUnanswered(platform);
    let queued = 0;
    for (const row of rows) {
      const message = parseJournalMessage(row.message);
      const target = this.opts.targetFromJournal((row.target as { where?: unknown } | null)?.where);
      if (!message || !target) {
        this.log.warn({ key: row.updateKey }, `${platform} update from before the restart cannot be read: given up`);
        await journal.finish(platform, row.updateKey, new Date());
        continue;
      }
      this.queue({ key: row.updateKey, chatId: row.chatId, message: { ...message, redelivered: true }, target, receivedAt: row.receivedAt, repliesSent: row.repliesSent });
      queued++;
    }
    if (queued > 0) this.log.info({ count: queued }, `${platform} updates received before the restart and not answered: answering them now`);
    return queued;
  }

  async stop(): Promise<void> {
    await this.gate.stop();
  }

  private queue(update: InboundUpdate<Target>): void {
    const { platform, journal } = this.opts;
    // A message dropped for flooding is answered by the slow-down notice: it must not come back after a restart.
    const dropped = () =>
      void journal.finish(platform, update.key, new Date()).catch((err: unknown) => this.log.warn({ err }, 'dropped update not marked'));
    this.gate.submit(update.chatId, () => this.run(update), dropped);
  }

  private async run(update: InboundUpdate<Target>): Promise<void> {
    const { platform, core, journal } = this.opts;
    await update.before?.();
    let replies: Reply[];
    try {
      // A notice sent before the answer (busy: N ahead of you) goes out at once, in the same way as the answer.
      replies = (await core.handle(update.message, { interim: async (r) => void (await this.opts.send(r, update.target)) })).replies;
    } catch (err) {
      this.log.error({ err, chatId: update.chatId }, `the core failed on a ${platform} message`);
      replies = [{ text: APOLOGY }];
    }
    if (update.receivedAt && replies.length > 0) replies = withLateNote(replies, update.receivedAt);
    // An answer cut short before a restart goes on after the parts already delivered (its last part says why late).
    for (let i = update.repliesSent ?? 0; i < replies.length; i++) {
      const outcome = await this.opts.send(replies[i]!, update.target);
      // Cut short by a stop: left unanswered in the journal, so the next start answers it.
      if (outcome === 'stopped') return;
      if (outcome === 'given-up') break;
      if (i < replies.length - 1) await journal.noteRepliesSent(platform, update.key, i + 1).catch((err: unknown) => this.log.warn({ err }, 'answer progress not noted'));
    }
    await journal.finish(platform, update.key, new Date());
  }
}

/** The last reply says the answer is late and why, so an answer minutes after the question is not a mystery. */
function withLateNote(replies: Reply[], receivedAt: Date): Reply[] {
  const at = receivedAt.toISOString().slice(11, 16);
  const last = replies[replies.length - 1]!;
  const note = `(Answered after a restart: your message arrived at ${at} UTC.)`;
  return [...replies.slice(0, -1), { ...last, text: `${last.text}\n${note}` }];
}
