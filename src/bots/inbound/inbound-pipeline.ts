// The one way a chat platform's update reaches the conversation core and its answer goes back, shared by the Telegram
// and Slack adapters (a platform folder only translates its payloads and renders replies). In order:
//   1. journal: the update is recorded with its message before the platform is told it arrived (the adapter awaits
//      `receive`), so a redelivery is never answered twice and a crash loses nothing: `resume` answers at the next
//      start what was received but not answered;
//   2. flood gate: the update waits its chat's turn; a chat sending too fast is told to slow down;
//   3. before: a platform step that must follow the recording (taking a pressed keyboard off its message);
//   4. the core: an exception becomes the apology, never a stack trace;
//   5. send: each reply in order, paced within the platform's limits and retried (the adapter's `send`), then the
//      update is marked answered.
import type { AgentResult } from '../../agent/agent.ts';
import type { ChatMessage } from '../../agent/chat-message.ts';
import type { Reply } from '../../agent/reply.ts';
import { logger } from '../../log.ts';
import { ChatFloodGate, DEFAULT_FLOOD_LIMITS, SLOW_DOWN_TEXT, type FloodLimits } from './chat-flood-gate.ts';
import { parseJournalMessage } from './journal-message.ts';

export interface ChatCore {
  handle(message: ChatMessage): Promise<AgentResult>;
}

/** Where updates are recorded until answered (the engine's HandledUpdateStore). */
export interface UpdateJournal {
  /** True the first time a key is seen. */
  record(platform: string, updateKey: string, entry: { chatId: string; message: Record<string, unknown>; target: unknown }): Promise<boolean>;
  finish(platform: string, updateKey: string, at: Date): Promise<void>;
  unanswered(platform: string): Promise<{ updateKey: string; chatId: string; message: Record<string, unknown>; target: unknown }[]>;
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
}

export class InboundPipeline<Target> {
  private readonly gate: ChatFloodGate;
  private readonly log;

  constructor(private readonly opts: InboundPipelineOptions<Target>) {
    this.log = logger(opts.platform);
    this.gate = new ChatFloodGate(opts.flood ?? DEFAULT_FLOOD_LIMITS, (chatId) => opts.sendNotice(chatId, { text: SLOW_DOWN_TEXT }));
  }

  /**
   * Records an update, then queues it in its chat's turn; resolves once it is recorded, which is when the platform may
   * be told it arrived. A redelivery of a recorded update is skipped.
   */
  async receive(update: InboundUpdate<Target>): Promise<void> {
    const { platform, journal } = this.opts;
    const fresh = await journal.record(platform, update.key, {
      chatId: update.chatId,
      message: { ...update.message },
      target: update.target,
    });
    if (!fresh) {
      this.log.info({ key: update.key }, `${platform} update seen before: skipped`);
      return;
    }
    this.queue(update);
  }

  /** Queues the updates a previous process received but did not answer; returns how many. Call before `receive`. */
  async resume(): Promise<number> {
    const { platform, journal } = this.opts;
    const rows = await journal.unanswered(platform);
    let queued = 0;
    for (const row of rows) {
      const message = parseJournalMessage(row.message);
      const target = this.opts.targetFromJournal(row.target);
      if (!message || !target) {
        this.log.warn({ key: row.updateKey }, `${platform} update from before the restart cannot be read: given up`);
        await journal.finish(platform, row.updateKey, new Date());
        continue;
      }
      this.queue({ key: row.updateKey, chatId: row.chatId, message: { ...message, redelivered: true }, target });
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
      replies = (await core.handle(update.message)).replies;
    } catch (err) {
      this.log.error({ err, chatId: update.chatId }, `the core failed on a ${platform} message`);
      replies = [{ text: APOLOGY }];
    }
    for (const reply of replies) {
      const outcome = await this.opts.send(reply, update.target);
      // Cut short by a stop: left unanswered in the journal, so the next start answers it.
      if (outcome === 'stopped') return;
      if (outcome === 'given-up') break;
    }
    await journal.finish(platform, update.key, new Date());
  }
}
