// The one way a chat platform's update reaches the conversation core and its answer goes back, shared by the Telegram
// and Slack adapters (a platform folder only translates its payloads and renders replies). In order:
//   1. flood gate: the update waits its chat's turn; a chat sending too fast is told to slow down;
//   2. update ledger: the update's key is claimed in the database, so a redelivery is never answered twice;
//   3. before: a platform step that must follow the claim (taking a pressed keyboard off its message);
//   4. the core: an exception becomes the apology, never a stack trace;
//   5. send: each reply in order, stopping at the first that cannot be delivered.
import type { AgentResult, HandleOptions } from '../../agent/agent.ts';
import type { ChatMessage } from '../../agent/chat-message.ts';
import type { Reply } from '../../agent/reply.ts';
import { logger } from '../../log.ts';
import { ChatFloodGate, DEFAULT_FLOOD_LIMITS, SLOW_DOWN_TEXT, type FloodLimits } from './chat-flood-gate.ts';

export interface ChatCore {
  handle(message: ChatMessage, opts?: HandleOptions): Promise<AgentResult>;
}

/** Claims an update once: true the first time a key is seen. */
export interface UpdateLedger {
  claim(platform: string, updateKey: string): Promise<boolean>;
}

/** What a user reads when the core failed; the details go to the log. */
export const APOLOGY = 'Sorry, something went wrong on my side; the details are in the log.';

export interface InboundPipelineOptions<Target> {
  platform: 'telegram' | 'slack';
  core: ChatCore;
  ledger: UpdateLedger;
  flood?: FloodLimits;
  /** Sends one reply; false when it could not be delivered (the rest of the answer is then not sent). */
  send(reply: Reply, target: Target): Promise<boolean>;
  /** Sends the slow-down notice to a chat (its own message, not an answer). */
  sendNotice(chatId: string, reply: Reply): Promise<void>;
}

export interface InboundUpdate<Target> {
  /** The platform's id of the update (Telegram's update_id, Slack's event id or trigger id). */
  key: string;
  chatId: string;
  message: ChatMessage;
  target: Target;
  /** Runs after the claim, before the core (only for an update seen the first time). */
  before?: () => Promise<void>;
}

export class InboundPipeline<Target> {
  private readonly gate: ChatFloodGate;
  private readonly log;

  constructor(private readonly opts: InboundPipelineOptions<Target>) {
    this.log = logger(opts.platform);
    this.gate = new ChatFloodGate(opts.flood ?? DEFAULT_FLOOD_LIMITS, (chatId) => opts.sendNotice(chatId, { text: SLOW_DOWN_TEXT }));
  }

  /** Queues an update in its chat's turn; it runs only the first time its key is seen. */
  accept(update: InboundUpdate<Target>): void {
    this.gate.submit(update.chatId, () => this.run(update));
  }

  async stop(): Promise<void> {
    await this.gate.stop();
  }

  private async run(update: InboundUpdate<Target>): Promise<void> {
    const { platform, core, ledger } = this.opts;
    if (!(await ledger.claim(platform, update.key))) {
      this.log.info({ key: update.key }, `${platform} update seen before: skipped`);
      return;
    }
    await update.before?.();
    let replies: Reply[];
    try {
      // A notice sent before the answer (busy: N ahead of you) goes out at once, in the same way as the answer.
      replies = (await core.handle(update.message, { interim: async (r) => void (await this.opts.send(r, update.target)) })).replies;
    } catch (err) {
      this.log.error({ err, chatId: update.chatId }, `the core failed on a ${platform} message`);
      replies = [{ text: APOLOGY }];
    }
    for (const reply of replies) if (!(await this.opts.send(reply, update.target))) return;
  }
}
